"""Teams of retired cadres (volunteer, 和事佬 mediation, red lecture) and their members.

Service activities, hours and star levels build on these (see the rest of this app); the
mediation cases live in the inner app ``volunteering.mediation``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area
from laoshan_portal.crypto import EncryptedTextField


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
