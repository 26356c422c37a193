"""Care work (走访慰问): who is looked after, the visits paid to them, and each area's plan.

The care list itself is not stored: it is derived live from the registry by the rules of
``care.rules``. Only what staff decide by hand is kept here (``CareListEntry``), so that a
change on the registry shows on the list at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre, Need
from laoshan_portal import photos
from laoshan_portal.accounts.models import Area
from laoshan_portal.crypto import EncryptedTextField
from laoshan_portal.records import EnteredBy


class CareListEntry(models.Model):
    """A person put on the care list by hand, or taken off it, with the reason why."""

    cadre = models.OneToOneField(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="care_entry"
    )
    included = models.BooleanField(_("on the care list"))
    reason = models.CharField(_("reason"), max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now=True)

    class Meta:
        verbose_name = _("care list decision")
        verbose_name_plural = _("care list decisions")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cadre}: {self.reason}"


class Visit(EnteredBy):
    """A care visit (走访慰问) paid to one person."""

    class Kind(models.TextChoices):
        SPRING_FESTIVAL = "spring_festival", _("Spring Festival visit")
        DOUBLE_NINTH = "double_ninth", _("Double Ninth Festival visit")
        BIRTHDAY = "birthday", _("Birthday visit")
        ILLNESS = "illness", _("Visit in illness or hospital")
        HARDSHIP = "hardship", _("Hardship help")
        CONDOLENCE = "condolence", _("Condolence visit")
        ROUTINE = "routine", _("Routine visit")

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="care_visits"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("person visited"), on_delete=models.PROTECT, related_name="visits"
    )
    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff visitors"),
        blank=True,
        related_name="care_visits",
    )
    cadre_visitors = models.ManyToManyField(
        Cadre, verbose_name=_("cadre visitors"), blank=True, related_name="care_visits_paid"
    )
    items = models.CharField(_("items given"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    health_findings = EncryptedTextField(_("health found"), blank=True)
    needs_raised = models.TextField(_("needs raised"), max_length=1000, blank=True)
    follow_up = models.BooleanField(_("follow-up wanted"), default=False)
    follow_up_by = models.DateField(_("follow up by"), null=True, blank=True)
    need = models.ForeignKey(
        Need,
        verbose_name=_("governance need"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("care visit")
        verbose_name_plural = _("care visits")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["cadre", "date"], name="care_visit_cadre_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="care_visit_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(follow_up=True) | models.Q(follow_up_by__isnull=True),
                name="care_visit_follow_up_date_only_when_wanted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} · {self.cadre}"


class VisitPhoto(photos.ActivityPhoto):
    """A photo of a visit; served only through ``care:photo`` (scoped)."""

    activity = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("photo"), upload_to="care/photos/%Y/%m/")

    class Meta(photos.ActivityPhoto.Meta):
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")


class CarePlan(models.Model):
    """An area's visit plan; an area without one follows the nearest area above it that
    has one, and the defaults where none does."""

    area = models.OneToOneField(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="care_plan"
    )
    monthly_alone = models.BooleanField(_("visit everyone living alone every month"), default=True)
    festivals = models.BooleanField(
        _("visit everyone on the care list before the Spring and Double Ninth festivals"),
        default=True,
    )
    half_decades = models.BooleanField(
        _("birthday visits at 85 and 95 too"),
        default=False,
        help_text=_("Birthday visits are always paid at 80, 90 and 100."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        ordering = ["area__path"]

    def __str__(self) -> str:
        return str(self.area)


class Referral(EnteredBy):
    """A need raised on a visit, referred to another body with a note; with a date by
    which to follow it up, it is on the to-do list until marked answered."""

    class Body(models.TextChoices):
        STREET = "street", _("Street office")
        HEALTH = "health", _("Community health service centre")
        CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs")
        JUDICIAL = "judicial", _("Judicial office")
        OTHER = "other", _("Other body")

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.PROTECT, related_name="referrals"
    )
    body = models.CharField(_("referred to"), max_length=16, choices=Body.choices)
    note = models.TextField(_("note"), max_length=1000)
    follow_up_by = models.DateField(_("follow up by"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.visit.cadre} → {self.get_body_display()}"
