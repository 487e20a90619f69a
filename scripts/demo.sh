#!/usr/bin/env bash
# README command 1: set up, build igmpguard (release) and scan the bundled demo capture.
# Exit status is igmpguard's: 1 here, because the demo holds hostile packets.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product igmpguard
echo "== .build/release/igmpguard scan Captures/demo.pcap"
exec .build/release/igmpguard scan Captures/demo.pcap
