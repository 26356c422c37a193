"""The Chinese translation is complete, current and compiled."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_it_has_no_untranslated_or_fuzzy_entry() -> None:
    po = polib.pofile(str(PO))
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_it_ships_a_compiled_file_that_matches_the_source() -> None:
    po = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural) for e in polib.pofile(str(PO))}
    mo = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural) for e in polib.mofile(str(MO))}
    po.pop((None, ""), None)
    mo.pop((None, ""), None)
    assert po == mo, "run `make messages` to recompile locale/zh_Hans"


def test_it_speaks_chinese_by_default() -> None:
    with translation.override("zh-hans"):
        assert translation.gettext("Log in") == "登录"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_it_has_translated_every_string_in_the_code(tmp_path: Path) -> None:
    """Extract the strings afresh from a copy of the source: none may be missing."""
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(".*", "__pycache__", "var", "static", "node_modules", "*.mo")
    shutil.copytree(ROOT, copy, ignore=ignore)
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(copy)},
    )
    fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in fresh.untranslated_entries() + fresh.fuzzy_entries()]
    assert missing == [], "run `make messages` and translate these"
