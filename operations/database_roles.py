"""The two database roles of a production PostgreSQL (docs/OPERATIONS.md).

The migration role owns the tables: it runs ``migrate``, restores and the audit purge.
The runtime role is what the web server and the worker connect as: it may read and write
the portal's tables but only add to and read the audit trail, so that nothing running the
portal (nor anyone who takes it over) can change, delete or truncate audit events, or turn
off the triggers that guard them: only a table's owner may.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection

AUDIT_TABLE = "audit_auditevent"


def runtime_role_grant(role: str) -> None:
    """Give ``role`` what the running portal needs on every table there is now; run by
    every ``migrate`` (as the tables' owner) when ``DATABASE_RUNTIME_ROLE`` names it."""
    name = connection.ops.quote_name(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = connection.ops.quote_name(cursor.fetchone()[0])
        for statement in (
            f"GRANT USAGE ON SCHEMA {schema} TO {name}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {name}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {name}",
            f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {AUDIT_TABLE} FROM {name}",
        ):
            cursor.execute(statement)


def grant_after_migrate(**kwargs: Any) -> None:
    """``post_migrate`` receiver: re-grant the runtime role after the tables changed."""
    role = settings.DATABASE_RUNTIME_ROLE
    if role and connection.vendor == "postgresql":
        runtime_role_grant(role)
