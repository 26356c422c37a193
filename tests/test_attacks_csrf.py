"""A forged cross-site POST is refused on every URL and changes nothing.

Every URL pattern (admin and the public check-in included) gets a POST without a CSRF
token from a signed-in district administrator, the way a hostile page would send it; it
must be a 403 (or a 405 from a view that takes no POST) and leave every table as it was.
The same post with the token gets through, so the 403 is the token's.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cadres.checkins.links import checkin_public_path
from cadres.models import Need
from laoshan_portal.audit.models import AuditEvent
from tests.attacks.pages import html_of
from tests.attacks.rows import changed, row_counts
from tests.attacks.urls import (
    csrf_checking_client,
    make_world,
    pattern_named,
    url_for,
    url_kwargs,
    url_names,
)

pytestmark = pytest.mark.usefixtures("fresh_cache")

# Answered before the CSRF check, and changing nothing: the load balancer's probe.
NOT_CSRF_CHECKED = {"healthz"}
FORGED = {"name": "伪造", "title": "伪造", "status": "deceased", "note": "x", "cadre": "1"}


def _counts() -> dict[str, int]:
    counts = row_counts()
    counts["audit.AuditEvent"] = AuditEvent.objects.count()
    return counts


@pytest.mark.parametrize("name", [n for n in url_names() if n not in NOT_CSRF_CHECKED])
def test_it_refuses_a_post_without_the_csrf_token(name: str, tree: Any, roles: Any) -> None:
    # Objects only where the URL names one: most of the cost of this test is making them.
    world = make_world(tree, roles) if url_kwargs(pattern_named(name)) else None
    url = url_for(name, world)
    client = csrf_checking_client(roles.district_admin)
    before = _counts()
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(url, FORGED)
        assert response.status_code in {403, 405}, (method, url, response.status_code)
        if response.status_code == 403:  # the CSRF check's refusal, not a missing right
            assert "CSRF" in html_of(response), (method, url)
    assert not changed(before, _counts()), url


def test_it_refuses_a_forged_public_checkin(tree: Any, roles: Any) -> None:
    world = make_world(tree, roles)
    url = checkin_public_path(world.community)
    before = _counts()
    response = Client(enforce_csrf_checks=True).post(url, {"name": "伪造", "consent": "on"})
    assert response.status_code == 403
    assert "CSRF" in html_of(response)
    assert not changed(before, _counts())


def test_it_refuses_a_token_from_another_session(tree: Any, roles: Any) -> None:
    """A token the attacker got from their own visit does not fit the victim's cookie."""
    world = make_world(tree, roles)
    attacker = Client(enforce_csrf_checks=True)
    attacker.get(reverse("accounts:login"))
    stolen = attacker.cookies["csrftoken"].value
    victim = csrf_checking_client(roles.district_admin)
    victim.get(reverse("cadres:need_create"))
    response = victim.post(
        reverse("cadres:need_create"),
        {"csrfmiddlewaretoken": stolen, "title": "伪造", "area": world.community.pk},
    )
    assert response.status_code == 403


def test_it_takes_the_same_post_with_the_token(tree: Any, roles: Any) -> None:
    world = make_world(tree, roles)
    client = csrf_checking_client(roles.district_admin)
    page = client.get(reverse("cadres:need_create"))
    token = page.context["csrf_token"]
    assert f'name="csrfmiddlewaretoken" value="{token}"' in html_of(page)
    response = client.post(
        reverse("cadres:need_create"),
        {
            "csrfmiddlewaretoken": str(token),
            "title": "老年大学书法课助教",
            "area": world.community.pk,
            "people_needed": "1",
        },
    )
    assert response.status_code == 302
    assert Need.objects.filter(title="老年大学书法课助教").exists()
