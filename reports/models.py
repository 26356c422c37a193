"""Models of dashboards and reports: the month × area summary and the monthly reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area


class AreaMonth(models.Model):
    """The figures of one area's whole subtree in one month, kept exact by ``summary``.

    A row is computed from the base tables on first need and marked stale whenever a
    record it counts changes; a stale row is computed again before anyone reads it.
    """

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    cadres_active = models.PositiveIntegerField(default=0)
    checkins = models.PositiveIntegerField(default=0)
    service_activities = models.PositiveIntegerField(default=0)
    service_records = models.PositiveIntegerField(default=0)
    # None: left out of a month only a trend reads (which shows no volunteers), counted
    # when a page shows that month (``summary.with_volunteers``).
    volunteers = models.PositiveIntegerField(default=0, null=True)
    hours = models.DecimalField(max_digits=12, decimal_places=1, default=0)
    # Volunteers who served in the subtree by the month's end, by star level (0 = none yet).
    stars = models.JSONField(default=list)
    stale = models.BooleanField(default=False)
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "month"], name="reports_one_row_per_area_month")
        ]
        indexes = [
            models.Index(fields=["stale"], condition=models.Q(stale=True), name="reports_stale")
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.month:%Y-%m}"


class VolunteerStanding(models.Model):
    """One volunteer's standing, kept with every change to their accepted hours: where they
    have served (``VolunteerArea``) and when they reached each star threshold
    (``VolunteerStep``). The dashboards count star levels from these small tables instead
    of summing every volunteer's hours again.

    A volunteer is a cadre, or a resident known only by their team membership; ``person``
    says which ("c12" or "m7").
    """

    person = models.CharField(max_length=24, unique=True)
    hours = models.DecimalField(max_digits=9, decimal_places=1, default=0)

    def __str__(self) -> str:
        return self.person


class VolunteerArea(models.Model):
    """The day a volunteer first served (accepted hours) in an area's subtree: one row for
    the area of every team they served in and for every area above it."""

    standing = models.ForeignKey(VolunteerStanding, on_delete=models.CASCADE, related_name="areas")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    first_served = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["standing", "area"], name="reports_volunteer_area_once")
        ]
        indexes = [models.Index(fields=["area", "first_served"], name="reports_volunteer_area")]

    def __str__(self) -> str:
        return f"{self.standing_id} {self.area_id} {self.first_served}"


class VolunteerStep(models.Model):
    """The day a volunteer's accepted hours reached a star threshold."""

    standing = models.ForeignKey(VolunteerStanding, on_delete=models.CASCADE, related_name="steps")
    threshold = models.DecimalField(max_digits=7, decimal_places=1)
    reached_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["standing", "threshold"], name="reports_volunteer_step_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standing_id} {self.threshold} {self.reached_on}"


class MonthlyReport(models.Model):
    """The monthly PDF report of one area: one per area and month, replaced on re-run."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="monthly_reports"
    )
    month = models.DateField(_("month"))  # the first day of the month
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    # Relative to MEDIA_ROOT; served only through the scoped download view.
    file = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-month", "area__path"]
        constraints = [
            models.UniqueConstraint(fields=["area", "month"], name="reports_one_report_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.area.name} {self.month:%Y-%m}"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
