#!/usr/bin/env bash
# README command 1: set up, build igmpguard (release) and scan the bundled demo capture.
# Exit status is igmpguard's: 1 here, because the demo holds hostile packets.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The Swift runtime linked in statically: a binary that runs on machines without Swift, and starts faster.
swift build -c release --static-swift-stdlib --product igmpguard
echo "== .build/release/igmpguard scan Captures/demo.pcap"
exec .build/release/igmpguard scan Captures/demo.pcap
