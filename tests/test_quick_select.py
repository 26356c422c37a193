"""The select boxes written out in Python: the same HTML as Django's ``Select``."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from campaigns.filters import ActivityFilter
from laoshan_portal.accounts.models import Area
from laoshan_portal.filters import ScopedFilterSet
from laoshan_portal.forms import AreaChoiceField, StyledForm
from laoshan_portal.scoping import Scope
from laoshan_portal.widgets import QuickSelect
from tests.factories.volunteering import TeamFactory
from volunteering import services
from volunteering.models import Team
from volunteering.selectors import activity_filtered

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


def _drawn_choices(scope: Scope) -> tuple[str, str]:
    found = activity_filtered(scope=scope)
    return str(found.form["area"]), str(found.form["team"])


def test_a_filters_area_and_team_options_are_read_once_until_one_changes(
    tree: Any, roles: Any, django_assert_num_queries: Any
) -> None:
    street = Scope(area=tree.jinjialing, role=roles.street_staff.role)
    team = TeamFactory(area=tree.ruidu, name="瑞都志愿服务队")
    with django_assert_num_queries(2):  # the areas, the teams
        areas, teams = _drawn_choices(street)
    assert "瑞都志愿服务队" in teams and "瑞都社区" in areas
    with django_assert_num_queries(0):
        assert _drawn_choices(street) == (areas, teams)

    services.team_update(
        scope=street,
        actor=roles.street_staff,
        team=team,
        name="瑞都银龄服务队",
        kind=team.kind,
        area=team.area,
        brand=team.brand,
        leader=team.leader,
        founded=team.founded,
        active=team.active,
    )
    with django_assert_num_queries(1):  # the teams again; the areas are as they were
        again_areas, again_teams = _drawn_choices(street)
    assert again_areas == areas
    assert "瑞都银龄服务队" in again_teams and "瑞都志愿服务队" not in again_teams


def test_each_scope_keeps_its_own_options(tree: Any, roles: Any) -> None:
    TeamFactory(area=tree.ruidu, name="瑞都志愿服务队")
    district = Scope(area=tree.laoshan, role=roles.district_admin.role)
    street = Scope(area=tree.jinjialing, role=roles.street_staff.role)
    everywhere, _ = _drawn_choices(district)
    own, _ = _drawn_choices(street)
    assert "中韩街道" in everywhere
    assert "中韩街道" not in own and "瑞都社区" in own
    assert _drawn_choices(district)[0] == everywhere  # the district's, kept apart


def test_the_option_chosen_is_marked_in_kept_options(tree: Any, roles: Any) -> None:
    street = Scope(area=tree.jinjialing, role=roles.street_staff.role)
    _drawn_choices(street)  # kept now
    found = activity_filtered(scope=street, params={"area": tree.ruidu.pk})
    assert f'<option value="{tree.ruidu.pk}" selected>' in str(found.form["area"])


def test_options_whose_labels_read_other_tables_are_not_kept(
    tree: Any, django_assert_num_queries: Any
) -> None:
    class TeamWithArea(forms.ModelChoiceField):  # type: ignore[type-arg]
        def label_from_instance(self, obj: Any) -> str:
            return f"{obj.area.name} {obj.name}"

    TeamFactory(area=tree.ruidu, name="瑞都志愿服务队")

    class Form(StyledForm):
        team = TeamWithArea(queryset=Team.objects.select_related("area"))

    str(Form()["team"])
    with django_assert_num_queries(1):
        assert "瑞都社区 瑞都志愿服务队" in str(Form()["team"])


def test_a_select_of_no_rows_is_drawn_without_keeping(tree: Any) -> None:
    class Form(StyledForm):
        area = AreaChoiceField(queryset=Area.objects.none(), required=False)

    assert str(Form()["area"]).count("<option") == 1  # the empty choice alone
