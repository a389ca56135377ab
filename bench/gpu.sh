#!/usr/bin/env bash
# The whole bench (docs/design.md §9) on a machine with a GPU, also one with no Node and
# no internet: run bench/pack.sh where npm works, carry .node/pack, .node/bench and .gl
# with the working tree, then here
#
#   bench/gpu.sh [--quick] [--out DIR] [--swiftshader] [--node PATH] [--no-browser] [-- bench flags]
#
# 1. The Node bench (Dawn) with --cnn and a GPU's d list: every section, the tile table,
#    the RBD overhead of FC- and CNN-MNIST.
# 2. The same in Chromium, with the TensorFlow.js peers (SGD and RBD), only where a
#    chromium binary, Playwright and Vite exist (a full checkout's node_modules); it says
#    so when it skips.
# Results go to bench/results/<device>-<date>[-quick]/ (the device as the Node bench's
# JSON names its adapter), or to --out DIR: each run's JSON and markdown table, and
# log.txt with all that was printed. Folders ending in -quick are git-ignored; a real
# run's folder is meant to be committed.
#
#   --quick        a dry run at the bench's --quick sizes, on whatever adapter exists
#   --swiftshader  bench Chromium's SwiftShader (no GPU); without it a GPU driver is required
#   --node PATH    the Node to run (or BENCH_NODE=PATH); by default .node/bin/node, unpacked
#                  from .node/pack/node.xz on first use. The test passes the local node.
#   --no-browser   skip the Chromium run
# The bench code: src/cli/bench.ts through vite-node where node_modules has it (a full
# checkout), else the bundle .node/bench/bench.mjs (BENCH_JS=FILE picks one).
# Vulkan: VK_ICD_FILENAMES or VK_DRIVER_FILES if set; else nvidia_icd.json where NVIDIA's
# packages and containers put it; else the first ICD file that is not a software one.
# Without libvulkan.so.1, a carried .gl/*.deb is unpacked into / (as root), as
# /work/.library/device/README.md does for the project's GPU machine.
set -uo pipefail
cd "$(dirname "$0")/.."

QUICK=0 OUT='' SWIFT=0 BROWSER=1 NODE_BIN="${BENCH_NODE:-}" EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --out) OUT="${2:?--out needs a folder}"; shift ;;
    --swiftshader) SWIFT=1 ;;
    --node) NODE_BIN="${2:?--node needs a path}"; shift ;;
    --no-browser) BROWSER=0 ;;
    --) shift; EXTRA=("$@"); break ;;
    *) echo "gpu.sh: unknown flag $1 (see the header of bench/gpu.sh)" >&2; exit 2 ;;
  esac
  shift
done

# Until the Node bench names the adapter, results go to a scratch folder beside the final one.
DIR="${OUT:-bench/results/.run-$$}"
mkdir -p "$DIR" || exit 1

log() { echo "[gpu.sh $(date -u +%H:%M:%S)] $*"; }

main() {
  log "bench/gpu.sh $([ $QUICK = 1 ] && echo --quick) on $(uname -n), $(date -u +%Y-%m-%dT%H:%M:%SZ), into $DIR"

  if [ -z "$NODE_BIN" ]; then
    NODE_BIN=.node/bin/node
    if [ ! -x "$NODE_BIN" ] && [ -f .node/pack/node.xz ]; then
      log "unpacking .node/pack/node.xz (Node $(cat .node/pack/node-version 2>/dev/null))"
      mkdir -p .node/bin && xz -dc .node/pack/node.xz > "$NODE_BIN.part" && chmod +x "$NODE_BIN.part" && mv "$NODE_BIN.part" "$NODE_BIN"
    fi
  fi
  [ -x "$NODE_BIN" ] || { log "error: no Node at $NODE_BIN: run bench/pack.sh where npm works and carry .node/pack, or pass --node PATH"; return 1; }
  log "node: $NODE_BIN $("$NODE_BIN" --version)"

  # The carried modules go to .node/ (found from .node/bench/bench.mjs), never through a
  # node_modules that may be a dangling link in a copied tree.
  if [ -f .node/pack/modules.tar.xz ] && [ ! -d node_modules/webgpu ] && [ ! -f .node/node_modules/webgpu/index.js ]; then
    log "unpacking webgpu (dawn.node) into .node/node_modules"
    tar -xJf .node/pack/modules.tar.xz -C .node node_modules || return 1
  fi
  if [ ! -f public/data/mnist.bin ] && [ -f .node/pack/modules.tar.xz ]; then
    tar -xJf .node/pack/modules.tar.xz public/data/mnist.bin || return 1
  fi

  local SOURCE=0 BENCH
  if [ -n "${BENCH_JS:-}" ]; then BENCH=("$NODE_BIN" "$BENCH_JS")
  elif [ -f node_modules/vite-node/dist/cli.mjs ]; then BENCH=("$NODE_BIN" node_modules/vite-node/dist/cli.mjs src/cli/bench.ts --); SOURCE=1
  elif [ -f .node/bench/bench.mjs ]; then BENCH=("$NODE_BIN" .node/bench/bench.mjs)
  else log "error: neither node_modules/vite-node nor .node/bench/bench.mjs (bench/pack.sh builds it)"; return 1
  fi
  log "bench: ${BENCH[*]:1}"

  if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libvulkan\.so\.1'; then
    if ls .gl/*.deb >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      log "no libvulkan.so.1: unpacking the carried .gl/*.deb into /"
      for f in .gl/*.deb; do dpkg -x "$f" /; done
      ldconfig
    else
      log "warning: no libvulkan.so.1 found; Dawn will see no adapter (carry .gl from bench/pack.sh, run as root)"
    fi
  fi

  local GPU=0
  if [ -n "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ]; then
    log "Vulkan driver from the environment: ${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}"; GPU=1
  elif [ $SWIFT = 1 ]; then
    export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
    log "Vulkan driver: SwiftShader, as asked ($VK_ICD_FILENAMES)"
  else
    local ICD='' f
    for f in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json \
      /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/local/share/vulkan/icd.d/nvidia_icd.json; do
      [ -f "$f" ] && { ICD=$f; break; }
    done
    [ -z "$ICD" ] && ICD=$(ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json /usr/local/share/vulkan/icd.d/*.json \
      /usr/local/nvidia/share/vulkan/icd.d/*.json 2>/dev/null | grep -viE 'swiftshader|lvp_icd' | head -1)
    if [ -n "$ICD" ]; then
      export VK_ICD_FILENAMES=$ICD; GPU=1
      log "Vulkan driver: $ICD"
    elif [ $QUICK = 1 ]; then
      log "no GPU Vulkan driver found; --quick runs on whatever adapter Dawn finds"
    else
      log "error: no GPU Vulkan driver found (nvidia_icd.json or any ICD under /usr/share, /etc, /usr/local); pass --swiftshader to bench the CPU, or set VK_ICD_FILENAMES"
      return 1
    fi
  fi
  command -v nvidia-smi >/dev/null && nvidia-smi -L

  local FLAGS=(--quick)
  [ $QUICK = 0 ] && FLAGS=(--cnn --d-list 16,64,256,1024,4096)
  log "Node bench: ${FLAGS[*]} ${EXTRA[*]}"
  "${BENCH[@]}" "${FLAGS[@]}" "${EXTRA[@]}" --out "$DIR" || { log "error: the Node bench failed"; return 1; }

  local CHROME="${CHROMIUM_PATH:-}" c
  if [ -z "$CHROME" ]; then
    for c in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do [ -x "$c" ] && { CHROME=$c; break; }; done
  fi
  if [ $BROWSER = 0 ]; then log "Chromium run skipped: --no-browser"
  elif [ -z "$CHROME" ]; then log "Chromium run skipped: no chromium binary on this machine (set CHROMIUM_PATH)"
  elif [ $SOURCE = 0 ] || [ ! -d node_modules/@playwright/test ]; then
    log "Chromium run skipped: it needs Playwright and Vite (a full checkout's node_modules), not carried by bench/pack.sh"
  else
    # Chromium takes the GPU unless told to use SwiftShader (e2e/chromium.ts).
    log "Chromium bench ($CHROME, $([ $GPU = 1 ] && echo 'its own GPU adapter' || echo SwiftShader))"
    "$NODE_BIN" src/data/build-mnist.mjs || return 1
    CHROMIUM_PATH=$CHROME CHROMIUM_GPU=$GPU "${BENCH[@]}" --browser "${FLAGS[@]}" "${EXTRA[@]}" --out "$DIR" || { log "error: the Chromium bench failed"; return 1; }
  fi
  log "done"
}

main 2>&1 | tee "$DIR/log.txt"
rc=${PIPESTATUS[0]}

if [ -z "$OUT" ]; then
  # Name the folder after the adapter the Node bench reported, as its files are named.
  json=$(ls "$DIR"/*.json 2>/dev/null | head -1)
  device=$(sed -n 's/^ "device": "\(.*\)",$/\1/p' "$json" 2>/dev/null | head -1)
  slug=$(printf '%s' "${device:-unknown}" | sed 's/[^A-Za-z0-9][^A-Za-z0-9]*/-/g' | cut -c1-40)
  # A second run of the day gets -2, -3 … before -quick, so that .gitignore still sees -quick.
  base="bench/results/$slug-$(date -u +%Y-%m-%d)" q=$([ $QUICK = 1 ] && echo -quick) n=1 final=''
  while [ -z "$final" ] || [ -e "$final" ]; do final="$base$([ $n -gt 1 ] && echo "-$n")$q"; n=$((n + 1)); done
  mv "$DIR" "$final" && DIR=$final
fi
echo "[gpu.sh] results in $DIR (exit $rc)" | tee -a "$DIR/log.txt"
exit "$rc"
