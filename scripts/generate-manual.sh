#!/usr/bin/env bash
# The man page, docs/igmpguard.1, generated from the command line's own parser by swift-argument-parser's
# generate-manual plugin (the options, their help and the discussions are written once, in Sources/igmpguard).
#   scripts/generate-manual.sh           writes docs/igmpguard.1
#   scripts/generate-manual.sh --check   fails when docs/igmpguard.1 is not what the parser generates (CI)
# The page's date (.Dd) is the day it was generated; the check leaves it out.
set -euo pipefail
cd "$(dirname "$0")/.."

out=.build/manual
rm -rf "$out"
mkdir -p "$out"
swift package --allow-writing-to-directory "$out" generate-manual --configuration debug \
  --authors "IGMPGuard developers" -o "$out" >/dev/null
generated="$out/igmpguard.1"
[ -s "$generated" ] || { echo "generate-manual.sh: the plugin wrote no $generated" >&2; exit 1; }

if [ "${1:-}" = "--check" ]; then
  if ! diff <(grep -v '^\.Dd ' docs/igmpguard.1) <(grep -v '^\.Dd ' "$generated") >/dev/null; then
    diff <(grep -v '^\.Dd ' docs/igmpguard.1) <(grep -v '^\.Dd ' "$generated") | head -20 >&2
    echo "generate-manual.sh: docs/igmpguard.1 is not what the parser generates: run scripts/generate-manual.sh" >&2
    exit 1
  fi
  echo "docs/igmpguard.1 is the parser's"
else
  cp "$generated" docs/igmpguard.1
  echo "wrote docs/igmpguard.1"
fi
