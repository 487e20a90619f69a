#!/usr/bin/env bash
# Proves that `igmpguard scan` prints the same bytes as when the digests were recorded: every format, with and
# without --all, stdout, stderr, exit status and the evidence files (and `igmpguard rules` in every format), on every capture in Captures/, every reference
# capture in ../shared/reference/captures (skipped, with a note, when that folder is absent), a synthetic capture,
# every fuzz seed form and the committed FuzzScan corpus.
#
#   scripts/output-equivalence.sh check  [BUILD_DIR]   compare with scripts/output-digests.txt (exit 1 on a change)
#   scripts/output-equivalence.sh record [BUILD_DIR]   rewrite scripts/output-digests.txt (only for an intended change)
#
# SCAN_ARGS (environment) are added to every scan: SCAN_ARGS=--no-context compares the packet-by-packet judging
# with digests recorded before the traffic rules. BUILD_DIR holds igmpguard and igmpguard-samples (default .build/debug). Captures are scanned from their own folder
# by base name, so the names in the output do not depend on where the repository is. When a check fails, build the
# recorded commit elsewhere (git worktree) and diff the two binaries' outputs on the chunk it names.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
mode="${1:-check}"
build="$(cd "${2:-.build/debug}" && pwd)"
digests="$repo/scripts/output-digests.txt"
tool="$build/igmpguard"
[ -x "$tool" ] || { echo "output-equivalence: no $tool (build first)" >&2; exit 2; }
[ -x "$build/igmpguard-samples" ] || { echo "output-equivalence: no $build/igmpguard-samples (build first)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/synthetic" "$work/seeds" "$work/run"
"$build/igmpguard-samples" --synthetic 1M "$work/synthetic/synthetic.pcap" > /dev/null
"$build/igmpguard-samples" --fuzz-seeds "$work/seeds" > /dev/null

# label<TAB>absolute path, for every capture.
list="$work/list"
: > "$list"
add() { # add LABEL_PREFIX DIR FIND_ARGS...
  local prefix="$1" dir="$2"; shift 2
  [ -d "$dir" ] || return 0
  (cd "$dir" && find . -type f "$@" | LC_ALL=C sort) | while read -r f; do
    printf '%s/%s\t%s/%s\n' "$prefix" "${f#./}" "$dir" "${f#./}" >> "$list"
  done
}
add captures "$repo/Captures" \( -name '*.pcap' -o -name '*.pcapng' \)
reference="$repo/../shared/reference/captures"
if [ -d "$reference" ]; then
  add reference "$(cd "$reference" && pwd)" \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \)
else
  echo "output-equivalence: no $reference; the reference captures are skipped" >&2
fi
add synthetic "$work/synthetic" -name '*.pcap'
add seeds "$work/seeds" -type f
add fuzzscan-corpus "$repo/Fuzz/Corpus/FuzzScan" -type f
add fuzzscan-regressions "$repo/Tests/IGMPGuardTests/Regressions/FuzzScan" -type f

# One digest per chunk of captures and run: stdout, stderr and the exit status (and, for the evidence run, every
# evidence file). A chunk is up to 40 captures of one folder scanned by one process, as an analyst would.
scan_digest() { # scan_digest DIR NAMES_FILE ARGS...
  local dir="$1" names="$2"; shift 2
  rm -rf "$work/run"; mkdir "$work/run"
  local status=0
  # shellcheck disable=SC2086 # SCAN_ARGS is a list of words
  (cd "$dir" && xargs -d '\n' -a "$names" "$tool" scan ${SCAN_ARGS:-} "$@" > "$work/run/out" 2> "$work/run/err") || status=$?
  {
    cat "$work/run/out"; echo "--stderr"; sed "s#$work#WORK#g" "$work/run/err"; echo "--status $status"
    for e in "$work/run"/evidence*; do [ -e "$e" ] && { echo "--$(basename "$e")"; cat "$e"; }; done
  } | sha256sum | cut -c1-16
}

run_chunk() { # run_chunk LABEL DIR NAMES_FILE
  local label="$1" dir="$2" names="$3"
  for format in text ndjson eve; do
    printf '%s\t%s\t%s\n' "$label" "$format" "$(scan_digest "$dir" "$names" --format "$format")" >> "$actual"
    printf '%s\t%s\t%s\n' "$label" "$format --all" "$(scan_digest "$dir" "$names" --format "$format" --all)" >> "$actual"
  done
  printf '%s\t%s\t%s\n' "$label" "evidence" \
    "$(scan_digest "$dir" "$names" --format ndjson --evidence "$work/run/evidence.pcapng")" >> "$actual"
}

actual="$work/actual"
: > "$actual"
count=0
chunk_dir="" chunk_prefix="" chunk_first="" chunk_size=0
names="$work/names"
flush() {
  [ "$chunk_size" -gt 0 ] || return 0
  run_chunk "$chunk_prefix/$chunk_first (+$((chunk_size - 1)))" "$chunk_dir" "$names"
  chunk_size=0
}
while IFS=$'\t' read -r label path; do
  dir="$(dirname "$path")"
  prefix="${label%%/*}"
  if [ "$dir" != "$chunk_dir" ] || [ "$chunk_size" -ge 40 ]; then
    flush
    chunk_dir="$dir" chunk_prefix="$prefix" chunk_first="${label#*/}"
    : > "$names"
  fi
  basename "$path" >> "$names"
  chunk_size=$((chunk_size + 1))
  count=$((count + 1))
done < "$list"
flush

# The rule catalogue as the CLI prints it.
for format in text markdown json; do
  printf '%s\t%s\t%s\n' "rules" "$format" "$("$tool" rules --format "$format" 2>&1 | sha256sum | cut -c1-16)" >> "$actual"
done

if [ "$mode" = "record" ]; then
  cp "$actual" "$digests"
  echo "output-equivalence: recorded $(wc -l < "$digests") digests of $count captures in $digests"
  exit 0
fi

[ -f "$digests" ] || { echo "output-equivalence: no $digests (record first)" >&2; exit 2; }
# Compare only the captures present here (the reference ones may be absent).
changed="$(LC_ALL=C join -t $'\t' -j1 \
  <(awk -F'\t' '{print $1"|"$2"\t"$3}' "$digests" | LC_ALL=C sort) \
  <(awk -F'\t' '{print $1"|"$2"\t"$3}' "$actual" | LC_ALL=C sort) | awk -F'\t' '$2 != $3 {print $1}')"
missing="$(LC_ALL=C comm -13 <(cut -f1,2 "$digests" | LC_ALL=C sort) <(cut -f1,2 "$actual" | LC_ALL=C sort))"
if [ -n "$changed" ] || [ -n "$missing" ]; then
  [ -n "$changed" ] && { echo "output-equivalence: output changed for:"; echo "$changed" | head -40; }
  [ -n "$missing" ] && { echo "output-equivalence: no recorded digest for:"; echo "$missing" | head -40; }
  exit 1
fi
echo "output-equivalence: $(wc -l < "$actual") outputs of $count captures are byte for byte the recorded ones"
