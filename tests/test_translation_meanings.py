"""One Chinese word, one meaning: translations read right where they are shown."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import polib
import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports import services
from tests.conftest import client_for
from tests.reports_world import OCTOBER, build, eager_tasks  # noqa: F401 - a fixture

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# Different English wordings that mean the same thing where they are shown, so share a msgstr.
# A msgstr shared by two msgids of different meaning is a mistranslation: give one of them its
# own word, or a msgctxt (pgettext / {% translate ... context ... %}) when the English is one.
SYNONYMS: dict[str, set[str]] = {
    "居住地": {"Lives in", "Residence"},
    "待办": {"Due", "To-do"},
    "退回原因": {"Reason for rejecting", "reason for rejection"},
    "排序": {"Sort by", "order"},
    "其他": {"Elsewhere", "Other"},
    "修改": {"Change", "Changed"},
    "合并": {"Merge", "Merged"},
    "删除": {"Delete", "Deleted"},
    "导入": {"Import", "Imported"},
    "查看敏感信息": {"Show sensitive data", "Revealed sensitive data"},
    "时间": {"Time", "When"},
    "登记人": {"Entered by", "registered by"},
    "基层党组织数": {"grassroots party organisations", "party organisation count"},
    "委员": {"Committee member", "Committee"},
    "地点": {"Place", "Where"},
    "治理需求": {"Governance needs", "Needs"},
    "安排": {"Assign", "assignment"},
    "五大行动": {"Five campaigns", "campaigns"},
    "主题": {"Theme", "Topic"},
    "建言主题": {"Subject", "Subject of the proposal"},
    "老党员工作室": {"Old party member workroom", "Workrooms"},
    "各下级区域所辖区域数": {
        "Areas below each part of this area",
        "Areas below each part of your area",
    },
    "已停用": {"Deactivated", "Inactive"},
    "代为登记报到": {"Register a check-in", "Register on someone's behalf"},
    "结案日期": {"Closing date", "closed"},
    "协议扫描件": {"Scans of the agreement", "agreement scan"},
    "身份": {"Party to the dispute as", "Who"},
    "星级": {"Star level", "Stars"},
    "议事会议": {"Deliberation meetings", "Meetings"},
    "志愿服务记录证明": {
        "Volunteer service record certificate",
        "Volunteer service certificates",
        "volunteer certificate",
    },
    "该证明已被撤销。": {
        "This certificate has been revoked.",
        "This certificate has been revoked already.",
    },
    "累计时长": {"Hours in all", "total hours"},
    "负责人": {"Leader", "Lead"},
    "待办事项": {"Open follow-ups", "what is to be done"},
    "志愿服务": {"Volunteering", "Volunteer service"},
    "内容": {"Content", "text"},
    "每人时长（小时）": {"Hours each", "Their hours each"},
    "请填写日期。": {"Give the date.", "Please give the date."},
    "手机号": {"Mobile", "Mobile number"},
}


def meaning(msgid: str) -> str:
    """The msgid with case and plural endings ignored: "Teams" and "team" mean one thing."""
    words = []
    for word in re.findall(r"[a-z0-9']+", msgid.lower()):
        if word.endswith("ies"):
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


def shared_translations() -> dict[str, set[str]]:
    """Each msgstr that stands for more than one meaning, with those meanings."""
    meanings: dict[str, set[str]] = defaultdict(set)
    for entry in polib.pofile(str(PO)):
        if entry.msgstr:
            meanings[entry.msgstr].add(meaning(entry.msgid))
    return {text: found for text, found in meanings.items() if len(found) > 1}


def test_no_translation_stands_for_two_meanings() -> None:
    allowed = {text: {meaning(msgid) for msgid in ids} for text, ids in SYNONYMS.items()}
    shared = shared_translations()
    wrong = {text: found for text, found in shared.items() if allowed.get(text) != found}
    assert wrong == {}, "translate these apart, or add true synonyms to SYNONYMS"
    assert set(allowed) - set(shared) == set(), "SYNONYMS lists words no longer shared"


def test_the_area_code_column_and_field_say_code(tree: Any, roles: Any) -> None:
    client = client_for(roles.street_staff)
    adding = reverse("accounts:area_child_create", args=[tree.ruidu.code])
    for url in (reverse("accounts:area_index"), adding):
        page = client.get(url).content.decode()
        assert "编码" in page and "验证码" not in page, url


@pytest.mark.usefixtures("eager_tasks")
def test_the_dashboard_titles_the_figures_of_the_areas_below(tree: Any, roles: Any) -> None:
    build(tree)
    response = client_for(roles.street_staff).get(
        reverse("reports:dashboard"), {"month": str(OCTOBER)}
    )
    page = response.content.decode()
    assert "各下级区域情况" in page and "下级区域数" not in page


@pytest.mark.usefixtures("eager_tasks")
def test_the_report_heads_mediation_counts_as_cases_received(tree: Any) -> None:
    build(tree)
    report, _queued = services.report_request(area=tree.jinjialing, month=OCTOBER)
    handle = services.report_open(report)
    assert handle is not None
    with handle:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "受理数" in text and "提交时间" not in text
