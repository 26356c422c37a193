"""The money of the bureau: budget lines per area, year and source; allocations of a line
to a purpose; spending records against an allocation, approved by a second person.

Nothing is deleted: a wrong spending record is corrected by a reversing entry (its
negative, pointing at it). Amounts are yuan in ``Decimal`` to the fen.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import CampaignActivity
from laoshan_portal.accounts.models import Area
from laoshan_portal.records import EnteredBy, EnteredRecord
from volunteering.models import ServiceActivity, Team
from workrooms.models import Activity as WorkroomActivity
from workrooms.models import Workroom

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FEN = Decimal("0.01")


def to_fen(value: Decimal | int | str) -> Decimal:
    """``value`` rounded to the fen, halves away from zero (四舍五入)."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def money_field(label: StrOrPromise) -> models.DecimalField[Any, Decimal]:
    """Yuan to the fen, up to ten thousand million."""
    return models.DecimalField(label, max_digits=12, decimal_places=2)


class Source(models.TextChoices):
    FISCAL = "fiscal", _("Fiscal funds")
    PARTY_DUES = "party_dues", _("Party dues returned")
    OTHER = "other", _("Other funds")


class PurposeKind(models.TextChoices):
    WORKROOM = "workroom", _("Workroom")
    TEAM = "team", _("Volunteer team")
    CAMPAIGN = "campaign", _("Campaign activity")
    CARE = "care", _("Care visits")
    COURSE = "course", _("Course")
    VENUE = "venue", _("Venue")


class BudgetLine(EnteredRecord):
    """What an area has of one source for a year (entered by district staff)."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="budget_lines"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    amount = money_field(_("amount (yuan)"))
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["-year", "area__path", "source"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "source"], name="funds_line_once"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="funds_line_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.area.name} {self.get_source_display()}"


class Allocation(EnteredRecord):
    """Money of a line set aside for one purpose in an area at or below the line's."""

    line = models.ForeignKey(
        BudgetLine,
        verbose_name=_("budget line"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="fund_allocations"
    )
    date = models.DateField(_("date"))
    purpose_kind = models.CharField(_("purpose"), max_length=12, choices=PurposeKind.choices)
    purpose = models.CharField(_("purpose in words"), max_length=100)
    workroom = models.ForeignKey(
        Workroom,
        verbose_name=_("workroom"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("volunteer team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    campaign_activity = models.ForeignKey(
        CampaignActivity,
        verbose_name=_("campaign activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    amount = money_field(_("amount (yuan)"))

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="funds_allocation_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.get_purpose_kind_display()})"


class Spending(EnteredBy):
    """Money paid out of an allocation; counts once a second person approved it."""

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("allocation"), on_delete=models.PROTECT, related_name="spendings"
    )
    date = models.DateField(_("date"), db_index=True)
    payee = models.CharField(_("payee"), max_length=100)
    amount = money_field(_("amount (yuan)"))
    description = models.CharField(_("what it paid for"), max_length=200)
    workroom_activity = models.ForeignKey(
        WorkroomActivity,
        verbose_name=_("workroom activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    service_activity = models.ForeignKey(
        ServiceActivity,
        verbose_name=_("volunteer activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    campaign_activity = models.ForeignKey(
        CampaignActivity,
        verbose_name=_("campaign activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    receipt = models.FileField(_("receipt scan"), upload_to="funds/receipts/%Y/%m/", blank=True)
    receipt_type = models.CharField(max_length=32, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
    )

    class Meta:
        verbose_name = _("spending record")
        verbose_name_plural = _("spending records")
        ordering = ["-date", "-pk"]
        permissions = [("approve_spending", "Can approve spending records")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(reverses__isnull=True) & models.Q(amount__gt=0))
                | (models.Q(reverses__isnull=False) & models.Q(amount__lt=0)),
                name="funds_spending_sign",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("created_by")),
                name="funds_spending_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.payee} {self.amount}"

    @property
    def is_approved(self) -> bool:
        return self.approved_by_id is not None
