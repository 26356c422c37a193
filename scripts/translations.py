#!/usr/bin/env python
"""Extract the strings, fill the Chinese translation from locale/pending/*.json, compile.

Usage: .venv/bin/python scripts/translations.py
Each JSON file maps an English msgid to its Simplified Chinese text (plural entries: the
msgid of the singular). Prints what is still untranslated. Needs GNU gettext (xgettext).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main() -> int:
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-location",
         "--no-obsolete"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )  # fmt: skip
    pending: dict[str, str] = {}
    for path in sorted((ROOT / "locale" / "pending").glob("*.json")):
        pending.update(json.loads(path.read_text(encoding="utf-8")))
    po = polib.pofile(str(PO))
    po.metadata_is_fuzzy = False
    missing = []
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = {0: ""} if entry.msgid_plural else {}
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
        text = pending.get(entry.msgid)
        if entry.msgid_plural:
            if text:
                entry.msgstr_plural = {0: text}
            if not entry.msgstr_plural.get(0):
                missing.append(entry.msgid)
        else:
            if text:
                entry.msgstr = text
            if not entry.msgstr:
                missing.append(entry.msgid)
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
