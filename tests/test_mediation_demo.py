"""The mediation demo data: 和事佬 teams and the article's 23 mediated disputes, once.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from laoshan_portal.scoping import Scope
from tests.factories.cadres import CadreFactory
from volunteering.mediation import demo
from volunteering.mediation.models import MediationCase
from volunteering.mediation.selectors import mediation_reminders
from volunteering.models import Team

EVERYTHING = Scope(area=None, unrestricted=True)


def test_it_seeds_the_demo_teams_and_23_cases_once(tree: Any) -> None:
    for area in (tree.qiantaiju, tree.miaoling, tree.wushan):
        CadreFactory.create_batch(3, area=area)
    first = demo.seed()
    assert first == {"teams": 3, "cases": 23}  # the demo teams whose areas this tree has
    assert demo.seed() == {"teams": 0, "cases": 0}
    cases = MediationCase.objects.all()
    assert cases.count() == 23
    assert Team.objects.filter(kind="mediation").count() == 3
    outcomes = [case.outcome for case in cases]
    assert outcomes.count("success") == 18
    assert outcomes.count("failed") + outcomes.count("referred") == 5
    assert all(case.records.count() == 2 for case in cases)
    due = mediation_reminders(scope=EVERYTHING, today=timezone.localdate())
    assert {reminder.kind for reminder in due} == {"follow_up", "judicial"}
