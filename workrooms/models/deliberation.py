"""Deliberation (议事): recurring mechanisms, their meetings and follow-ups, and the
agreements they reach with their numbered items."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.records import EnteredRecord

from .workrooms import Workroom


class Mechanism(models.Model):
    """A recurring deliberation mechanism (议事机制) such as 周一夜话 or 半月谈."""

    class Kind(models.TextChoices):
        MONDAY_NIGHT = "monday_night", _("Monday night talk")
        HALF_MONTHLY = "half_monthly", _("Half-monthly talk with the property company")
        JOINT_MEETING = "joint_meeting", _("Joint meeting of property, owners and residents")
        OTHER = "other", _("Other")

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="mechanisms"
    )
    name = models.CharField(_("name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    host_workroom = models.ForeignKey(
        Workroom,
        verbose_name=_("host workroom"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mechanisms",
    )
    frequency = models.CharField(_("frequency"), max_length=64)
    parties = models.CharField(_("parties"), max_length=200)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("deliberation mechanism")
        verbose_name_plural = _("deliberation mechanisms")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="mechanism_name_unique_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(EnteredRecord):
    """One meeting of a mechanism: who came, what was raised and decided."""

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("deliberation mechanism"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    date = models.DateField(_("date"), db_index=True)
    attendee_count = models.PositiveIntegerField(_("number of attendees"))
    attendees = models.TextField(_("attendees"), max_length=1000, blank=True)
    issues = models.TextField(_("issues raised"), max_length=4000)
    decisions = models.TextField(_("decisions"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("deliberation meeting")
        verbose_name_plural = _("deliberation meetings")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attendee_count__gte=0), name="meeting_attendees_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mechanism} {self.date:%Y-%m-%d}"

    @property
    def area(self) -> Area:
        return self.mechanism.area


class FollowUp(models.Model):
    """Something a meeting decided to do, by whom and by when, open until done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    description = models.CharField(_("what is to be done"), max_length=300)
    owner = models.CharField(_("who"), max_length=64)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def area(self) -> Area:
        return self.meeting.mechanism.area


class Agreement(EnteredRecord):
    """An agreement reached by deliberation, with figures reports add up (items, money)."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="agreements"
    )
    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("deliberation mechanism"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    title = models.CharField(_("title"), max_length=100)
    date = models.DateField(_("date"), db_index=True)
    parties = models.CharField(_("parties"), max_length=200)
    item_count = models.PositiveIntegerField(_("number of items"))
    money_recovered = models.DecimalField(
        _("money recovered (yuan)"), max_digits=14, decimal_places=2, default=0
    )
    money_destination = models.CharField(_("where the money went"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(money_recovered__gte=0), name="agreement_money_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(item_count__gte=0), name="agreement_items_positive"
            ),
            # Money recovered has to have gone somewhere that can be checked.
            models.CheckConstraint(
                condition=models.Q(money_recovered=0) | ~models.Q(money_destination=""),
                name="agreement_money_has_destination",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.money_recovered and not self.money_destination.strip():
            errors["money_destination"] = _("Say where the money recovered went.")
        if errors:
            raise ValidationError(errors)


class AgreementItem(models.Model):
    """One numbered item of an agreement and how far it has got."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.CharField(_("item"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        verbose_name = _("agreement item")
        verbose_name_plural = _("agreement items")
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="agreement_item_once"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="agreement_item_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    @property
    def area(self) -> Area:
        return self.agreement.area
