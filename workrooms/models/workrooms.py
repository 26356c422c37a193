"""Workrooms (老党员工作室 / 老书记工作室) with their members, and the co-building clusters
(片区联建) that join workrooms of one area."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area


class Workroom(models.Model):
    """A workroom in a community party service centre, led by a retired cadre."""

    class Kind(models.TextChoices):
        OLD_PARTY_MEMBER = "old_party_member", _("Old party member workroom")
        OLD_SECRETARY = "old_secretary", _("Old secretary workroom")

    area = models.ForeignKey(
        Area, verbose_name=_("host area"), on_delete=models.PROTECT, related_name="workrooms"
    )
    name = models.CharField(_("name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    lead = models.ForeignKey(
        Cadre, verbose_name=_("lead"), on_delete=models.PROTECT, related_name="workrooms_led"
    )
    members: models.ManyToManyField[Cadre, WorkroomMember] = models.ManyToManyField(
        Cadre,
        verbose_name=_("members"),
        through="WorkroomMember",
        blank=True,
        related_name="workrooms",
    )
    founded_on = models.DateField(_("founded"))
    is_demonstration = models.BooleanField(_("demonstration workroom"), default=False)
    # 支部牵头 + 工作室聚力: the party branch that leads the workroom, as it is called.
    supervising_branch = models.CharField(_("supervising party branch"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("workroom")
        verbose_name_plural = _("workrooms")
        ordering = ["-is_demonstration", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="workroom_name_unique_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class WorkroomMember(models.Model):
    """A cadre taking part in a workroom; once per workroom."""

    workroom = models.ForeignKey(Workroom, on_delete=models.CASCADE, related_name="memberships")
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("workroom member")
        verbose_name_plural = _("workroom members")
        constraints = [
            models.UniqueConstraint(fields=["workroom", "cadre"], name="workroom_member_once"),
        ]

    def __str__(self) -> str:
        return str(self.cadre)


class Cluster(models.Model):
    """A co-building cluster (片区联建): workrooms of one area sharing their work."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="workroom_clusters"
    )
    name = models.CharField(_("name"), max_length=64)
    workrooms: models.ManyToManyField[Workroom, ClusterMembership] = models.ManyToManyField(
        Workroom,
        verbose_name=_("workrooms"),
        through="ClusterMembership",
        blank=True,
        related_name="clusters",
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("co-building cluster")
        verbose_name_plural = _("co-building clusters")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="cluster_name_unique_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class ClusterMembership(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    workroom = models.ForeignKey(
        Workroom, verbose_name=_("workroom"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("cluster member")
        verbose_name_plural = _("cluster members")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "workroom"], name="cluster_workroom_once"),
        ]

    def __str__(self) -> str:
        return str(self.workroom)
