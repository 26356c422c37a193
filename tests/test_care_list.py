"""The care list (关爱对象): each rule alone and combined, decisions by hand, and a death
that takes a person off every list while their visits stay."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cadres import services as cadre_services
from cadres.models import Cadre
from care import services
from care.models import Visit
from care.rules import Reason
from care.selectors import care_people, care_status, due_visits
from laoshan_portal.scoping import Scope
from tests.care_people import person

TODAY = date(2026, 12, 4)  # the suite's clock


def listed(tree: Any) -> dict[str, list[str]]:
    """Each person on the care list of 瑞都社区 with their reasons."""
    scope = Scope(tree.ruidu, "secretary")
    return {
        cadre.name: care_status(cadre=cadre, today=TODAY).reasons  # type: ignore[union-attr]
        for cadre in care_people(scope=scope, today=TODAY)
    }


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"living_arrangement": Cadre.Living.ALONE}, Reason.ALONE),
        ({"self_care": Cadre.SelfCare.PARTIAL}, Reason.SELF_CARE),
        ({"self_care": Cadre.SelfCare.NONE}, Reason.SELF_CARE),
        ({"serious_illness": True}, Reason.ILLNESS),
        ({"hardship": True}, Reason.HARDSHIP),
        ({"bereaved_on": date(2026, 1, 10)}, Reason.BEREAVED),
        ({"born": date(1946, 12, 4)}, Reason.AGED),
    ],
)
def test_each_rule_alone_puts_a_person_on_the_list(tree: Any, fields: Any, reason: str) -> None:
    person(tree.qiantaiju, "甲", **fields)
    person(tree.qiantaiju, "乙")  # on no list
    assert listed(tree) == {"甲": [reason]}


@pytest.mark.parametrize(
    "fields",
    [
        {"born": date(1946, 12, 5)},  # 80 tomorrow
        {"bereaved_on": date(2025, 12, 4)},  # twelve months ago today
        {"living_arrangement": Cadre.Living.EMPTY_NEST, "born": date(1950, 1, 1)},
        {"living_arrangement": Cadre.Living.CARE_HOME},
    ],
)
def test_just_outside_a_rule_is_off_the_list(tree: Any, fields: Any) -> None:
    person(tree.qiantaiju, "甲", **fields)
    assert listed(tree) == {}


def test_an_empty_nest_counts_over_80_and_the_rules_combine(tree: Any) -> None:
    person(
        tree.qiantaiju,
        "甲",
        living_arrangement=Cadre.Living.EMPTY_NEST,
        born=date(1940, 6, 1),
        serious_illness=True,
        hardship=True,
        bereaved_on=date(2026, 6, 1),
        self_care=Cadre.SelfCare.NONE,
    )
    assert listed(tree) == {
        "甲": [
            Reason.EMPTY_NEST,
            Reason.SELF_CARE,
            Reason.ILLNESS,
            Reason.AGED,
            Reason.HARDSHIP,
            Reason.BEREAVED,
        ]
    }


def test_staff_add_and_remove_by_hand_with_a_reason(tree: Any, roles: Any) -> None:
    scope = Scope(tree.ruidu, "secretary")
    added = person(tree.qiantaiju, "甲")
    removed = person(tree.qiantaiju, "乙", hardship=True)
    kwargs = {"scope": scope, "actor": roles.secretary_a}
    services.care_list_decide(cadre=added, include=True, reason="子女在外地", **kwargs)
    services.care_list_decide(cadre=removed, include=False, reason="已脱困", **kwargs)
    assert listed(tree) == {"甲": [Reason.MANUAL]}
    with pytest.raises(Exception, match="reason"):
        services.care_list_decide(cadre=added, include=False, reason="  ", **kwargs)


def test_a_person_outside_the_scope_cannot_be_decided(tree: Any, roles: Any) -> None:
    other = person(tree.wushan, "丙")
    with pytest.raises(Exception, match="area"):
        services.care_list_decide(
            scope=Scope(tree.ruidu, "secretary"),
            actor=roles.secretary_a,
            cadre=other,
            include=True,
            reason="x",
        )


def test_the_list_is_scoped(tree: Any) -> None:
    person(tree.qiantaiju, "甲", hardship=True)
    person(tree.wushan, "丙", hardship=True)
    names = {c.name for c in care_people(scope=Scope(tree.jinjialing, "street_staff"), today=TODAY)}
    assert names == {"甲"}


def test_a_death_leaves_every_list_and_keeps_the_visits(tree: Any, roles: Any) -> None:
    scope = Scope(tree.ruidu, "secretary")
    cadre = person(
        tree.qiantaiju, "甲", living_arrangement=Cadre.Living.ALONE, born=date(1946, 12, 20)
    )
    visit = Visit.objects.create(
        area=cadre.area, cadre=cadre, date=date(2026, 9, 1), kind=Visit.Kind.ROUTINE
    )
    assert listed(tree) == {"甲": [Reason.ALONE]}
    assert any(item.cadre.pk == cadre.pk for item in due_visits(scope, TODAY))
    cadre_services.cadre_set_status(
        scope=scope, actor=roles.secretary_a, cadre=cadre, status="deceased"
    )
    assert listed(tree) == {}
    assert not any(item.cadre.pk == cadre.pk for item in due_visits(scope, TODAY))
    from care.selectors import birthdays_between

    assert birthdays_between(scope, date(2026, 12, 1), date(2026, 12, 31)) == []
    assert Visit.objects.filter(pk=visit.pk).exists()
    # A condolence visit is the one visit still offered.
    condolence = services.visit_create(
        scope=scope,
        actor=roles.secretary_a,
        cadre=cadre,
        data={"date": TODAY, "kind": Visit.Kind.CONDOLENCE},
    )
    assert condolence.pk
    with pytest.raises(Exception, match="kind"):
        services.visit_create(
            scope=scope,
            actor=roles.secretary_a,
            cadre=cadre,
            data={"date": TODAY, "kind": Visit.Kind.ROUTINE},
        )


def test_a_person_who_moved_away_gets_no_visit(tree: Any, roles: Any) -> None:
    cadre = person(tree.qiantaiju, "甲", status=Cadre.Status.MOVED)
    with pytest.raises(Exception, match="no longer|不在本辖区"):
        services.visit_create(
            scope=Scope(tree.ruidu, "secretary"),
            actor=roles.secretary_a,
            cadre=cadre,
            data={"date": TODAY, "kind": Visit.Kind.CONDOLENCE},
        )
