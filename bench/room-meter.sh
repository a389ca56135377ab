#!/usr/bin/env bash
# The room meter of README "Training together": three `npm run train --room` processes on
# this machine train FC-MNIST at d = 250 through a local nats-server (JetStream in memory),
# then their meters and θ files are gathered into bench/results/room-fc-mnist-d250-w3.json.
# Usage: bash bench/room-meter.sh [steps]   (default 20; each step takes seconds on SwiftShader)
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-20}" port=14222 dir="$(mktemp -d)"
printf 'listen: "127.0.0.1:%s"\njetstream { store_dir: "%s" }\n' "$port" "$dir" > "$dir/nats.conf"
nats-server -c "$dir/nats.conf" > "$dir/nats.log" 2>&1 & server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
flags=(--dataset mnist --arch fc --method rbd --d 250 --steps "$steps" --quiet --room fc-meter --nats "nats://127.0.0.1:$port" --quorum 3 --hash-every 5)
pids=()
for m in 0 1 2; do
  node_modules/.bin/vite-node src/cli/train.ts -- "${flags[@]}" --json "$dir/m$m.json" --theta "$dir/m$m.bin" > "$dir/m$m.log" 2>&1 &
  pids+=($!)
done
wait "${pids[@]}"
node -e '
const fs = require("fs"), crypto = require("crypto"), [dir, steps] = process.argv.slice(1);
const md5 = [0, 1, 2].map((m) => crypto.createHash("md5").update(fs.readFileSync(`${dir}/m${m}.bin`)).digest("hex"));
const out = {
  command: `bash bench/room-meter.sh ${steps}: npm run train -- --dataset mnist --arch fc --method rbd --d 250 --steps ${steps} --room fc-meter --nats nats://127.0.0.1:14222 --quorum 3 --hash-every 5 (three processes, one machine)`,
  date: new Date().toISOString().slice(0, 10),
  engine: require("child_process").execSync("git rev-parse --short HEAD").toString().trim(),
  device: `${fs.readFileSync(`${dir}/m0.log`, "utf8").split("\n").find((l) => l.startsWith("device:")).slice(8)} (the three processes share the cores of one machine)`,
  server: require("child_process").execSync("nats-server --version").toString().trim(),
  thetaMd5: new Set(md5).size === 1 ? `${md5[0]} (all three θ files)` : `DIFFER: ${md5.join(" ")}`,
  members: [0, 1, 2].map((m) => JSON.parse(fs.readFileSync(`${dir}/m${m}.json`, "utf8"))),
};
fs.writeFileSync("bench/results/room-fc-mnist-d250-w3.json", JSON.stringify(out, null, 1) + "\n");
console.log(out.thetaMd5); for (const m of out.members) console.log(`member ${m.member}: sent ${m.sentBytesPerStep} B/step, read ${m.readBytesPerStep} B/step, all-reduce ${m.allReduceBytesPerStep} B/step`);
' "$dir" "$steps"
