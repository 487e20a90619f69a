#!/usr/bin/env bash
# Runs the core benchmarks and fails if any of them allocated: the hot path must perform 0 mallocs per packet.
# Wall-clock numbers are printed, never gated (they are noise on shared machines).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$here"
swift package --disable-sandbox benchmark --format jsonSmallerIsBetter --path "$out" --no-progress >"$out/log" 2>&1 || {
  cat "$out/log"; echo "check-mallocs: benchmark run failed" >&2; exit 1; }
python3 - "$out/Current_run.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
mallocs = [r for r in rows if r["name"].endswith("Malloc (total)")]
if not mallocs:
    sys.exit("check-mallocs: no malloc metric in the benchmark output")
bad = [r for r in mallocs if r["value"] != 0]
for r in rows:
    if r["name"].endswith("Time (wall clock)"):
        print(f'{r["name"]}: {r["value"]} {r["unit"]} per 1000 frames (headline value) ({r.get("extra", "").replace(chr(10), ", ")})')
for r in mallocs:
    print(f'{r["name"]}: {r["value"]}')
if bad:
    sys.exit(f"check-mallocs: {len(bad)} benchmark(s) allocated on the hot path")
print(f"check-mallocs: {len(mallocs)} benchmarks, 0 mallocs each")
PY
