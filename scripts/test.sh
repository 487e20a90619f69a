#!/usr/bin/env bash
# README command 2 and .ci/run: sets up (libpcap-dev, tshark, tcpdump ...), builds, runs every test, the zero-malloc
# benchmark gate, the tests again under AddressSanitizer and ThreadSanitizer, and a smoke round of every fuzz target.
# Works on a fresh Debian/Ubuntu machine with Swift installed. About 15-18 minutes on 2 cores (the VM's speed varies);
# IGMPGUARD_SKIP_SLOW=1 stops after the plain tests, the output check and the documentation checks.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --test

# Each step prints the seconds since the start (CI's budget is checked against these).
step() { echo "== [${SECONDS}s] $*"; }

step "swift build"
swift build

step "swift test"
mkdir -p .build
swift test 2>&1 | tee .build/test.log
# Swift Testing prints its own closing line; fail loudly if no test ran at all.
grep -Eq "Test run with [1-9][0-9]* tests? .*passed" .build/test.log || { echo "test.sh: no passing test run found" >&2; exit 1; }

step "live soak, short round: steady IGMP through the veth lab, files rotated by size and by SIGHUP (Benchmarks/live-soak.py)"
if [ "$(id -u)" -eq 0 ]; then
  /usr/bin/python3 Benchmarks/live-soak.py --seconds 20 --rotate 4 --max-size 64k --bin .build/debug
else
  echo "test.sh: skipped: the soak needs root (network namespaces, capture, injection)"
fi

step "scan output byte for byte the recorded one (scripts/output-digests.txt)"
bash scripts/output-equivalence.sh check

step "library documentation: DocC without warnings, every public symbol documented"
bash scripts/check-docs.sh

step "every README and DocC example compiles and runs as a client package"
bash scripts/check-examples.sh

step "the man page is the one the parser generates (docs/igmpguard.1)"
bash scripts/generate-manual.sh --check

[ "${IGMPGUARD_SKIP_SLOW:-0}" = "1" ] && exit 0

if [ "${IGMPGUARD_SKIP_BENCHMARKS:-0}" != "1" ]; then
  step "benchmarks: hot path must not allocate"
  # The gate needs the malloc counts, not the times (never gated): each benchmark runs 150 ms instead of 700.
  IGMPGUARD_BENCH_MILLISECONDS=150 Benchmarks/check-mallocs.sh
fi

# A sanitizer run prints its last lines, and on failure every failing test and sanitizer report first.
sanitized() {
  local name="$1"; shift
  if "$@" > ".build/$name.log" 2>&1; then
    tail -3 ".build/$name.log"
  else
    grep -E "✘|recorded an issue|ERROR: (Address|Thread)Sanitizer|WARNING: ThreadSanitizer|SUMMARY:" ".build/$name.log" | head -60
    tail -3 ".build/$name.log"
    echo "test.sh: the $name run failed (whole log: .build/$name.log)" >&2
    exit 1
  fi
}

step "swift test --sanitize address"
# LeakSanitizer reports leaks inside XCTest itself; memory errors still fail the run. One over-read of Foundation's
# own is suppressed (scripts/asan-suppressions.txt says which and why); the path is absolute for the binaries the
# tests start from other folders.
sanitized asan env ASAN_OPTIONS="detect_leaks=0:suppressions=$PWD/scripts/asan-suppressions.txt" \
  swift test --scratch-path .build-asan --sanitize address

step "swift test --sanitize thread (the suites of the scan's threads)"
# ThreadSanitizer runs the suites written for the scan's threads: the two-thread pipeline (ScanThreadsTests), files
# scanned at once with their output spooled (ParallelScanTests) and bench's two-thread pass (BenchCommandTests), the
# binaries they start built with it. The library and `live` run on one thread each, and AddressSanitizer above runs
# every test; the rest of the tool's tests would add minutes of the same two threads.
sanitized tsan swift test --scratch-path .build-tsan --sanitize thread --filter "ScanThreadsTests|ParallelScanTests|BenchCommandTests"

step "fuzz smoke round (20 s per target, two at a time)"
FUZZ_JOBS=2 Fuzz/run.sh 20
step "done"
