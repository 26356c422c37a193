"""The audit trail against the portal's own database role (PostgreSQL).

The web and the worker connect as a runtime role that may read and write the portal's
tables but only add to and read the audit trail; the tables belong to the migration role
(docs/OPERATIONS.md). Here the tests' role (the owner) makes a runtime role with the
grants ``migrate`` gives it and acts as that role.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record

pytestmark = pytest.mark.services


@pytest.fixture
def runtime_role(db: None, settings: Any) -> Iterator[str]:
    """A runtime role given its rights the way production's is: by ``migrate``."""
    role = f"laoshan_runtime_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        cursor.execute(f'GRANT "{role}" TO CURRENT_USER')
    settings.DATABASE_RUNTIME_ROLE = role
    call_command("migrate", verbosity=0)
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


def _as(role: str, sql: str, params: list[Any] | None = None) -> None:
    """Run ``sql`` as ``role``; the savepoint's end puts the tests' role back."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        cursor.execute(sql, params or [])
        cursor.execute("RESET ROLE")


@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE audit_auditevent",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "UPDATE audit_auditevent SET username = 'someone'",
        "DELETE FROM audit_auditevent",
        "DROP TABLE audit_auditevent",
    ],
)
def test_the_runtime_role_cannot_wipe_or_change_the_trail(
    runtime_role: str, tree: Any, roles: Any, sql: str
) -> None:
    event = audit_record(actor=roles.secretary_a, action="update", area=tree.ruidu)
    with pytest.raises(DatabaseError):
        _as(runtime_role, sql)
    assert AuditEvent.objects.get(pk=event.pk).username == "sec_a"


def test_the_runtime_role_adds_to_the_trail_and_works_with_the_rest(
    runtime_role: str, tree: Any, roles: Any
) -> None:
    _as(
        runtime_role,
        "INSERT INTO audit_auditevent (at, username, action, object_type, object_id,"
        " object_repr, succeeded, detail, prev_hash, hash)"
        " VALUES (now(), 'runtime', 'update', '', '', '', true, '{}', '', '')",
    )
    _as(runtime_role, "SELECT count(*) FROM audit_auditevent")
    _as(runtime_role, "UPDATE accounts_area SET name = name")
    _as(runtime_role, "DELETE FROM django_session")
    assert AuditEvent.objects.filter(username="runtime").exists()


def test_even_the_owner_cannot_truncate_the_trail(tree: Any, roles: Any) -> None:
    audit_record(actor=roles.secretary_a, action="update", area=tree.ruidu)
    with pytest.raises(DatabaseError, match="cannot be truncated"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 1


def test_the_runtime_role_cannot_purge_even_when_nothing_is_old(
    runtime_role: str, tree: Any, roles: Any
) -> None:
    audit_record(actor=roles.secretary_a, action="update", area=tree.ruidu)
    with pytest.raises(CommandError, match="migration role"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f'SET LOCAL ROLE "{runtime_role}"')
        call_command("purge_audit_log", stdout=StringIO())
