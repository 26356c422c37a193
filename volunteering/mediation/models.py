"""Dispute mediation cases (和事佬): intake, parties, records, outcome, agreement, follow-ups.

A case moves registered → in mediation (once a record is logged) → closed (with an
outcome). The database holds what one row can say about that (a closed case has an
outcome, a successful one an agreement kind, a written agreement its date and copies);
the services add what needs other rows (a record before mediation, items of a written
agreement).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area
from laoshan_portal.crypto import EncryptedTextField

# People's Mediation Law, art. 33: the parties may apply together for judicial confirmation
# within thirty days of the agreement taking effect (the signing day itself not counted).
JUDICIAL_WINDOW_DAYS = 30
# A visit to see whether the agreement is kept, this long after it was reached.
FOLLOW_UP_AFTER_DAYS = 30


class MediationCase(models.Model):
    class Category(models.TextChoices):
        # The categories of the national people's-mediation statistics.
        MARRIAGE_FAMILY = "marriage_family", _("Marriage and family")
        HOUSING_LAND = "housing_land", _("Housing and homestead")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        DAMAGES = "damages", _("Compensation for damage")
        CONTRACT = "contract", _("Contract")
        BUSINESS = "business", _("Production and business")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        APPLICATION = "application", _("Application by a party")
        INITIATIVE = "initiative", _("Mediators' own initiative")
        POLICE = "police", _("Referred by the police")
        COURT = "court", _("Referred by a court")
        GOVERNMENT = "government", _("Referred by a government office")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        MEDIATING = "mediating", _("In mediation")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Settled")
        FAILED = "failed", _("Not settled")
        REFERRED = "referred", _("Referred elsewhere")

    class AgreementKind(models.TextChoices):
        WRITTEN = "written", _("Written agreement")
        ORAL = "oral", _("Oral agreement")

    class Judicial(models.TextChoices):
        APPLIED = "applied", _("Judicial confirmation applied for")
        NOT_APPLIED = "not_applied", _("Parties do not apply")

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="mediation_cases"
    )
    number = models.CharField(_("case number"), max_length=16, unique=True, editable=False)
    received_on = models.DateField(_("received on"), db_index=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    team = models.ForeignKey(
        "volunteering.Team",
        verbose_name=_("mediation team"),
        on_delete=models.PROTECT,
        related_name="mediation_cases",
    )
    mediators = models.ManyToManyField(
        Cadre, verbose_name=_("mediators"), related_name="mediation_cases"
    )
    summary = models.TextField(_("summary of the dispute"), max_length=2000)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default="registered", db_index=True
    )
    outcome = models.CharField(
        _("mediation outcome"), max_length=10, choices=Outcome.choices, blank=True
    )
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    outcome_notes = models.TextField(_("notes on the outcome"), max_length=2000, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=100, blank=True)
    agreement_kind = models.CharField(
        _("agreement"), max_length=8, choices=AgreementKind.choices, blank=True
    )
    agreement_signed_on = models.DateField(_("agreement signed"), null=True, blank=True)
    agreement_copies = models.PositiveSmallIntegerField(
        _("copies handed to the parties"), null=True, blank=True
    )
    judicial = models.CharField(
        _("judicial confirmation"), max_length=12, choices=Judicial.choices, blank=True
    )
    judicial_on = models.DateField(_("judicial confirmation decided"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["area", "received_on"], name="mediation_area_received_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["registered", "mediating", "closed"]),
                name="mediation_known_status",
            ),
            # Closed exactly when there is an outcome and a closing date.
            models.CheckConstraint(
                condition=(
                    models.Q(status="closed", closed_on__isnull=False) & ~models.Q(outcome="")
                )
                | (~models.Q(status="closed") & models.Q(outcome="", closed_on__isnull=True)),
                name="mediation_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=(models.Q(outcome="success") & ~models.Q(agreement_kind=""))
                | (~models.Q(outcome="success") & models.Q(agreement_kind="")),
                name="mediation_success_has_agreement",
            ),
            models.CheckConstraint(
                condition=~models.Q(agreement_kind="written")
                | models.Q(agreement_signed_on__isnull=False, agreement_copies__gte=1),
                name="mediation_written_agreement_complete",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="referred") | ~models.Q(referred_to=""),
                name="mediation_referred_names_whom",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("received_on")),
                name="mediation_closed_after_received",
            ),
            models.CheckConstraint(
                condition=models.Q(judicial="", judicial_on__isnull=True)
                | (
                    models.Q(agreement_kind="written", judicial_on__isnull=False)
                    & ~models.Q(judicial="")
                ),
                name="mediation_judicial_needs_written_agreement",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def agreed_on(self) -> date | None:
        """When the agreement was reached: signed (written) or the closing day (oral)."""
        if self.outcome != self.Outcome.SUCCESS:
            return None
        return self.agreement_signed_on or self.closed_on

    @property
    def follow_up_due_on(self) -> date | None:
        agreed = self.agreed_on
        return agreed + timedelta(days=FOLLOW_UP_AFTER_DAYS) if agreed else None

    @property
    def judicial_deadline(self) -> date | None:
        """The last day to apply for judicial confirmation (written agreements only: a
        court confirms a signed agreement, an oral one is only noted in the file)."""
        if self.agreement_kind != self.AgreementKind.WRITTEN or self.agreement_signed_on is None:
            return None
        return self.agreement_signed_on + timedelta(days=JUDICIAL_WINDOW_DAYS)


class Party(models.Model):
    """A party to the dispute; contacts and ID number are sensitive (encrypted, masked)."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        RESPONDENT = "respondent", _("Respondent")

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("full name"), max_length=32)
    role = models.CharField(_("party to the dispute as"), max_length=12, choices=Role.choices)
    phone = EncryptedTextField(_("contact phone"), blank=True)
    id_number = EncryptedTextField(_("ID number"), blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="mediation_party_once"),
        ]

    def __str__(self) -> str:
        return self.name


class MediationRecord(models.Model):
    """One mediation session: when, who attended, what happened."""

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="records")
    date = models.DateField(_("date"))
    mediators = models.ManyToManyField(
        Cadre, verbose_name=_("mediators present"), blank=True, related_name="+"
    )
    attendees = models.CharField(_("others present"), max_length=200, blank=True)
    content = models.TextField(_("what happened"), max_length=4000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        verbose_name = _("mediation record")
        verbose_name_plural = _("mediation records")
        ordering = ["case", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.date:%Y-%m-%d}"


class AgreementItem(models.Model):
    """A numbered clause of a written agreement."""

    case = models.ForeignKey(
        MediationCase, on_delete=models.CASCADE, related_name="agreement_items"
    )
    number = models.PositiveSmallIntegerField(_("item"))
    text = models.CharField(_("text"), max_length=500)

    class Meta:
        verbose_name = _("agreement item")
        verbose_name_plural = _("agreement items")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="mediation_item_number_once"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="mediation_item_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class AgreementScan(models.Model):
    """A scanned page of the signed agreement, served only through a scoped view."""

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="scans")
    file = models.FileField(_("file"), upload_to="mediation/scans/%Y/%m/")
    content_type = models.CharField(max_length=32)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement scan")
        verbose_name_plural = _("agreement scans")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case} #{self.pk}"


class FollowUp(models.Model):
    """A follow-up visit (回访): is the agreement being kept?"""

    class Result(models.TextChoices):
        PERFORMED = "performed", _("Performed")
        PARTLY = "partly", _("Partly performed")
        NOT_PERFORMED = "not_performed", _("Not performed")
        UNREACHABLE = "unreachable", _("Parties could not be reached")

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"))
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["case", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.date:%Y-%m-%d}"
