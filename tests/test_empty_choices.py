"""Empty choices read 全部 in the filters of a list and 请选择 in a form, never dashes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django import forms
from django.urls import reverse

from laoshan_portal.forms import StyledForm
from tests.conftest import client_for

LISTS = [
    "cadres:cadre_list",
    "cadres:post_list",
    "volunteering:team_list",
    "volunteering:activity_list",
    "mediation:case_list",
    "workrooms:workroom_list",
    "workrooms:activity_list",
    "workrooms:meeting_list",
    "workrooms:agreement_list",
    "campaigns:activity_list",
]
FORMS = [
    "cadres:cadre_create",
    "cadres:need_create",
    "volunteering:team_create",
    "mediation:case_create",
    "workrooms:workroom_create",
]


def empty_options(page: str) -> list[str]:
    return re.findall(r'<option value=""[^>]*>([^<]*)</option>', page)


@pytest.mark.parametrize("name", LISTS)
def test_a_lists_filters_offer_all(name: str, tree: Any, roles: Any) -> None:
    page = client_for(roles.district_admin).get(reverse(name)).content.decode()
    found = empty_options(page)
    assert found and "---------" not in page
    assert set(found) <= {"全部", "全部品牌"} and "全部" in found, found


@pytest.mark.parametrize("name", FORMS)
def test_a_forms_selects_ask_to_choose(name: str, tree: Any, roles: Any) -> None:
    page = client_for(roles.district_admin).get(reverse(name)).content.decode()
    assert "---------" not in page
    assert "请选择" in empty_options(page)


def test_a_form_keeps_an_empty_choice_it_words_itself() -> None:
    class Form(StyledForm):
        kind = forms.ChoiceField(choices=[("", "不清楚"), ("a", "甲")], required=False)
        other = forms.ChoiceField(choices=[("", "---------"), ("a", "甲")], required=False)

    form = Form()
    assert list(form.fields["kind"].choices)[0] == ("", "不清楚")
    assert list(form.fields["other"].choices)[0] == ("", "请选择")
