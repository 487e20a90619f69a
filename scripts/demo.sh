#!/usr/bin/env bash
# README command 1: set up, build igmpguard (release) and scan the bundled demo capture.
# Exit status is igmpguard's: 1 here, because the demo holds hostile packets.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The Swift runtime linked in statically: a binary that runs on machines without Swift, and starts faster. A
# toolchain without the static runtime still gets a working (dynamically linked) build.
if ! swift build -c release --static-swift-stdlib --product igmpguard; then
  echo "demo.sh: linking the Swift runtime statically failed; building with the shared runtime instead" >&2
  swift build -c release --product igmpguard
fi
echo "== .build/release/igmpguard scan Captures/demo.pcap"
exec .build/release/igmpguard scan Captures/demo.pcap
