#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and runs each for SECONDS, seeded from Captures/ (FuzzTraffic: each
# capture as one story of frames and times), the committed
# corpus in Fuzz/Corpus/<target>, and (FuzzCapture, FuzzScan) every sample in every capture form
# (`igmpguard-samples --fuzz-seeds`: both pcap magics and byte orders, pcapng block kinds, timestamp extremes). Prints executions, exec/s and coverage per target; exits 1 when any
# target crashed or broke an invariant (the input is kept in Fuzz/.work/artifacts).
#
#   Fuzz/run.sh SECONDS [TARGET ...]     targets: FuzzFrame FuzzIGMP FuzzCapture FuzzCompressed FuzzRoundTrip FuzzMLD FuzzScan FuzzTraffic (default: all)
#   FUZZ_JOBS=2 Fuzz/run.sh 600          run two targets at a time
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
seconds="${1:?usage: Fuzz/run.sh SECONDS [TARGET ...]}"
shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzFrame FuzzIGMP FuzzCapture FuzzCompressed FuzzRoundTrip FuzzMLD FuzzScan FuzzTraffic)
work="$here/.work"
mkdir -p "$work/artifacts" "$work/logs"

echo "== building fuzz targets (release, fuzzer and address sanitizers, C targets included)"
# SwiftPM keeps the root package's file list in this build plan: a source file added there since the last fuzz build
# would be missing ("cannot find ... in scope") until the plan is made again.
rm -f "$here/.build/release/description.json"
(cd "$here" && swift build -c release --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address 2>&1 | tail -1) || exit 2

echo "== seeds from Captures/"
python3 - "$root/Captures" "$work/seeds" <<'PY'
import gzip, os, struct, sys
captures, out = sys.argv[1], sys.argv[2]
links = {1: 0, 113: 1, 276: 2, 101: 3, 12: 3, 0: 4, 108: 5, 228: 6, 229: 8}  # FuzzSupport.fuzzLinkTypes order
for target in ("FuzzFrame", "FuzzIGMP", "FuzzCapture", "FuzzCompressed", "FuzzRoundTrip", "FuzzMLD", "FuzzScan", "FuzzTraffic"):
    os.makedirs(os.path.join(out, target), exist_ok=True)
for name in sorted(os.listdir(captures)):
    if not name.endswith(".pcap"):
        continue
    data = open(os.path.join(captures, name), "rb").read()
    open(os.path.join(out, "FuzzCapture", name), "wb").write(data)
    open(os.path.join(out, "FuzzScan", name), "wb").write(data)
    # FuzzCompressed's first byte picks the form: 0 gzip and 1 zstd made by the target, 2 as is (a gzip file made
    # here, for the decompressor), 3 through a pipe.
    for mode, body in ((0, data), (1, data), (2, gzip.compress(data, mtime=0)), (3, data)):
        open(os.path.join(out, "FuzzCompressed", f"{name}-{mode}"), "wb").write(bytes([mode]) + body)
    le = data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1")
    e = "<" if le else ">"
    link = struct.unpack(e + "I", data[20:24])[0]
    off, i = 24, 0
    # FuzzTraffic takes the whole story: each frame (up to 255 bytes) with the time since the one before, in squared
    # tenths of a second; twice, with default and with small table caps.
    story, last = bytearray(), None
    while off + 16 <= len(data):
        caplen = struct.unpack(e + "I", data[off + 8:off + 12])[0]
        frame = data[off + 16:off + 16 + caplen]
        seconds, fraction = struct.unpack(e + "II", data[off:off + 8])
        now = seconds + fraction / 1e9
        step = 0 if last is None else min(254, int(round(max(0.0, now - last) * 10) ** 0.5))
        last = now
        story += bytes([min(255, len(frame)), step]) + frame[:255]
        off += 16 + caplen
        i += 1
        open(os.path.join(out, "FuzzFrame", f"{name}-{i}"), "wb").write(bytes([links.get(link, 0), 0]) + frame)
        # The IGMP target takes the bytes after an untagged Ethernet + IPv4 header.
        if link == 1 and len(frame) > 34 and frame[12:14] == b"\x08\x00":
            ihl = (frame[14] & 0x0f) * 4
            open(os.path.join(out, "FuzzIGMP", f"{name}-{i}"), "wb").write(frame[14 + ihl:])
        open(os.path.join(out, "FuzzRoundTrip", f"{name}-{i}"), "wb").write(frame[:64])
        open(os.path.join(out, "FuzzMLD", f"{name}-{i}"), "wb").write(frame[:64])
    # (libFuzzer keeps the first -max_len bytes of a longer story.)
    for caps in (0, 0x80):
        open(os.path.join(out, "FuzzTraffic", f"{name}-{caps}"), "wb").write(bytes([links.get(link, 0) | caps]) + bytes(story))
PY

echo "== seeds in every capture form (igmpguard-samples --fuzz-seeds)"
(cd "$root" && swift build --product igmpguard-samples 2>&1 | tail -1) || exit 2
mkdir -p "$work/seeds/forms"
"$root/.build/debug/igmpguard-samples" --fuzz-seeds "$work/seeds/forms" || exit 2
cp "$work/seeds/forms/"* "$work/seeds/FuzzCapture/"
cp "$work/seeds/forms/"* "$work/seeds/FuzzScan/"

run_target() {
  local target="$1"
  local corpus="$work/corpus/$target"
  mkdir -p "$corpus"
  local committed="$here/Corpus/$target"
  local dirs=("$corpus" "$work/seeds/$target")
  [ -d "$committed" ] && dirs+=("$committed")
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$here/.build/release/$target" \
    -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -artifact_prefix="$work/artifacts/$target-" "${dirs[@]}" >"$work/logs/$target.log" 2>&1
  echo $? >"$work/logs/$target.status"
}

jobs="${FUZZ_JOBS:-1}"
echo "== fuzzing ${targets[*]} for ${seconds}s each ($jobs at a time)"
running=0
for target in "${targets[@]}"; do
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

failed=0
printf "%-14s %14s %10s %8s %8s %s\n" target executions exec/s cov ft status
for target in "${targets[@]}"; do
  log="$work/logs/$target.log"
  status="$(cat "$work/logs/$target.status" 2>/dev/null || echo "?")"
  execs="$(grep -oE 'stat::number_of_executed_units:[[:space:]]*[0-9]+' "$log" | awk '{print $2}' | tail -1)"
  rate="$(grep -oE 'stat::average_exec_per_sec:[[:space:]]*[0-9]+' "$log" | awk '{print $2}' | tail -1)"
  cov="$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')"
  ft="$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | awk '{print $2}')"
  state="ok"
  if [ "$status" != "0" ]; then state="FAILED (exit $status, see $log)"; failed=1; fi
  printf "%-14s %14s %10s %8s %8s %s\n" "$target" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$state"
  echo "$(date -u +%FT%TZ) $target seconds=$seconds executions=${execs:-0} exec_per_sec=${rate:-0} cov=${cov:-0} ft=${ft:-0} status=$status" >>"$work/history.log"
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz: a target failed; crashing inputs are in $work/artifacts" >&2
  grep -h -A3 "invariant violated\|ERROR: AddressSanitizer\|ERROR: libFuzzer" "$work"/logs/*.log | head -40 >&2
  exit 1
fi
