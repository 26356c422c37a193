"""Workrooms (老党员工作室 / 老书记工作室), co-building clusters and their activity logs, and
deliberation (议事): recurring mechanisms, their meetings and follow-ups, and agreements.

Every table holds an ``area`` or reaches one through its parent: activities, meetings and
agreements carry the figures that reports add up, so they are ``PROTECT``ed from the
deletion of what they belong to.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres import models as cadres_models
from cadres.models import Cadre
from laoshan_portal import photos
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
    members = models.ManyToManyField(
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
    workrooms = models.ManyToManyField(
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


class ActivityKind(models.TextChoices):
    DELIBERATION = "deliberation", _("Deliberation")
    LECTURE = "lecture", _("Lecture")
    VOLUNTEERING = "volunteering", _("Volunteer service")
    PAIRING = "pairing", _("Pairing help")
    SHARING = "sharing", _("Experience sharing")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class Activity(models.Model):
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
    participants = models.ManyToManyField(
        Cadre,
        verbose_name=_("participants"),
        through="ActivityParticipant",
        blank=True,
        related_name="workroom_activities",
    )
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    summary = models.TextField(_("summary"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

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


class Meeting(models.Model):
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

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


class Agreement(models.Model):
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

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
