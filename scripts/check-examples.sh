#!/usr/bin/env bash
# Compiles and runs every Swift example of the README and the DocC articles as a client package would: the
# Package.swift they show (with `.package(path: "../igmpguard")`) is the manifest, and each other ```swift block is
# that package's main.swift in turn, built and run from a folder where Captures/ is the repository's. A block that
# does not compile, or exits with a non-zero status, fails the check and is named by file and line.
#
#   scripts/check-examples.sh [WORK_DIR]     (default: a temporary folder, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
if [ -n "${1:-}" ]; then work="$1"; mkdir -p "$work"; else work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT; fi
python="$(command -v python3)"

# The client sees this repository as a folder named igmpguard, as a checkout of it would be named.
ln -sfn "$repo" "$work/igmpguard"
mkdir -p "$work/client" "$work/blocks" "$work/run"
ln -sfn "$repo/Captures" "$work/run/Captures"
rm -f "$work"/blocks/*

"$python" - "$repo" "$work" <<'PY'
import os, re, sys, glob
repo, work = sys.argv[1], sys.argv[2]
sources = ["README.md"] + sorted(glob.glob("Sources/*/*.docc/*.md", root_dir=repo))
manifests, programs = set(), []
for source in sources:
    lines = open(os.path.join(repo, source)).read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```swift":
            start = i + 1
            j = start
            while lines[j].strip() != "```": j += 1
            block = "\n".join(lines[start:j]) + "\n"
            if block.startswith("// swift-tools-version"): manifests.add(block)
            else: programs.append((source, start + 1, block))
            i = j
        i += 1
if len(manifests) != 1:
    sys.exit(f"check-examples: want exactly one client Package.swift across the docs, found {len(manifests)} different")
manifest = manifests.pop()
open(os.path.join(work, "client", "Package.swift"), "w").write(manifest)
target = re.search(r'executableTarget\(\s*name:\s*"([^"]+)"', manifest).group(1)
open(os.path.join(work, "target"), "w").write(target)
for n, (source, line, block) in enumerate(programs):
    open(os.path.join(work, "blocks", f"{n:03d}.swift"), "w").write(block)
    open(os.path.join(work, "blocks", f"{n:03d}.where"), "w").write(f"{source}:{line}")
print(f"check-examples: {len(programs)} programs and the client manifest from {len(sources)} files")
PY

target="$(cat "$work/target")"
mkdir -p "$work/client/Sources/$target"
failed=0
for block in "$work"/blocks/*.swift; do
    where="$(cat "${block%.swift}.where")"
    cp "$block" "$work/client/Sources/$target/main.swift"
    if ! (cd "$work/client" && swift build --product "$target" > "$work/build.log" 2>&1); then
        echo "check-examples: $where does not compile:" >&2
        grep -E "error:" -A3 "$work/build.log" | head -40 >&2
        failed=1
        continue
    fi
    rm -f "$work/run/flagged"*.pcapng
    if ! (cd "$work/run" && timeout 60 "$work/client/.build/debug/$target" > "$work/run.log" 2>&1); then
        echo "check-examples: $where exited with an error:" >&2
        tail -20 "$work/run.log" >&2
        failed=1
        continue
    fi
    cp "$work/run.log" "${block%.swift}.out"
    echo "check-examples: $where compiles and runs ($(wc -l < "$work/run.log") lines of output)"
done
exit $failed
