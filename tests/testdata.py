"""Third-party test material (XSS payloads, Markdown inputs, the French Q&A corpus), read in place.

It lives in ../shared/testdata beside the clone (or where FORUM_TESTDATA points), never in the
project. A clone without it still runs every other test: the tests that need it skip and say
where to put it. Under CI=true a missing file fails instead, so CI never skips them silently.
"""

import json
import os
from pathlib import Path

import pytest

TESTDATA = Path(os.environ.get("FORUM_TESTDATA", Path(__file__).resolve().parents[2] / "shared" / "testdata"))


def missing_reason(name: str) -> str:
    return (f"test data {name} is not in {TESTDATA}: put the project's shared/ folder beside this clone "
            f"(../shared/testdata) or set FORUM_TESTDATA to a folder that holds it")


def _refuse(name: str, module: bool = False):
    reason = missing_reason(name)
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=module)


def path(name: str, module: bool = False) -> Path:
    """The file's path; skips (fails under CI) when it is missing. `module=True` at import time."""
    found = TESTDATA / name
    if not found.exists():
        _refuse(name, module)
    return found


def jsonl(name: str) -> list[dict]:
    with open(path(name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def xss_payloads() -> list[str]:
    """The payloads of xss-payloads.txt, one a line; `\\r` / `\\n` written out are turned back."""
    text = path("xss-payloads.txt").read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if line and not line.startswith("#")]
    return [line.replace("\\r", "\r").replace("\\n", "\n") for line in lines]


def jsonl_cases(name: str) -> list:
    """Records of a JSONL file for @pytest.mark.parametrize, read at collection time.

    Missing: one case that skips with the reason (a collection error under CI).
    """
    if (TESTDATA / name).exists():
        return jsonl(name)
    if os.environ.get("CI") == "true":
        raise pytest.fail(missing_reason(name), pytrace=False)
    return [pytest.param(None, marks=pytest.mark.skip(reason=missing_reason(name)), id="missing")]
