"""Pinyin of names, stored beside them so "zhangxiaosong" and "zxs" find 张晓松."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def name_pinyin(name: str) -> str:
    return "".join(lazy_pinyin(name, errors="ignore")).lower()


def name_initials(name: str) -> str:
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()
