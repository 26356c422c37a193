"""The activity log: activities of one workroom, or joint ones of a cluster and its
workrooms, with their participants and photos."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres import models as cadres_models
from cadres.models import Cadre
from laoshan_portal import photos
from laoshan_portal.accounts.models import Area
from laoshan_portal.records import EnteredRecord

from .workrooms import Cluster, Workroom


class ActivityKind(models.TextChoices):
    DELIBERATION = "deliberation", _("Deliberation")
    LECTURE = "lecture", _("Lecture")
    VOLUNTEERING = "volunteering", _("Volunteer service")
    PAIRING = "pairing", _("Pairing help")
    SHARING = "sharing", _("Experience sharing")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class Activity(EnteredRecord):
    """An activity of one workroom, or a joint activity of a cluster and its workrooms.

    ``area`` is the workroom's or the cluster's, copied by the services so that one scope
    filter serves both kinds and a moved workroom's activities move with it.
    """

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="workroom_activities"
    )
    workroom = models.ForeignKey(
        Workroom,
        verbose_name=_("workroom"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("co-building cluster"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    # The cluster's workrooms taking part in a joint activity.
    joint_workrooms = models.ManyToManyField(
        Workroom, verbose_name=_("workrooms taking part"), blank=True, related_name="+"
    )
    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    participants: models.ManyToManyField[Cadre, ActivityParticipant] = models.ManyToManyField(
        Cadre,
        verbose_name=_("participants"),
        through="ActivityParticipant",
        blank=True,
        related_name="workroom_activities",
    )
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    summary = models.TextField(_("summary"), max_length=2000)

    class Meta:
        verbose_name = _("workroom activity")
        verbose_name_plural = _("workroom activities")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(workroom__isnull=False, cluster__isnull=True)
                | models.Q(workroom__isnull=True, cluster__isnull=False),
                name="workroom_activity_one_owner",
            ),
            models.CheckConstraint(
                condition=models.Q(people_served__gte=0), name="workroom_activity_served_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} · {self.owner}"

    @property
    def owner(self) -> Workroom | Cluster | None:
        return self.workroom if self.workroom_id else self.cluster

    @property
    def is_joint(self) -> bool:
        return self.cluster_id is not None


class ActivityParticipant(cadres_models.ActivityParticipant):
    """A cadre who took part in an activity: the database keeps each person once."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="participant_links"
    )

    class Meta(cadres_models.ActivityParticipant.Meta):
        constraints = [
            models.UniqueConstraint(fields=["activity", "cadre"], name="workroom_participant_once"),
        ]


class ActivityPhoto(photos.ActivityPhoto):
    """A photo of an activity; served only through ``workrooms:photo`` (scoped)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("photo"), upload_to="workrooms/photos/%Y/%m/")

    class Meta(photos.ActivityPhoto.Meta):
        pass
