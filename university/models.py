"""Terms and courses of the senior university, who enrols and attends, their
certificates, and the activity centre's rooms and bookings."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from campaigns.models import CampaignActivity
from laoshan_portal.accounts.models import Area
from laoshan_portal.crypto import EncryptedTextField
from laoshan_portal.records import EnteredBy
from volunteering.models import ServiceActivity, Team
from workrooms.models import Activity as WorkroomActivity
from workrooms.models import Workroom


class Term(models.Model):
    """A spring or autumn term (学期) of an area's senior university."""

    class Season(models.TextChoices):
        SPRING = "spring", _("Spring term")
        AUTUMN = "autumn", _("Autumn term")

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    season = models.CharField(_("term"), max_length=8, choices=Season.choices)
    starts = models.DateField(_("first day"))
    ends = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-starts", "area__path"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "season"], name="term_once_a_season"),
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="term_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_season_display()}"


class Course(EnteredBy):
    """A course of a term, held by the senior university branch of ``area``."""

    class Subject(models.TextChoices):
        CALLIGRAPHY = "calligraphy", _("Calligraphy")
        PAINTING = "painting", _("Painting")
        SINGING = "singing", _("Singing")
        HEALTH = "health", _("Health")
        SMARTPHONE = "smartphone", _("Smartphone use")
        PARTY_HISTORY = "party_history", _("Party history")
        OTHER = "other", _("Other")

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Monday")
        TUESDAY = 2, _("Tuesday")
        WEDNESDAY = 3, _("Wednesday")
        THURSDAY = 4, _("Thursday")
        FRIDAY = 5, _("Friday")
        SATURDAY = 6, _("Saturday")
        SUNDAY = 7, _("Sunday")

    area = models.ForeignKey(
        Area, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="+"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("title"), max_length=64)
    subject = models.CharField(_("subject"), max_length=16, choices=Subject.choices)
    teacher_cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("teacher (cadre)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses_taught",
    )
    teacher_name = models.CharField(_("outside teacher"), max_length=32, blank=True)
    venue = models.CharField(_("venue"), max_length=64)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    fee = models.DecimalField(_("fee"), max_digits=8, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-term__starts", "weekday", "starts_at", "title"]
        constraints = [
            models.UniqueConstraint(fields=["term", "area", "title"], name="course_unique_title"),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="course_has_places"),
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="course_fee_not_negative"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="course_times_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def teacher(self) -> str:
        return self.teacher_cadre.name if self.teacher_cadre_id else self.teacher_name  # type: ignore[union-attr]


class Enrolment(EnteredBy):
    """A person on a course: a cadre of the registry or another resident. Beyond the
    capacity they wait, in the order they came; a withdrawal lets the first one in."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITING = "waiting", _("Waiting list")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrolments"
    )
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    resident_name = models.CharField(_("resident's name"), max_length=32, blank=True)
    resident_phone = EncryptedTextField(_("resident's phone"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["course", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cadre__isnull=False) | ~models.Q(resident_name=""),
                name="enrolment_is_someone",
            ),
            models.UniqueConstraint(
                fields=["course", "cadre"],
                condition=models.Q(cadre__isnull=False) & ~models.Q(status="withdrawn"),
                name="enrolment_cadre_once",
            ),
        ]

    def __str__(self) -> str:
        return self.person_name

    @property
    def person_name(self) -> str:
        return self.cadre.name if self.cadre_id else self.resident_name  # type: ignore[union-attr]


class Lesson(models.Model):
    """A lesson held on a date; who came is its attendance. ``expected`` is how many were
    enrolled when it was taken, the denominator of the attendance rate."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="lessons"
    )
    date = models.DateField(_("date"), db_index=True)
    expected = models.PositiveSmallIntegerField(_("enrolled"))
    present = models.ManyToManyField(
        Enrolment, verbose_name=_("present"), blank=True, related_name="lessons_attended"
    )

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["course", "date"], name="lesson_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.date:%Y-%m-%d}"


class CourseCertificate(models.Model):
    """A certificate of completion (结业证书), its figures frozen at issue time."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("certificate number"), max_length=24, unique=True, null=True)
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    holder_name = models.CharField(_("holder"), max_length=32)
    course_title = models.CharField(_("course"), max_length=64)
    term_name = models.CharField(_("term"), max_length=32)
    lessons = models.PositiveSmallIntegerField(_("lessons"))
    attended = models.PositiveSmallIntegerField(_("lessons attended"))
    issuer_name = models.CharField(_("issuer"), max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_on = models.DateField(_("date of issue"))

    class Meta:
        verbose_name = _("certificate of completion")
        verbose_name_plural = _("certificates of completion")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.number or ""

    @property
    def rate(self) -> int:
        return round(100 * self.attended / self.lessons) if self.lessons else 0


class Room(models.Model):
    """A room of an activity centre (老干部活动中心)."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=64)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    equipment = models.CharField(_("equipment"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["area__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="room_unique_name_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class Booking(EnteredBy):
    """A room booked from ``starts`` to ``ends`` for a purpose, and for at most one of a
    workroom, a team, a course, or the activity that used it (a campaign, workroom or
    volunteer activity: its page shows the booking as its venue). Bookings of a room never overlap:
    the service checks it, and on PostgreSQL an exclusion constraint too (migration 0002).
    """

    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="bookings"
    )
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    purpose = models.CharField(_("purpose"), max_length=100)
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
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
    )
    campaign_activity = models.ForeignKey(
        CampaignActivity,
        verbose_name=_("campaign activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
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

    class Meta:
        verbose_name = _("room booking")
        verbose_name_plural = _("room bookings")
        ordering = ["starts", "pk"]
        indexes = [models.Index(fields=["room", "starts"], name="booking_room_starts_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="booking_times_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.starts:%Y-%m-%d %H:%M} {self.purpose}"
