"""The audit trail: scoped for administrators, exportable, append-only, purged after 180 days."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record, audit_verify
from tests.conftest import client_for
from tests.factories.audit import AuditEventFactory

LIST = reverse("audit:event_list")


def _event_days_ago(days: int) -> int:
    """An event dated in the past (a plain INSERT: events cannot be updated)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, username, action, object_type, object_id,"
            " object_repr, succeeded, detail, prev_hash, hash)"
            " VALUES (%s, 'old', 'update', '', '', '', %s, %s, '', '')",
            [timezone.now() - timedelta(days=days), True, "{}"],
        )
    return AuditEvent.objects.get(username="old").pk


def test_it_shows_administrators_the_events_of_their_area(tree: Any, roles: Any) -> None:
    audit_record(actor=roles.secretary_a, action="update", area=tree.ruidu)
    audit_record(actor=roles.secretary_b, action="update", area=tree.wushan)
    street_admin = roles.street_staff
    street_admin.role = "admin"
    street_admin.save()
    street_admin.groups.set([])
    from laoshan_portal.accounts.roles import role_group

    street_admin.groups.add(role_group("admin"))
    listed = client_for(street_admin).get(LIST).context["page"]
    assert {event.username for event in listed} == {"sec_a"}
    everything = client_for(roles.district_admin).get(LIST).context["page"]
    assert {event.username for event in everything} == {"sec_a", "sec_b"}


@pytest.mark.parametrize("role_name", ["street_staff", "secretary_a", "viewer"])
def test_it_is_for_administrators_only(role_name: str, roles: Any) -> None:
    assert client_for(getattr(roles, role_name)).get(LIST).status_code == 403


def test_it_filters_by_action_and_user(tree: Any, roles: Any) -> None:
    audit_record(actor=roles.secretary_a, action="reveal", area=tree.ruidu)
    audit_record(actor=roles.secretary_b, action="export", area=tree.wushan)
    client = client_for(roles.district_admin)
    assert [e.action for e in client.get(LIST, {"action": "reveal"}).context["page"]] == ["reveal"]
    assert [e.username for e in client.get(LIST, {"user": "sec_b"}).context["page"]] == ["sec_b"]


def test_it_exports_csv_with_formulas_neutralised(tree: Any, roles: Any) -> None:
    AuditEventFactory(
        username="=HYPERLINK(1)", action="login_failed", succeeded=False, area=tree.ruidu
    )
    response = client_for(roles.district_admin).get(reverse("audit:event_export"))
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body
    assert "登录失败" in body


def test_it_offers_no_way_to_change_or_delete_events_in_the_admin(roles: Any) -> None:
    from django.contrib import admin

    assert AuditEvent not in admin.site._registry or not admin.site._registry[
        AuditEvent
    ].has_delete_permission(None)


def on_the_database_clock(clock: Any) -> None:
    """PostgreSQL's trigger judges an event's age by the database server's own clock, which
    no test moves: the test's clock is set to it, so the two agree on what "old" is."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT now()")
            clock.move_to(cursor.fetchone()[0])


def test_it_purges_only_events_older_than_180_days(tree: Any, roles: Any, clock: Any) -> None:
    on_the_database_clock(clock)
    _event_days_ago(200)
    recent = audit_record(actor=roles.secretary_a, action="update", area=tree.ruidu)
    call_command("purge_audit_log", stdout=StringIO())
    left = AuditEvent.objects.order_by("pk")
    assert [event.pk for event in left][0] == recent.pk
    # The purge is itself recorded, at the end of the chain, and the chain still holds.
    purge = left.last()
    assert (purge.action, purge.object_type, purge.detail["purged"]) == (
        "delete",
        "audit.AuditEvent",
        1,
    )
    assert audit_verify() == (2, None)
    with pytest.raises(CommandError):
        call_command("purge_audit_log", "--days", "30", stdout=StringIO())


@pytest.mark.services
def test_it_refuses_changes_and_early_deletes_in_the_database(
    tree: Any, roles: Any, clock: Any
) -> None:
    on_the_database_clock(clock)
    event = audit_record(actor=roles.secretary_a, action="update", area=tree.ruidu)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(username="someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).username == "sec_a"
