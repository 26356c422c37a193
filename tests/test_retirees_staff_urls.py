"""Every staff URL of the portal, filled in with objects in the retiree's own area (their
own record among them), is a 403 or a 404 for a signed-in retiree.

The URL patterns are walked, as in tests/test_scope_urls.py: a page added later is
covered without anyone listing it here.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.attacks.urls import make_world, url_for, url_names
from tests.conftest import client_for
from tests.factories.retirees import RetireeAccountFactory

# Pages a retiree may open: sign-in and out, their own password, public pages, their own.
NOT_STAFF_PAGES = {
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "admin:login",
    "admin:logout",
    "healthz",
    "cadres:checkin_public",
    "volunteering:certificate_verify",
    "university:certificate_verify",
    # The API's schema, its documentation and the retirees' sign-in; the retiree's own
    # endpoints (tests/test_api_retiree.py refuses staff endpoints to retiree tokens).
    "api:schema",
    "api:docs",
    "api:token",
    "api:me",
    "api:my_hours",
    "api:my_stars",
    "api:my_certificates",
    "api:my_certificate_pdf",
    "api:my_needs",
    "api:my_need_offer",
    "api:my_offers",
    "api:my_activities",
    "api:my_activity_signup",
    "api:my_proposals",
    "api:my_concerns",
}

# The retirees app's own staff pages (its other pages are the retirees').
RETIREES_STAFF_PAGES = (
    "code_issue",
    "correction_list",
    "correction_decide",
    "proposal_list",
    "proposal_decide",
    "concern_list",
    "concern_handle",
    "planned_list",
    "planned_new",
    "planned_detail",
)


def staff_url_names() -> list[str]:
    return [
        name
        for name in url_names()
        if name not in NOT_STAFF_PAGES and not name.startswith("retirees:")
    ] + [f"retirees:{name}" for name in RETIREES_STAFF_PAGES]


@pytest.mark.parametrize("name", sorted(set(staff_url_names())))
def test_it_is_403_or_404_for_a_retiree(name: str, tree: Any, roles: Any) -> None:
    world = make_world(tree, roles)
    account = RetireeAccountFactory(area=tree.qiantaiju)
    world.extra[type(account.cadre)] = account.cadre  # their own record: still a staff page
    client = client_for(account.user)
    target = url_for(name, world)
    get = client.get(target)
    post = client.post(target)
    assert get.status_code in {403, 404}, f"GET {target}: {get.status_code}"
    assert post.status_code in {403, 404}, f"POST {target}: {post.status_code}"
