"""Check `palmyra extract` output against an expected-events file.

    python scripts/check_expected.py EVENTS.jsonl EXPECTED.json
    palmyra extract seed.txt --published 2016-12-16 | python scripts/check_expected.py - EXPECTED.json

Prints one line per expected item (OK / MISSING / DUPLICATED / VIOLATED) and a
closing ``N passed, M failed``; exits 1 when any item fails, 2 on unreadable input.
The matching rules are in palmyra.evaluate.expected.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType


def _expected_module() -> ModuleType:
    """palmyra.evaluate.expected, from the installed package or straight from src/."""
    try:
        from palmyra.evaluate import expected
    except ImportError:
        path = Path(__file__).resolve().parents[1] / "src" / "palmyra" / "evaluate" / "expected.py"
        spec = importlib.util.spec_from_file_location("palmyra_expected", path)
        if spec is None or spec.loader is None:
            raise
        expected = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = expected  # dataclasses look the module up while building classes
        spec.loader.exec_module(expected)
    return expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check extract output (JSONL) against an expected-events file.")
    parser.add_argument("events", help="event records, one JSON object per line ('-' for stdin)")
    parser.add_argument("expected", help="expected-events JSON (must / must_not)")
    args = parser.parse_args(argv)
    module = _expected_module()
    try:
        if args.events == "-":
            records = module.read_records(sys.stdin)
        else:
            records = module.load_records(args.events)
        expected = json.loads(Path(args.expected).read_text(encoding="utf-8"))
        results = module.check(records, expected)
    except (OSError, ValueError) as e:
        print(f"check_expected: {e}", file=sys.stderr)
        return 2
    for result in results:
        print(result.line())
    print(module.summary(results))
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
