#!/usr/bin/env bash
# README command 2 and .ci/run: sets up (libpcap-dev, tshark, tcpdump), builds, runs every test, then the
# zero-malloc benchmark gate. Works on a fresh Debian/Ubuntu machine with Swift installed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --test

echo "== swift build"
swift build

echo "== swift test"
mkdir -p .build
swift test 2>&1 | tee .build/test.log
# Swift Testing prints its own closing line; fail loudly if no test ran at all.
grep -Eq "Test run with [1-9][0-9]* tests? .*passed" .build/test.log || { echo "test.sh: no passing test run found" >&2; exit 1; }

if [ "${IGMPGUARD_SKIP_BENCHMARKS:-0}" != "1" ]; then
  echo "== benchmarks: hot path must not allocate"
  Benchmarks/check-mallocs.sh
fi
