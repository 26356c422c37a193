"""The audit trail's hash chain: every event links to the one before, and
``verify_audit_log`` names the first event that was changed, removed or slipped in,
whoever did it (the edits below go around the portal, as a database superuser would).
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from laoshan_portal.audit.chain import GENESIS
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record, audit_verify


def _three_events(tree: Any, roles: Any) -> list[AuditEvent]:
    return [
        audit_record(actor=roles.secretary_a, action="update", area=tree.ruidu),
        audit_record(actor=roles.secretary_b, action="reveal", area=tree.wushan, ip="10.0.0.9"),
        audit_record(actor=roles.district_admin, action="export", detail={"rows": 12}),
    ]


def _behind_the_portal(sql: str, params: list[Any]) -> None:
    """What a database superuser could do: change rows with the append-only trigger off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


def test_each_event_links_to_the_one_before(tree: Any, roles: Any) -> None:
    first, second, third = _three_events(tree, roles)
    assert first.prev_hash == GENESIS
    assert (second.prev_hash, third.prev_hash) == (first.hash, second.hash)
    assert len({first.hash, second.hash, third.hash}) == 3
    out = StringIO()
    call_command("verify_audit_log", stdout=out)
    assert "3 events check" in out.getvalue()


def test_it_detects_a_changed_event(tree: Any, roles: Any) -> None:
    _first, second, _third = _three_events(tree, roles)
    _behind_the_portal(
        "UPDATE audit_auditevent SET username = %s WHERE id = %s", ["someone", second.pk]
    )
    checked, broken = audit_verify()
    assert (checked, broken.event_id, broken.reason) == (1, second.pk, "content")
    with pytest.raises(CommandError, match=f"broken at event {second.pk} .*changed"):
        call_command("verify_audit_log", stdout=StringIO())


def test_it_detects_a_changed_hash_too(tree: Any, roles: Any) -> None:
    """Rewriting an event and its hash breaks the next event's link."""
    _first, second, third = _three_events(tree, roles)
    _behind_the_portal("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["0" * 64, second.pk])
    broken = audit_verify()[1]
    assert (broken.event_id, broken.reason) == (second.pk, "content")


def test_it_detects_a_removed_event(tree: Any, roles: Any) -> None:
    _first, second, third = _three_events(tree, roles)
    _behind_the_portal("DELETE FROM audit_auditevent WHERE id = %s", [second.pk])
    checked, broken = audit_verify()
    assert (checked, broken.event_id, broken.reason) == (1, third.pk, "link")
    with pytest.raises(CommandError, match="removed or inserted"):
        call_command("verify_audit_log", stdout=StringIO())


def test_an_empty_trail_holds(db: None) -> None:
    assert audit_verify() == (0, None)
