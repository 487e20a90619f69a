#!/usr/bin/env bash
# Compiles and runs every Swift example of the README and the DocC catalogs as a client package would.
#
# The client Package.swift the docs show is the manifest: it names the repository as `../igmpguard`, so the check
# makes a folder where `igmpguard` is this repository and `client` is the package. Every other ```swift block is a
# whole program: it becomes the client's main.swift in turn, is built, and is run from the client's folder (as
# `swift run` would); a block that does not compile, or exits non-zero (its preconditions hold what it prints), fails
# the check, named by file and line. A block without `@_lifetime` is built without the Lifetimes feature, as the
# docs say a client needs it only to write functions that return views. Examples do not belong in doc comments,
# where nothing compiles them: a ```swift block there fails the check too.
#
#   scripts/check-examples.sh [WORK_DIR]     (default: a temporary folder, removed afterwards)
set -euo pipefail
if [ -n "${1:-}" ]; then mkdir -p "$1"; work="$(cd "$1" && pwd)"; else work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT; fi
cd "$(dirname "$0")/.."
repo=$PWD
python="$(command -v python3 || true)"
[ -n "$python" ] || { echo "check-examples: python3 is needed to read the examples out of the docs" >&2; exit 2; }

ln -sfn "$repo" "$work/igmpguard"
mkdir -p "$work/client" "$work/blocks"
rm -f "$work"/blocks/*

"$python" - "$repo" "$work" <<'PY'
import os, re, sys
repo, work = sys.argv[1], sys.argv[2]
def fail(message):
    sys.exit("check-examples: " + message)

sources = ["README.md"]
for module in sorted(os.listdir(os.path.join(repo, "Sources"))):
    for root, _, files in os.walk(os.path.join(repo, "Sources", module)):
        if ".docc" in root:
            sources += sorted(os.path.relpath(os.path.join(root, f), repo) for f in files if f.endswith(".md"))
        else:
            for f in files:
                if f.endswith(".swift") and module in ("IGMP", "IGMPCapture"):
                    path = os.path.join(root, f)
                    for n, line in enumerate(open(path), 1):
                        if re.match(r"\s*///\s*```swift", line):
                            fail(f"{os.path.relpath(path, repo)}:{n}: a Swift example in a doc comment is never compiled; put it in a DocC article")

manifests, programs = set(), []
for source in sources:
    lines = open(os.path.join(repo, source)).read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```swift":
            start = i + 1
            j = start
            while j < len(lines) and lines[j].strip() != "```": j += 1
            if j == len(lines): fail(f"{source}:{i + 1}: a ```swift block that is never closed")
            block = "\n".join(lines[start:j]) + "\n"
            if block.startswith("// swift-tools-version"): manifests.add(block)
            else: programs.append((source, start + 1, block))
            i = j
        i += 1
if len(manifests) != 1:
    fail(f"want exactly one client Package.swift across the docs, found {len(manifests)} different ones")
manifest = manifests.pop()
feature = re.compile(r"\n[^\n]*//[^\n]*\n(\s*)swiftSettings: \[\.enableExperimentalFeature\(\"Lifetimes\"\)\]\n")
if not feature.search(manifest): fail("the client Package.swift does not show the Lifetimes setting with its comment")
plain = feature.sub("\n", manifest)
open(os.path.join(work, "Package-lifetimes.swift"), "w").write(manifest)
open(os.path.join(work, "Package-plain.swift"), "w").write(plain)
target = re.search(r'executableTarget\(\s*name:\s*"([^"]+)"', manifest).group(1)
open(os.path.join(work, "target"), "w").write(target)
# Blocks without views returned from functions first, built without the feature; then the others.
ordered = sorted(programs, key=lambda p: "@_lifetime" in p[2])
for n, (source, line, block) in enumerate(ordered):
    manifest_kind = "lifetimes" if "@_lifetime" in block else "plain"
    open(os.path.join(work, "blocks", f"{n:03d}.swift"), "w").write(block)
    open(os.path.join(work, "blocks", f"{n:03d}.where"), "w").write(f"{source}:{line}\n{manifest_kind}\n")
print(f"check-examples: {len(programs)} programs and the client manifest from {len(sources)} files")
PY

target="$(cat "$work/target")"
mkdir -p "$work/client/Sources/$target"
failed=0
for block in "$work"/blocks/*.swift; do
    where="$(sed -n 1p "${block%.swift}.where")"
    kind="$(sed -n 2p "${block%.swift}.where")"
    cmp -s "$work/Package-$kind.swift" "$work/client/Package.swift" || cp "$work/Package-$kind.swift" "$work/client/Package.swift"
    cp "$block" "$work/client/Sources/$target/main.swift"
    if ! (cd "$work/client" && swift build --product "$target" > "$work/build.log" 2>&1); then
        echo "check-examples: $where does not compile (Lifetimes feature: $kind):" >&2
        { grep -E "error:" -A3 "$work/build.log" || tail -20 "$work/build.log"; } | head -40 >&2
        failed=1
        continue
    fi
    rm -f "$work/client/"*.pcapng
    if ! (cd "$work/client" && timeout 60 "$work/client/.build/debug/$target" > "$work/run.log" 2>&1); then
        echo "check-examples: $where exited with an error:" >&2
        tail -20 "$work/run.log" >&2
        failed=1
        continue
    fi
    cp "$work/run.log" "${block%.swift}.out"
    echo "check-examples: $where compiles ($kind) and runs ($(wc -l < "$work/run.log") lines of output)"
done
exit $failed
