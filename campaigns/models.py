"""The five action campaigns (五大行动) and the activities logged under each.

The campaigns are fixed rows made by a data migration; their primary key is their code,
so an activity's ``campaign_id`` names its campaign and the database can check that each
kind of activity carries its own figures. One activity table holds every kind: the common
fields, then the structured fields of each kind (empty for the other kinds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cadres import models as cadres_models
from cadres.models import Cadre
from laoshan_portal import photos
from laoshan_portal.accounts.models import Area
from laoshan_portal.records import EnteredRecord

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Campaign(models.Model):
    """One of the five campaigns; made by migration 0002 and never edited in the portal."""

    class Code(models.TextChoices):
        RED_HERITAGE = "red_heritage", _("Pass on the red heritage")
        SOCIAL_GOVERNANCE = "social_governance", _("Help social governance")
        VOLUNTEER_BACKBONE = "volunteer_backbone", _("Train volunteer backbones")
        YOUTH = "youth", _("Care for young people growing up")
        CIVILISED_CUSTOMS = "civilised_customs", _("Promote civilised customs")

    code = models.CharField(_("code"), max_length=24, primary_key=True, choices=Code.choices)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return str(self.get_code_display())

    @property
    def name(self) -> str:
        return str(self.get_code_display())


# The campaigns in their fixed order, with the name of what is logged under each.
CAMPAIGNS = list(Campaign.Code)
ACTIVITY_NAMES: dict[str, StrOrPromise] = {
    Campaign.Code.RED_HERITAGE: _("Red-heritage lecture"),
    Campaign.Code.SOCIAL_GOVERNANCE: _("Advice and proposals"),
    Campaign.Code.VOLUNTEER_BACKBONE: _("Volunteer backbone training"),
    Campaign.Code.YOUTH: _("Youth activity"),
    Campaign.Code.CIVILISED_CUSTOMS: _("Civilised customs activity"),
}


# The structured fields each kind of activity must fill in; the others stay empty.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Campaign.Code.RED_HERITAGE: ("lecturer", "topic", "venue_type", "unit", "people_reached"),
    Campaign.Code.SOCIAL_GOVERNANCE: ("topic", "addressed_to", "adoption"),
    Campaign.Code.VOLUNTEER_BACKBONE: ("sessions", "attendance"),
    Campaign.Code.YOUTH: ("programme", "participant_count", "people_reached"),
    Campaign.Code.CIVILISED_CUSTOMS: ("theme", "people_reached"),
}
KIND_SPECIFIC_FIELDS = tuple(dict.fromkeys(f for fields in KIND_FIELDS.values() for f in fields))
# What a shared column is called for a kind, where its own name would not say it.
KIND_LABELS: dict[tuple[str, str], StrOrPromise] = {
    (Campaign.Code.RED_HERITAGE, "people_reached"): _("Audience"),
    (Campaign.Code.RED_HERITAGE, "topic"): _("Lecture topic"),
    (Campaign.Code.SOCIAL_GOVERNANCE, "topic"): _("Subject of the proposal"),
    (Campaign.Code.YOUTH, "people_reached"): _("Young people reached"),
    (Campaign.Code.YOUTH, "participant_count"): _("Number of participants"),
}


class CampaignActivity(EnteredRecord):
    """An activity of a campaign: when, where, who took part, and its own figures."""

    class VenueType(models.TextChoices):
        ORGAN = "organ", _("Government organ")
        SCHOOL = "school", _("School")
        COMMUNITY = "community", _("Community")
        ENTERPRISE = "enterprise", _("Enterprise")

    class Adoption(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ADOPTED = "adopted", _("Adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    class Programme(models.TextChoices):
        FIRST_BUTTON = "first_button", _("Fasten the first button of life")
        LAW_FIRST = "law_first", _("Care for tomorrow, law education first")
        BIG_HANDS = "big_hands", _("Big hands holding small hands")
        OTHER = "other", _("Other")

    class Theme(models.TextChoices):
        CHANGING_CUSTOMS = "changing_customs", _("Changing old customs")
        OWNER_DUTIES = "owner_duties", _("Owners' duties")
        CIVILITY = "civility", _("Civilised manners")
        FAMILY_VIRTUES = "family_virtues", _("Family virtues")
        OTHER = "other", _("Other")

    # Common to every kind
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="activities"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="campaign_activities"
    )
    date = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=100)
    participants: models.ManyToManyField[Cadre, ActivityParticipant] = models.ManyToManyField(
        Cadre,
        verbose_name=_("participants"),
        through="ActivityParticipant",
        blank=True,
        related_name="campaign_activities",
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)

    # Red-heritage lecture (传承红色基因)
    lecturer = models.ForeignKey(
        Cadre,
        verbose_name=_("lecturer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign_lectures",
    )
    venue_type = models.CharField(
        _("venue type"), max_length=12, choices=VenueType.choices, blank=True
    )
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    # Lecture and advice
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    # Advice and proposals (建言献策)
    addressed_to = models.CharField(_("addressed to"), max_length=100, blank=True)
    adoption = models.CharField(
        _("adoption status"), max_length=12, choices=Adoption.choices, blank=True
    )
    # Volunteer backbone training (志愿服务骨干培养)
    sessions = models.PositiveSmallIntegerField(_("sessions"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    # Youth activity (关爱青少年健康成长)
    programme = models.CharField(
        _("programme"), max_length=16, choices=Programme.choices, blank=True
    )
    participant_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True
    )
    # Civilised customs (倡导社会新风尚)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    # The audience of a lecture, the young people a youth activity reached, the people a
    # customs activity reached: one column, so reports add people reached up in one sum.
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)

    class Meta:
        verbose_name = _("campaign activity")
        verbose_name_plural = _("campaign activities")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["campaign", "date"], name="campaign_activity_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(campaign_id="red_heritage")
                | (
                    models.Q(lecturer__isnull=False, people_reached__isnull=False)
                    & ~models.Q(venue_type="")
                    & ~models.Q(unit="")
                    & ~models.Q(topic="")
                ),
                name="campaign_lecture_complete",
            ),
            models.CheckConstraint(
                condition=~models.Q(campaign_id="social_governance")
                | (~models.Q(topic="") & ~models.Q(adoption="")),
                name="campaign_advice_complete",
            ),
            models.CheckConstraint(
                condition=~models.Q(campaign_id="volunteer_backbone")
                | models.Q(sessions__gte=1, attendance__isnull=False),
                name="campaign_training_complete",
            ),
            models.CheckConstraint(
                condition=~models.Q(campaign_id="youth")
                | (
                    models.Q(participant_count__isnull=False, people_reached__isnull=False)
                    & ~models.Q(programme="")
                ),
                name="campaign_youth_complete",
            ),
            models.CheckConstraint(
                condition=~models.Q(campaign_id="civilised_customs")
                | (models.Q(people_reached__isnull=False) & ~models.Q(theme="")),
                name="campaign_customs_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    @property
    def campaign_name(self) -> str:
        return str(Campaign.Code(self.campaign_id).label)

    @property
    def kind_name(self) -> str:
        return str(ACTIVITY_NAMES[self.campaign_id])

    @property
    def reached(self) -> int | None:
        """The one count a list shows: people reached, or a training's attendance."""
        return self.people_reached if self.people_reached is not None else self.attendance

    @classmethod
    def kind_field(cls, name: str) -> models.Field[Any, Any]:
        """The column ``name`` of the kinds' own figures."""
        return next(field for field in cls._meta.concrete_fields if field.name == name)

    def clean(self) -> None:
        """Exactly the figures of the activity's own kind (services check the date)."""
        errors: dict[str, Any] = {}
        own = KIND_FIELDS.get(self.campaign_id, ())
        for name in KIND_SPECIFIC_FIELDS:
            value = self.serializable_value(name)
            empty = value is None or value == ""
            if name in own and empty:
                errors[name] = _("Fill this in for this kind of activity.")
            elif name not in own and not empty:
                errors[name] = _("This does not belong to this kind of activity.")
        if self.campaign_id == Campaign.Code.VOLUNTEER_BACKBONE and self.sessions == 0:
            errors["sessions"] = _("A training has at least one session.")
        if errors:
            raise ValidationError(errors)

    def figures(self) -> list[tuple[StrOrPromise, Any]]:
        """(label, shown value) of the kind's own fields, for the detail page."""
        rows = []
        for name in KIND_FIELDS.get(self.campaign_id, ()):
            field = self.kind_field(name)
            label = KIND_LABELS.get((self.campaign_id, name), field.verbose_name)
            if field.choices:
                value: Any = getattr(self, f"get_{name}_display")()
            else:
                value = getattr(self, name)
            rows.append((capfirst(label), value))
        return rows


class ActivityParticipant(cadres_models.ActivityParticipant):
    """A cadre who took part in an activity; once per activity."""

    activity = models.ForeignKey(
        CampaignActivity, on_delete=models.CASCADE, related_name="participant_links"
    )

    class Meta(cadres_models.ActivityParticipant.Meta):
        constraints = [
            models.UniqueConstraint(fields=["activity", "cadre"], name="campaign_participant_once"),
        ]


class ActivityPhoto(photos.ActivityPhoto):
    """A photo of an activity; served only through ``campaigns:photo`` (scoped)."""

    activity = models.ForeignKey(
        CampaignActivity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    file = models.FileField(_("photo"), upload_to="campaigns/photos/%Y/%m/")

    class Meta(photos.ActivityPhoto.Meta):
        pass
