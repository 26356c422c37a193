"""Teams of retired cadres (volunteer, 和事佬 mediation, red lecture) and their members.

Service activities, hours and star levels build on these (see the rest of this app); the
mediation cases live in the inner app ``volunteering.mediation``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area
from laoshan_portal.crypto import EncryptedTextField
from laoshan_portal.records import EnteredBy


class Team(models.Model):
    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer team")
        MEDIATION = "mediation", _("Mediation team (和事佬)")
        LECTURE = "lecture", _("Red lecture team")

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    brand = models.CharField(_("brand"), max_length=32, blank=True)
    leader = models.ForeignKey(
        Cadre,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams_led",
    )
    founded = models.DateField(_("founded"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["area__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="team_unique_name_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A member: a cadre of the registry, or another resident (name and phone only)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_memberships",
    )
    resident_name = models.CharField(_("resident's name"), max_length=32, blank=True)
    resident_phone = EncryptedTextField(_("resident's phone"), blank=True)
    joined = models.DateField(_("joined"), null=True, blank=True)
    left = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cadre__isnull=False) | ~models.Q(resident_name=""),
                name="team_member_is_someone",
            ),
            models.UniqueConstraint(
                fields=["team", "cadre"],
                condition=models.Q(cadre__isnull=False),
                name="team_member_cadre_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.cadre) if self.cadre_id else self.resident_name


class ServiceActivity(EnteredBy):
    """A volunteer activity of a team (志愿服务活动): when, what and where."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="activities"
    )
    date = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=100)
    place = models.CharField(_("place"), max_length=100, blank=True)
    content = models.TextField(_("content"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["team", "date"], name="activity_team_date_idx")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class ServiceRecord(models.Model):
    """Hours one person served at an activity (志愿服务记录).

    The person is a cadre of the registry, or a resident member of a team. A record is
    never deleted: a wrong one is declined (with reason, who and when) and a corrected one
    entered beside it, so the history of every figure stays readable.
    """

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    activity = models.ForeignKey(
        ServiceActivity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_records",
    )
    member = models.ForeignKey(
        TeamMember,
        verbose_name=_("resident member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_records",
    )
    # The activity's date, copied so the 24-hours-a-day rule is one indexed sum.
    date = models.DateField(_("date"), db_index=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default="accepted", db_index=True
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=200, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declined by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-date", "pk"]
        indexes = [
            models.Index(fields=["cadre", "status", "date"], name="record_cadre_status_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cadre__isnull=False, member__isnull=True)
                | models.Q(cadre__isnull=True, member__isnull=False),
                name="record_one_person",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24), name="record_hours_in_a_day"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="record_declined_has_reason",
            ),
            # Once per person and activity; a declined record leaves room for its correction.
            models.UniqueConstraint(
                fields=["activity", "cadre"],
                condition=models.Q(cadre__isnull=False, status="accepted"),
                name="record_cadre_once_per_activity",
            ),
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=models.Q(member__isnull=False, status="accepted"),
                name="record_member_once_per_activity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} {self.hours}h"

    @property
    def person_name(self) -> str:
        return self.cadre.name if self.cadre_id else self.member.resident_name  # type: ignore[union-attr]


class Certificate(models.Model):
    """A volunteer service record certificate (志愿服务记录证明) as issued.

    The figures are frozen at issue time: a later correction changes the records, not a
    certificate already handed out (revoke it and issue a new one).
    """

    # The holder's area (so the holder's community sees it), not the issuer's.
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("certificate number"), max_length=24, unique=True, null=True)
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_certificates",
    )
    member = models.ForeignKey(
        TeamMember,
        verbose_name=_("resident member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    holder_name = models.CharField(_("holder"), max_length=32)
    id_number_masked = models.CharField(_("ID number"), max_length=24, blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    total_hours = models.DecimalField(_("total hours"), max_digits=8, decimal_places=1)
    activity_count = models.PositiveIntegerField(_("activities"))
    activities = models.JSONField(_("activities"), default=list)
    issuer_name = models.CharField(_("issuer"), max_length=64)
    issuer_area = models.ForeignKey(
        Area,
        verbose_name=_("issuing area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_on = models.DateField(_("date of issue"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("volunteer certificate")
        verbose_name_plural = _("volunteer certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cadre__isnull=False, member__isnull=True)
                | models.Q(cadre__isnull=True, member__isnull=False),
                name="certificate_one_holder",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="certificate_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.number or ""

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
