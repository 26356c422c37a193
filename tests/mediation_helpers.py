"""The 和事佬 teams and mediators of the mediation case tests, and a case of theirs."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from laoshan_portal.scoping import Scope
from tests.factories.cadres import CadreFactory
from tests.factories.mediation import RegisteredCaseFactory
from tests.factories.volunteering import MediationTeamFactory, TeamFactory
from volunteering.mediation.models import MediationCase

EVERYTHING = Scope(area=None, unrestricted=True)


def mediation_world(tree: Any) -> dict[str, Any]:
    """瑞都's and 午山's 和事佬 teams, a volunteer team, and mediators near and far."""
    return {
        "team": MediationTeamFactory(area=tree.ruidu, name="瑞都和事佬调解队"),
        "other_team": MediationTeamFactory(area=tree.wushan, name="午山和事佬调解队"),
        "volunteers": TeamFactory(area=tree.ruidu, name="瑞都志愿服务队", kind="volunteer"),
        "mediator": CadreFactory(area=tree.qiantaiju, name="于调解"),
        "second": CadreFactory(area=tree.ruidu, name="谭调解"),
        "far": CadreFactory(area=tree.wushan, name="钟调解"),
    }


def ruidu_case(world: dict[str, Any], **fields: Any) -> MediationCase:
    """A case registered in 瑞都 for its 和事佬 team, mediated by 谭调解."""
    team = world["team"]
    return RegisteredCaseFactory(area=team.area, team=team, mediators=[world["second"]], **fields)


def today() -> date:
    return timezone.localdate()
