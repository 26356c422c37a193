"""The registry's records: a cadre with the five knowns, its history, and the abstract
participant row other apps' activities use.

Sensitive personal data (ID number, phones, family and health details) is stored
encrypted (``EncryptedTextField``); the ID number and mobile also have a keyed hash
(``*_hash``) for lookups and uniqueness.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.crypto import EncryptedTextField

from .reference_lists import ServiceKind, SpecialtyTag


class Cadre(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class PoliticalStatus(models.TextChoices):
        PARTY_MEMBER = "party_member", _("CPC member")
        PROBATIONARY = "probationary", _("Probationary CPC member")
        DEMOCRATIC_PARTY = "democratic_party", _("Member of a democratic party")
        MASSES = "masses", _("Not a party member")

    class RetirementKind(models.TextChoices):
        LIXIU = "lixiu", _("Retired before 1949 service (离休)")
        TUIXIU = "tuixiu", _("Retired (退休)")

    class PartyRelation(models.TextChoices):
        FORMER_UNIT = "former_unit", _("With the former work unit")
        RESIDENCE = "residence", _("With the community of residence")
        OTHER = "other", _("Elsewhere")

    class Living(models.TextChoices):
        ALONE = "alone", _("Lives alone")
        EMPTY_NEST = "empty_nest", _("Empty nest (couple)")
        WITH_CHILDREN = "with_children", _("With children")
        CARE_HOME = "care_home", _("In a care home")
        OTHER = "other", _("Other")

    class SelfCare(models.TextChoices):
        FULL = "full", _("Fully self-caring")
        PARTIAL = "partial", _("Partly self-caring")
        NONE = "none", _("Needs care")

    class Mobility(models.TextChoices):
        GOOD = "good", _("Moves freely")
        LIMITED = "limited", _("Moves with difficulty")
        WHEELCHAIR = "wheelchair", _("Uses a wheelchair")

    class AvailableTime(models.TextChoices):
        ANY = "any", _("Any time")
        WEEKDAYS = "weekdays", _("Weekdays")
        WEEKENDS = "weekends", _("Weekends")
        OCCASIONAL = "occasional", _("Now and then")

    class Distance(models.TextChoices):
        COMPOUND = "compound", _("Own compound")
        COMMUNITY = "community", _("Own community")
        STREET = "street", _("Own street")
        DISTRICT = "district", _("Whole district")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        MOVED = "moved", _("Moved away")
        DECEASED = "deceased", _("Deceased")
        MERGED = "merged", _("Merged into another record")

    # Basic information (基本信息)
    area = models.ForeignKey(
        Area, verbose_name=_("residence"), on_delete=models.PROTECT, related_name="cadres"
    )
    name = models.CharField(_("full name"), max_length=32)
    name_pinyin = models.CharField(_("pinyin"), max_length=128, editable=False, db_index=True)
    name_initials = models.CharField(
        _("pinyin initials"), max_length=32, editable=False, db_index=True
    )
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=16, default="汉族")
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, editable=False, null=True, unique=True)
    mobile = EncryptedTextField(_("mobile"), blank=True)
    mobile_hash = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    landline = EncryptedTextField(_("landline"), blank=True)
    political_status = models.CharField(
        _("political status"), max_length=20, choices=PoliticalStatus.choices
    )
    party_join_date = models.DateField(_("joined the party"), null=True, blank=True)
    former_unit = models.CharField(_("former work unit"), max_length=100, blank=True)
    former_post = models.CharField(_("former post"), max_length=64, blank=True)
    rank = models.CharField(_("rank"), max_length=32, blank=True)
    retirement_date = models.DateField(_("retirement date"), null=True, blank=True)
    retirement_kind = models.CharField(
        _("retirement kind"), max_length=8, choices=RetirementKind.choices, default="tuixiu"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    party_relation = models.CharField(
        _("party relation held"), max_length=16, choices=PartyRelation.choices, blank=True
    )

    # Family situation (家庭情况): sensitive
    spouse = EncryptedTextField(_("spouse"), blank=True)
    living_arrangement = models.CharField(
        _("living arrangement"), max_length=16, choices=Living.choices, blank=True
    )
    emergency_contact = EncryptedTextField(_("emergency contact"), blank=True)
    family_notes = EncryptedTextField(_("family notes"), blank=True)
    hardship = models.BooleanField(_("in hardship"), default=False)
    bereaved_on = models.DateField(_("bereaved on"), null=True, blank=True)

    # Health condition (身体状况): sensitive
    self_care = models.CharField(
        _("self-care"), max_length=8, choices=SelfCare.choices, default="full"
    )
    mobility = models.CharField(
        _("mobility"), max_length=12, choices=Mobility.choices, default="good"
    )
    chronic_conditions = EncryptedTextField(_("chronic conditions"), blank=True)
    health_notes = EncryptedTextField(_("health notes"), blank=True)
    serious_illness = models.BooleanField(_("serious illness or hospital stay"), default=False)
    illness_note = EncryptedTextField(_("about the illness"), blank=True)

    # Hobbies and specialties (爱好特长)
    specialties = models.ManyToManyField(
        SpecialtyTag, verbose_name=_("specialties"), blank=True, related_name="cadres"
    )
    specialty_notes = models.CharField(_("more about specialties"), max_length=200, blank=True)

    # Willingness to serve (作用发挥意向)
    service_kinds = models.ManyToManyField(
        ServiceKind, verbose_name=_("willing to serve as"), blank=True, related_name="cadres"
    )
    available_time = models.CharField(
        _("available time"), max_length=12, choices=AvailableTime.choices, blank=True
    )
    max_distance = models.CharField(
        _("how far from home"), max_length=12, choices=Distance.choices, blank=True
    )

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default="active", db_index=True
    )
    deceased_on = models.DateField(_("date of death"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Keyed-hash column → the encrypted column it indexes (see laoshan_portal/crypto.py).
    blind_indexes = {"id_number_hash": "id_number", "mobile_hash": "mobile"}

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        ordering = ["name_pinyin", "pk"]
        indexes = [
            models.Index(fields=["area", "status"], name="cadre_area_status_idx"),
            models.Index(fields=["birth_date"], name="cadre_birth_date_idx"),
            # The summary's stock of active cadres at a day, per area: an index-only count.
            models.Index(fields=["status", "area", "created_at"], name="cadre_status_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="merged", merged_into__isnull=False)
                | (~models.Q(status="merged") & models.Q(merged_into__isnull=True)),
                name="cadre_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_party_member(self) -> bool:
        return self.political_status in {
            self.PoliticalStatus.PARTY_MEMBER,
            self.PoliticalStatus.PROBATIONARY,
        }


def cadre_field(name: str) -> models.Field[Any, Any]:
    """The field ``name`` of ``Cadre``, for its label, choices or default."""
    field = Cadre._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise LookupError(f"Cadre.{name} is not a field of its own")
    return field


class CadreEvent(models.Model):
    """The history of a record: creation, changes, status changes, merges."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        STATUS = "status", _("Status changed")
        MERGED = "merged", _("Merged")
        CHECKED_IN = "checked_in", _("Checked in")

    cadre = models.ForeignKey(Cadre, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.CharField(_("summary"), max_length=300)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)

    class Meta:
        verbose_name = _("record event")
        verbose_name_plural = _("record events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.summary


class ActivityParticipant(models.Model):
    """A cadre who took part in an activity of another app (a workroom's, a campaign's).

    A subclass adds ``activity`` (``related_name="participant_links"``) and, in its Meta,
    the unique constraint that keeps each person once per activity.
    """

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return str(self.cadre)
