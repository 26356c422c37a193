"""What a request changed: the rows of every data table and the successful audit events."""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.db import connection, models

from laoshan_portal.audit.models import AuditEvent

# The packages whose apps hold the portal's data (the audit trail is counted apart: a
# refused sign-in is itself an event, by design).
DATA_PACKAGES = ("laoshan_portal", "cadres", "workrooms", "volunteering", "campaigns", "university")


def data_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.split(".")[0] in DATA_PACKAGES
        and model._meta.app_label != "audit"
    ]


@cache
def _counted_tables() -> tuple[tuple[str, str], ...]:
    # A model whose migration is still being written has no table yet: nothing to count.
    tables = set(connection.introspection.table_names())
    return tuple(
        (model._meta.label, model._meta.db_table)
        for model in data_models()
        if model._meta.db_table in tables
    )


def row_counts() -> dict[str, int]:
    """Rows of every data table and successful audit events, in one query (it runs often)."""
    counted = _counted_tables()
    quote = connection.ops.quote_name
    # Table names from the models' Meta, quoted: nothing from outside goes in.
    parts = [f"(SELECT COUNT(*) FROM {quote(table)})" for _label, table in counted]  # noqa: S608
    audit = quote(AuditEvent._meta.db_table)
    parts.append(f"(SELECT COUNT(*) FROM {audit} WHERE succeeded = %s)")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), [True])
        values = cursor.fetchone()
    counts = {label: value for (label, _table), value in zip(counted, values, strict=False)}
    counts["audit.AuditEvent(succeeded)"] = values[-1]
    return counts


def grown(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {k: (before[k], after[k]) for k in before if after.get(k, 0) > before[k]}


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {k: (before[k], after.get(k, 0)) for k in before if after.get(k, 0) != before[k]}
