#!/usr/bin/env bash
# Runs the core benchmarks and fails if any of them allocated: the hot path must perform 0 mallocs per packet.
# Also prints the per-frame report (median ns, touch-every-byte baseline, ratio, frames/s; core-report.py).
# Wall-clock numbers are printed, never gated (they are noise on shared machines).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$here"
swift package --disable-sandbox benchmark --no-progress >"$out/log" 2>&1 || {
  cat "$out/log"; echo "check-mallocs: benchmark run failed" >&2; exit 1; }
python3 "$here/core-report.py" --gate-mallocs "$out/log"
