"""The browser tests need Debian's Chromium: without it they must fail, never skip."""

import os

import pytest

from tests.helpers import chromium_path

pytestmark = pytest.mark.browser


def test_chromium_is_installed():
    exe = chromium_path()
    assert os.access(exe, os.X_OK)
