"""The dashboard's figures that do not come from the summary rows: mediation, campaigns,
needs, the senior university, party coverage, funds and deliberation, each counted by its
app's selector (a dozen small queries), and kept in the cache until a row they read
changes (``laoshan_portal.kept``: any save or delete of a model of those apps, of an area,
a team or a cadre forgets them all, at once and again on commit).

The monthly reports count them afresh (``exact``); pages read them kept, so a fresh
dashboard is a few small reads whatever happens in the other apps.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import Count, Q

from cadres.models import Cadre, Need, PartyOrganisationCount, Post
from cadres.posts.selectors import coverage_for
from cadres.selectors import need_list
from campaigns.selectors import campaign_figures
from funds.selectors import funds_headline
from laoshan_portal.accounts.models import Area
from laoshan_portal.kept import forget_on, kept
from laoshan_portal.scoping import Scope
from university.selectors import month_figures as university_figures
from volunteering.mediation.selectors import mediation_figures
from volunteering.models import Team
from workrooms.selectors import deliberation_figures

from .periods import Month

TOPIC = "dashboard-figures"
# Every model of these apps is read by one of the figures (directly or by a join).
APPS = ("mediation", "campaigns", "university", "funds", "workrooms")


def connect() -> None:
    """Forget the kept figures whenever a row they read changes."""
    models = [model for label in APPS for model in apps.get_app_config(label).get_models()]
    forget_on(TOPIC, *models, Cadre, Need, Post, PartyOrganisationCount, Area, Team)


def area_figures(
    *, area: Area, month: Month, previous: tuple[date, date], exact: bool = False
) -> dict[str, Any]:
    """The figures of ``area``'s subtree for ``month`` (mediation compared with the days
    ``previous``): kept for pages, counted now when ``exact``."""
    if exact:
        return _count(area, month, previous)
    key = f"dashboard-figures:{area.pk}:{month}:{previous[0]}:{previous[1]}"
    return kept([TOPIC], key, lambda: _count(area, month, previous))


def _count(area: Area, month: Month, previous: tuple[date, date]) -> dict[str, Any]:
    scope = Scope(area=area)
    start, end = month.start, month.end
    return {
        "mediation": mediation_figures(scope=scope, start=start, end=end, previous=previous),
        "campaigns": campaign_figures(scope=scope, start=start, end=end),
        "needs": needs_figures(scope=scope),
        "university": university_figures(scope=scope, start=start, end=end),
        "coverage": coverage_for(scope=scope, area=area),
        "funds": funds_headline(scope=scope, area=area, year=month.year, month=month.month),
        "deliberation": deliberation_figures(scope=scope, start=start, end=end),
    }


def needs_figures(*, scope: Scope) -> dict[str, int]:
    """Needs open and matched now (a stock, not a monthly figure), in one query."""
    return need_list(scope=scope).aggregate(
        open=Count("pk", filter=Q(status=Need.Status.OPEN)),
        matched=Count("pk", filter=Q(status=Need.Status.MATCHED)),
    )
