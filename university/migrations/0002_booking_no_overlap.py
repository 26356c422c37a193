"""On PostgreSQL, bookings of one room never overlap: an exclusion constraint on the
room and the booked range. SQLite has no such constraint; the service checks the rule
there (and everywhere, with a clearer message)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

CONSTRAINT = "booking_no_overlap"


def _constraint() -> Any:
    from django.contrib.postgres.constraints import ExclusionConstraint
    from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
    from django.db.models import Func

    class TsTzRange(Func):
        function = "TSTZRANGE"
        output_field = DateTimeRangeField()

    return ExclusionConstraint(
        name=CONSTRAINT,
        expressions=[
            (TsTzRange("starts", "ends", RangeBoundary()), RangeOperators.OVERLAPS),
            ("room", RangeOperators.EQUAL),
        ],
    )


def add_constraint(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.add_constraint(apps.get_model("university", "Booking"), _constraint())


def remove_constraint(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_constraint(apps.get_model("university", "Booking"), _constraint())


class Migration(migrations.Migration):
    dependencies = [("university", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, remove_constraint)]
