"""The select boxes written out in Python: the same HTML as Django's ``Select``."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from campaigns.filters import ActivityFilter
from laoshan_portal.filters import ScopedFilterSet
from laoshan_portal.forms import AreaChoiceField, StyledForm
from laoshan_portal.scoping import Scope
from laoshan_portal.widgets import QuickSelect

CHOICES: list[Any] = [
    ("", _("All")),
    (1, "a<b>&\"'"),
    (2, mark_safe("<i>safe</i>")),  # noqa: S308  # nosec B308
    ("group", [(3, "inside"), (4, 2026)]),
    (5, _("Area")),
]
ATTRS = [{}, {"class": "form-select", "required": True, "disabled": False, "data-x": "<>"}]


@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", [None, "", 1, "3", [2], "nothing"])
def test_it_writes_what_djangos_select_draws(value: Any, attrs: dict[str, Any]) -> None:
    drawn = forms.Select(choices=CHOICES, attrs=attrs).render("n", value)
    assert QuickSelect(choices=CHOICES, attrs=attrs).render("n", value) == drawn


def test_styled_forms_and_filters_draw_their_selects_quickly(tree: Any, roles: Any) -> None:
    class Form(StyledForm):
        kind = forms.ChoiceField(choices=CHOICES)
        area = AreaChoiceField(queryset=tree.laoshan.__class__.objects.all())
        many = forms.MultipleChoiceField(choices=CHOICES[:2])

    form = Form()
    assert type(form.fields["kind"].widget) is QuickSelect
    assert type(form.fields["area"].widget) is QuickSelect
    assert type(form.fields["many"].widget) is forms.SelectMultiple
    drawn = str(form["area"])
    plain = forms.Select(choices=form.fields["area"].choices, attrs={"class": "form-select"})
    assert drawn == plain.render("area", None, attrs={"required": True, "id": "id_area"})
    assert "瑞都社区" in drawn
    found = ActivityFilter({}, scope=Scope(area=tree.jinjialing, role=roles.street_staff.role))
    assert isinstance(found, ScopedFilterSet)
    assert type(found.form.fields["area"].widget) is QuickSelect
