#!/usr/bin/python3
"""Validates EVE JSON lines (stdin, one object per line) against Suricata's own schema (argv[1], its etc/schema.json).

Prints one line per invalid record ("line N: where: why") and exits 1 when any is invalid, 0 when all are valid.
Run with Debian's /usr/bin/python3, for which python3-jsonschema is installed.
"""
import json
import sys

import jsonschema

def main() -> int:
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    validator = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)(schema)
    failures = 0
    records = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        records += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            print(f"line {number}: not JSON: {error}")
            failures += 1
            continue
        for error in validator.iter_errors(record):
            where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
            print(f"line {number}: {where}: {error.message}")
            failures += 1
    print(f"{records} records, {failures} schema errors", file=sys.stderr)
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
