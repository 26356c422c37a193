"""Logging an activity on a phone: step 1, a page of big buttons choosing what to log.

The campaigns' own kinds open ``campaigns:activity_create``; the kinds kept by other apps
(workroom activities, volunteer hours, mediation cases) open their own create forms with
``?next=`` back here. Those buttons appear only once their URL exists, so this page works
whether or not those apps are installed yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from laoshan_portal.scoping import staff_view

from ..models import ACTIVITY_NAMES, CAMPAIGNS

# URL name, button text, one line saying what it is for; in the order shown.
OTHER_KINDS: list[tuple[str, Promise, Promise]] = [
    (
        "workrooms:activity_create",
        _("Workroom activity"),
        _("An activity of an old party member or old secretary workroom"),
    ),
    (
        "volunteering:activity_create",
        _("Volunteer hours"),
        _("A volunteer team's activity with each person's hours"),
    ),
    (
        "mediation:case_create",
        _("Mediation case"),
        _("A dispute taken in by a mediation team"),
    ),
]


@dataclass(frozen=True)
class Choice:
    url: str
    label: str
    hint: str
    key: str


def other_choices(back: str) -> list[Choice]:
    """The other apps' create forms that exist now, each returning to ``back``."""
    found = []
    for name, label, hint in OTHER_KINDS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # that app has not shipped its form yet
        found.append(Choice(f"{url}?{urlencode({'next': back})}", str(label), str(hint), name))
    return found


@staff_view("campaigns.add_campaignactivity")
def log(request: HttpRequest) -> HttpResponse:
    back = reverse("campaigns:log")
    create = reverse("campaigns:activity_create")
    own = [
        Choice(
            f"{create}?{urlencode({'campaign': code})}",
            str(ACTIVITY_NAMES[code]),
            str(code.label),
            str(code),
        )
        for code in CAMPAIGNS
    ]
    return render(request, "campaigns/log.html", {"own": own, "others": other_choices(back)})


urlpatterns: list[URLPattern] = [
    path("campaigns/log/", log, name="log"),
]
