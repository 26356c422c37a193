"""A retired cadre's account, tied to their registry record, and the one-time codes that
open it.

Neither holds data of its own beyond the link: what a retiree sees is their registry
record, read through ``retirees.selectors``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre, Need, cadre_field
from care.models import Visit
from laoshan_portal.accounts.models import Area
from laoshan_portal.records import EnteredBy
from volunteering.mediation.models import MediationCase
from volunteering.models import Team
from workrooms.models import Workroom


class RetireeAccount(models.Model):
    """The sign-in of one cadre: a user with the retiree role, and the record it opens."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="retiree_account",
    )
    cadre = models.OneToOneField(
        Cadre,
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="retiree_account",
    )
    activated_at = models.DateTimeField(_("activated"))

    class Meta:
        verbose_name = _("retiree account")
        verbose_name_plural = _("retiree accounts")

    def __str__(self) -> str:
        return str(self.cadre)


class ActivationCode(models.Model):
    """A one-time code a secretary hands a cadre to set (or reset) their password.

    Only a keyed hash of the code is stored: the plain code is shown once, on the slip.
    """

    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre"),
        on_delete=models.CASCADE,
        related_name="activation_codes",
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gte=models.F("issued_at")),
                name="activation_code_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.issued_at:%Y-%m-%d}"

    @property
    def area(self) -> Area:
        """The cadre's residence: where the audit trail files the code."""
        return self.cadre.area


# The record's fields a retiree may ask to correct: what they know best, and nothing that
# identifies them (the ID number, the mobile they sign in with) or that staff assess.
CORRECTABLE_FIELDS = ("address", "former_unit", "former_post", "specialty_notes")


class CorrectionRequest(models.Model):
    """A retiree's request to correct one field of their record: it changes nothing until
    a secretary approves it, and then goes through the registry's own update."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the community")
        APPROVED = "approved", _("Corrected")
        REJECTED = "rejected", _("Not corrected")

    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre"),
        on_delete=models.CASCADE,
        related_name="correction_requests",
    )
    field = models.CharField(
        _("field"),
        max_length=32,
        choices=[(name, cadre_field(name).verbose_name) for name in CORRECTABLE_FIELDS],
    )
    new_value = models.CharField(_("correct value"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(field__in=CORRECTABLE_FIELDS),
                name="correction_request_correctable_field",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} {self.field_label}"

    @property
    def field_label(self) -> str:
        return str(cadre_field(self.field).verbose_name)

    @property
    def area(self) -> Area:
        return self.cadre.area


class NeedOffer(models.Model):
    """A retiree's "I can help" (报名) on an open governance need of their place; the
    secretary sees it on the need's matching page. Withdrawn offers are kept, marked."""

    need = models.ForeignKey(
        Need, verbose_name=_("governance need"), on_delete=models.CASCADE, related_name="offers"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="need_offers"
    )
    created_at = models.DateTimeField(_("offered"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer to help")
        verbose_name_plural = _("offers to help")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["need", "cadre"], name="need_offer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} → {self.need}"

    @property
    def area(self) -> Area:
        return self.need.area


class Proposal(models.Model):
    """建言献策: a retiree's proposal to their community, and the community's answer."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ADOPTED = "adopted", _("Adopted")
        DECLINED = "declined", _("Not adopted")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="proposals"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("proposal"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    reply = models.TextField(_("reply"), max_length=1000, blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Concern(models.Model):
    """我要反映: a concern or a need of a retiree's own, for their community to handle:
    as a mediation intake, a care visit, or closed with a reply."""

    class Kind(models.TextChoices):
        HEALTH = "health", _("My health")
        HOUSING = "housing", _("Housing")
        FAMILY = "family", _("Family")
        NEIGHBOUR = "neighbour", _("A dispute with neighbours")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the community")
        MEDIATION = "mediation", _("Passed to mediation")
        CARE = "care", _("Passed to care visits")
        CLOSED = "closed", _("Answered")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="concerns"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="concerns"
    )
    kind = models.CharField(_("what it is about"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("what happened"), max_length=2000)
    may_phone = models.BooleanField(_("the community may phone me"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reply = models.TextField(_("reply"), max_length=1000, blank=True)
    raised_at = models.DateTimeField(_("sent"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    mediation_case = models.ForeignKey(
        MediationCase,
        verbose_name=_("mediation case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    care_visit = models.ForeignKey(
        Visit,
        verbose_name=_("care visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-raised_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cadre} {self.get_kind_display()}"


class PlannedActivity(EnteredBy):
    """An activity a volunteer team or a workroom plans for a coming day, which its
    retirees sign up for from their own pages; it is logged as usual once it took place."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="planned_activities"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("volunteer team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="planned_activities",
    )
    workroom = models.ForeignKey(
        Workroom,
        verbose_name=_("workroom"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="planned_activities",
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("what"), max_length=100)
    place = models.CharField(_("where"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team__isnull=False, workroom__isnull=True)
                | models.Q(team__isnull=True, workroom__isnull=False),
                name="planned_activity_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def owner(self) -> Team | Workroom | None:
        return self.team if self.team_id else self.workroom


class ActivitySignup(models.Model):
    """A retiree's sign-up for a planned activity of their team or workroom."""

    planned = models.ForeignKey(
        PlannedActivity,
        verbose_name=_("planned activity"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.CASCADE, related_name="activity_signups"
    )
    created_at = models.DateTimeField(_("signed up"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity sign-up")
        verbose_name_plural = _("activity sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["planned", "cadre"], name="activity_signup_once"),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} → {self.planned}"

    @property
    def area(self) -> Area:
        return self.planned.area
