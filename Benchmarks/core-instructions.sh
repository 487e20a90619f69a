#!/usr/bin/env bash
# Instructions per frame of decode + validate (and of the touch-every-byte baseline) for every core frame, counted by
# callgrind (`core-ratios instructions`): the same in every run, whatever the machine's speed. With a second Benchmarks folder (an earlier commit
# in a git worktree), both builds side by side.
#
#   Benchmarks/core-instructions.sh [BEFORE_BENCHMARKS_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v valgrind > /dev/null || { echo "core-instructions: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
dirs=("$here")
[ $# -ge 1 ] && dirs=("$(cd "$1" && pwd)" "$here")
for dir in "${dirs[@]}"; do
  (cd "$dir" && swift build -c release --product core-ratios > /dev/null)
  # valgrind cannot read the debug information of this toolchain's release builds.
  strip --strip-debug -o "$dir/.build/release/core-ratios.stripped" "$dir/.build/release/core-ratios"
done
count() { # count BINARY ARGS... -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ {print $4}'
}
n=2000
tool="$here/.build/release/core-ratios.stripped"
printf '%-52s' "frame"
for dir in "${dirs[@]}"; do printf ' %12s' "$(basename "$(dirname "$dir")")"; done
[ ${#dirs[@]} -eq 2 ] && printf ' %8s' "after/before"
printf ' %9s\n' "baseline"
"$tool" list | while IFS=$'\t' read -r index name; do
  printf '%-52s' "$name"
  values=()
  for dir in "${dirs[@]}"; do
    bin="$dir/.build/release/core-ratios.stripped"
    per=$(( ($(count "$bin" instructions "$index" "$n") - $(count "$bin" instructions "$index" 0)) / n ))
    values+=("$per")
    printf ' %12s' "$per"
  done
  [ ${#dirs[@]} -eq 2 ] && awk -v a="${values[1]}" -v b="${values[0]}" 'BEGIN { printf " %8.3f", a / b }'
  base=$(( ($(count "$tool" instructions "$index" "$n" baseline) - $(count "$tool" instructions "$index" 0 baseline)) / n ))
  printf ' %9s\n' "$base"
done
