"""Posts cadres hold (任职) and the party organisations counted for their coverage."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area

from .registry import Cadre


class PartyOrganisationCount(models.Model):
    """How many grassroots party organisations an area has (its own, not those below)."""

    area = models.OneToOneField(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="party_orgs"
    )
    count = models.PositiveIntegerField(_("grassroots party organisations"))
    # The registered party members of these organisations and the party groups they
    # meet in (瑞纳花园小区党支部: 58 members in two groups); empty when not entered.
    members = models.PositiveIntegerField(_("registered party members"), null=True, blank=True)
    groups = models.PositiveIntegerField(_("party groups"), null=True, blank=True)

    class Meta:
        verbose_name = _("party organisation count")
        verbose_name_plural = _("party organisation counts")

    def __str__(self) -> str:
        return f"{self.area}: {self.count}"


class Post(models.Model):
    """A community or party post a cadre holds (任职), with its dates."""

    class Kind(models.TextChoices):
        SECRETARY = "secretary", _("Compound party organisation secretary")
        COMMITTEE = "committee", _("Committee member")
        PART_TIME_COMMITTEE = "part_time_committee", _("Part-time committee member")
        GROUP_LEADER = "group_leader", _("Party group leader")
        BUILDING_LEADER = "building_leader", _("Building leader")
        LIAISON = "liaison", _("Party-building liaison")
        CENTRAL_HOUSEHOLD = "central_household", _("Party member central household")
        OWNERS_CHAIR = "owners_chair", _("Owners' committee chair")
        OWNERS_MEMBER = "owners_member", _("Owners' committee member")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="posts"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="posts"
    )
    kind = models.CharField(_("post"), max_length=24, choices=Kind.choices)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="post_ends_after_start",
            ),
            # A party organisation has one secretary in office at a time.
            models.UniqueConstraint(
                fields=["area", "organisation"],
                condition=models.Q(kind="secretary", end_date__isnull=True),
                name="one_current_secretary_per_organisation",
                violation_error_message=_(
                    "This party organisation has a secretary in office; end that post first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} · {self.get_kind_display()}"
