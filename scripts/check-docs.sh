#!/usr/bin/env bash
# The library documentation's two checks: the DocC catalogs of IGMP and IGMPCapture build without a warning
# (a broken symbol link or article reference is an error), and every public symbol of the two modules has a doc
# comment (read from the symbol graphs; members the compiler synthesises, such as `hashValue`, are left out, since
# no source line declares them).
set -euo pipefail
cd "$(dirname "$0")/.."
swift package generate-documentation --target IGMP --target IGMPCapture --warnings-as-errors 2>&1 \
    | grep -vE '^\[[0-9]+/[0-9]+\]|^Building|^Compiling|^Write|^Planning' || true
# generate-documentation's exit status is lost in the pipe: run it again quietly for the status (cached, seconds).
swift package generate-documentation --target IGMP --target IGMPCapture --warnings-as-errors > /dev/null 2>&1 \
    || { echo "check-docs: the DocC catalogs do not build without warnings (see above)" >&2; exit 1; }
swift package dump-symbol-graph --minimum-access-level public > /dev/null 2>&1
graphs="$(find .build -type d -name symbolgraph -path '*x86_64*' -o -type d -name symbolgraph -path '*aarch64*' | head -1)"
python3 - "$graphs" IGMP IGMPCapture <<'PY'
import glob, json, os, sys
folder, modules = sys.argv[1], sys.argv[2:]
missing, total = [], 0
for module in modules:
    for path in glob.glob(os.path.join(folder, module + ".symbols.json")) + glob.glob(os.path.join(folder, module + "@*.symbols.json")):
        for symbol in json.load(open(path))["symbols"]:
            if symbol["accessLevel"] not in ("public", "open") or "::SYNTHESIZED::" in symbol["identifier"]["precise"]:
                continue
            if any(part.startswith("_") for part in symbol["pathComponents"]):
                continue
            total += 1
            if not symbol.get("docComment"):
                where = symbol.get("location", {})
                file = where.get("uri", "?").replace("file://", "")
                line = where.get("position", {}).get("line", -1) + 1
                missing.append(f"{os.path.relpath(file)}:{line}: {'.'.join(symbol['pathComponents'])}")
for line in sorted(missing): print("check-docs: undocumented:", line)
print(f"check-docs: {total - len(missing)} of {total} public symbols of {', '.join(modules)} documented")
sys.exit(1 if missing else 0)
PY
