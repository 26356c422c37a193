"""Schemathesis against the live schema, as each role with its token: generated requests
(bounded and derandomised) to every read endpoint never get a server error, every answer
matches the schema, and no record outside the caller's area ever appears in one."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import services
from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import scope_for_user
from laoshan_portal.wsgi import application
from tests.api_world import staff_key
from tests.factories.cadres import CadreFactory, NeedFactory
from tests.factories.retirees import RetireeAccountFactory
from tests.factories.volunteering import CertificateFactory, ServiceRecordFactory
from tests.factories.workrooms import WorkroomActivityFactory

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 15,
        "generation": {
            "mode": "positive",
            "max-examples": 12,
            "deterministic": True,
            "database": "none",
        },
    }
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = ["district_admin", "street_staff", "secretary_a", "retiree"]
PLACES = ("ruidu", "qiantaiju", "miaoling", "wushan", "tuandao")


# The schema as the running portal serves it (no database is read to serve it). Signing
# in and giving a token back change state: tests/test_api_tokens.py has them.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application, config=CONFIG).exclude(
    path="/api/v1/auth/token/"
)


@pytest.fixture
def same_connection() -> Iterator[None]:
    """Requests to the WSGI application keep the test's database connection (the end of a
    request would otherwise close it, and the test's data with it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(
    tree: Any, roles: Any, settings: Any, fresh_cache: None, same_connection: None
) -> dict[str, Any]:
    """Records, needs and activities in every area, and a retiree with hours."""
    rates = {"user": "100000/hour", "anon": "100000/hour", "sign-in": "100000/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    for place in PLACES:
        area = getattr(tree, place)
        CadreFactory(area=area, name=f"{area.name}老人", birth_date="1950-01-01")
        NeedFactory(area=area, title=f"{area.name}需求")
        ServiceRecordFactory(area=area, hours=Decimal(3))
        WorkroomActivityFactory(area=area)
    NeedFactory(area=tree.jinjialing, title="街道需求")
    account = RetireeAccountFactory(area=tree.qiantaiju)
    CertificateFactory(area=tree.qiantaiju, cadre=account.cadre)
    retiree_key = services.retiree_token_issue(user=account.user, area=tree.qiantaiju).key
    keys = {name: staff_key(roles, getattr(roles, name)) for name in ROLES[:-1]}
    keys["retiree"] = retiree_key
    users = {name: getattr(roles, name) for name in ROLES[:-1]}
    users["retiree"] = account.user
    return {"keys": keys, "users": users, "account": account, "tree": tree}


def _records(body: Any) -> list[dict[str, Any]]:
    """The records an answer holds: a page's results, a list, or one object."""
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        return [row for row in body["results"] if isinstance(row, dict)]
    if isinstance(body, list):
        return [row for row in body if isinstance(row, dict)]
    return [body] if isinstance(body, dict) else []


def _in_reach(role: str, world: dict[str, Any], area: Area) -> bool:
    """Whether a record of ``area`` may reach this role: its scope for staff; for the
    retiree, their street (their own record's place and their community among it)."""
    if role != "retiree":
        return scope_for_user(world["users"][role]).contains(area)
    return area.is_within(world["tree"].jinjialing)


def _check(case: Any, role: str, world: dict[str, Any]) -> None:
    headers = {"Authorization": f"Bearer {world['keys'][role]}"}
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    if response.status_code != 200 or not response.content:
        return
    for record in _records(response.json()):
        if "area_id" in record:
            area = Area.objects.get(pk=record["area_id"])
            assert _in_reach(role, world, area), f"{case.path} gave {area} to {role}"


BOUNDED = settings(deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@schema.parametrize()
@BOUNDED
def test_as_the_district_admin(case: Any, world: dict[str, Any]) -> None:
    _check(case, "district_admin", world)


@schema.parametrize()
@BOUNDED
def test_as_street_staff(case: Any, world: dict[str, Any]) -> None:
    _check(case, "street_staff", world)


@schema.parametrize()
@BOUNDED
def test_as_a_community_secretary(case: Any, world: dict[str, Any]) -> None:
    _check(case, "secretary_a", world)


@schema.parametrize()
@BOUNDED
def test_as_a_retiree(case: Any, world: dict[str, Any]) -> None:
    _check(case, "retiree", world)
