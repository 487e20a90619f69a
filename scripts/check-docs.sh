#!/usr/bin/env bash
# The library documentation's two checks: the DocC catalogs of IGMP and IGMPCapture build without a warning (a
# broken symbol link or article reference is an error), and every public symbol of the two modules declared in our
# sources has a doc comment of its own (read from the symbol graphs). Members the compiler synthesises, such as
# `hashValue`, are left out, since no source line declares them; a declaration that only inherits a protocol's
# documentation (a `description`, a `<`) counts as undocumented, since it says nothing of what it does here.
set -euo pipefail
cd "$(dirname "$0")/.."
python="$(command -v python3 || true)"
[ -n "$python" ] || { echo "check-docs: python3 is needed to read the symbol graphs" >&2; exit 2; }

set +e
swift package generate-documentation --target IGMP --target IGMPCapture --warnings-as-errors 2>&1 \
    | grep -vE '^\[[0-9]+/[0-9]+\]|^Building|^Compiling|^Write|^Planning'
status=${PIPESTATUS[0]}
set -e
[ "$status" = 0 ] || { echo "check-docs: the DocC catalogs do not build without warnings (above)" >&2; exit 1; }

graphs="$(swift build --show-bin-path)/../symbolgraph"
rm -rf "$graphs"
swift package dump-symbol-graph --minimum-access-level public > "${TMPDIR:-/tmp}/igmpguard-symbolgraph.log" 2>&1 \
    || { cat "${TMPDIR:-/tmp}/igmpguard-symbolgraph.log" >&2; echo "check-docs: dump-symbol-graph failed" >&2; exit 1; }
"$python" - "$graphs" IGMP IGMPCapture <<'PY'
import glob, json, os, sys
folder, modules = sys.argv[1], sys.argv[2:]
missing, total = [], 0
for module in modules:
    paths = glob.glob(os.path.join(folder, module + ".symbols.json")) + glob.glob(os.path.join(folder, module + "@*.symbols.json"))
    if not paths: sys.exit(f"check-docs: no symbol graph for {module} in {folder}")
    for path in paths:
        for symbol in json.load(open(path))["symbols"]:
            if symbol["accessLevel"] not in ("public", "open") or "::SYNTHESIZED::" in symbol["identifier"]["precise"]:
                continue
            if any(part.startswith("_") for part in symbol["pathComponents"]) or "location" not in symbol:
                continue
            total += 1
            doc = symbol.get("docComment")
            if not doc or doc.get("module", module) != module:
                where = symbol["location"]
                file = where.get("uri", "?").replace("file://", "")
                line = where.get("position", {}).get("line", -1) + 1
                missing.append(f"{os.path.relpath(file)}:{line}: {'.'.join(symbol['pathComponents'])}")
if total == 0: sys.exit("check-docs: no public symbol found: the symbol graphs are not what this check expects")
for line in sorted(missing): print("check-docs: undocumented:", line)
print(f"check-docs: {total - len(missing)} of {total} public symbols of {', '.join(modules)} documented")
sys.exit(1 if missing else 0)
PY
