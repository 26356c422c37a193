"""The daily record of overdue work per area, for the dashboard's trend."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area

from .items import Kind


class TodoSnapshot(models.Model):
    """How many items of one kind were overdue in an area's subtree on one day."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="todo_snapshots"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    overdue = models.PositiveIntegerField(_("overdue items"))

    class Meta:
        verbose_name = _("to-do snapshot")
        verbose_name_plural = _("to-do snapshots")
        ordering = ["date", "area__path", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "date", "kind"], name="todo_one_snapshot_per_area_day_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.date} {self.kind}: {self.overdue}"
