"""Writes of enrolments (capacity and the waiting list), attendance and certificates of
completion."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cadres.models import Cadre
from cadres.validators import mask_phone, validate_mobile
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.clock import now, require_not_future, today
from laoshan_portal.scoping import Scope
from laoshan_portal.verification import issuer_name, link_is_signed, link_signature, root_of

from ..models import Course, CourseCertificate, Enrolment, Lesson
from ..selectors import enrolment_attendance

ENROLLED = Enrolment.Status.ENROLLED
WAITING = Enrolment.Status.WAITING
WITHDRAWN = Enrolment.Status.WITHDRAWN
# A certificate of completion needs this share of the course's lessons attended.
COMPLETION_RATE = 80
CERTIFICATE_PREFIX = "LU"
SIGNING_SALT = "university.certificate"


def _locked(course: Course) -> Course:
    """The course row locked (on PostgreSQL): two enrolments cannot both take the last place."""
    return Course.objects.select_for_update().get(pk=course.pk)


def _status_for_next(course: Course) -> str:
    taken = course.enrolments.filter(status=ENROLLED).count()
    return ENROLLED if taken < course.capacity else WAITING


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def enrol_cadres(
    *, scope: Scope, actor: Any, course: Course, cadres: Sequence[Cadre], ip: str | None = None
) -> list[Enrolment]:
    """Enrol cadres of the registry; beyond the capacity they join the waiting list.
    A cadre on the course already is left as they are."""
    scope.require(course.area)
    course = _locked(course)
    for cadre in cadres:
        if not scope.contains(cadre.area):
            raise ValidationError({"cadres": _("A chosen person is not in your area.")})
    present = set(course.enrolments.exclude(status=WITHDRAWN).values_list("cadre_id", flat=True))
    added = []
    for cadre in cadres:
        if cadre.pk in present:
            continue
        enrolment = Enrolment(
            course=course, cadre=cadre, status=_status_for_next(course), created_by=_user(actor)
        )
        enrolment.full_clean()
        enrolment.save()
        added.append(enrolment)
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=course, area=course.area, ip=ip,
        detail={"enrolled": [e.cadre_id for e in added if e.status == ENROLLED],
                "waiting": [e.cadre_id for e in added if e.status == WAITING]},
    )  # fmt: skip
    return added


@transaction.atomic
def enrol_resident(
    *,
    scope: Scope,
    actor: Any,
    course: Course,
    name: str,
    phone: str = "",
    ip: str | None = None,
) -> Enrolment:
    """Enrol a resident who is not in the registry: a name, and a phone if they have one."""
    scope.require(course.area)
    name = (name or "").strip()
    phone = (phone or "").strip()
    if not name:
        raise ValidationError({"name": _("Please give the name.")})
    if phone:
        try:
            validate_mobile(phone)
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from None
    course = _locked(course)
    enrolment = Enrolment(
        course=course,
        resident_name=name,
        resident_phone=phone,
        status=_status_for_next(course),
        created_by=_user(actor),
    )
    enrolment.full_clean()
    enrolment.save()
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, obj=enrolment, area=course.area, ip=ip,
        detail={"status": enrolment.status},
    )  # fmt: skip
    return enrolment


def waiting_list_move_up(*, course: Course) -> list[Enrolment]:
    """Let the first waiting people in while places are free (inside the caller's atomic
    block, the course row locked); returns who came in."""
    free = course.capacity - course.enrolments.filter(status=ENROLLED).count()
    if free <= 0:
        return []
    moved = list(course.enrolments.filter(status=WAITING).order_by("created_at", "pk")[:free])
    for enrolment in moved:
        enrolment.status = ENROLLED
        enrolment.save(update_fields=["status"])
    return moved


@transaction.atomic
def enrolment_withdraw(
    *, scope: Scope, actor: Any, enrolment: Enrolment, ip: str | None = None
) -> list[Enrolment]:
    """Take someone off a course (or its waiting list); the first waiting take the place.
    Returns who moved up."""
    scope.require(enrolment.course.area)
    course = _locked(enrolment.course)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == WITHDRAWN:
        raise ValidationError(_("This person has withdrawn already."))
    enrolment.status = WITHDRAWN
    enrolment.withdrawn_at = now()
    enrolment.save(update_fields=["status", "withdrawn_at"])
    moved = waiting_list_move_up(course=course)
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=enrolment, area=course.area, ip=ip,
        detail={"status": WITHDRAWN, "moved_up": [e.pk for e in moved]},
    )  # fmt: skip
    return moved


def enrolment_phone_display(enrolment: Enrolment) -> str:
    return mask_phone(enrolment.resident_phone) if enrolment.resident_phone else ""


@transaction.atomic
def attendance_record(
    *,
    scope: Scope,
    actor: Any,
    course: Course,
    date: date,
    present: Sequence[Enrolment],
    ip: str | None = None,
) -> Lesson:
    """Who came to the lesson of ``date`` (taken again, it replaces the earlier list)."""
    scope.require(course.area)
    require_not_future(date, "date")
    if not course.term.starts <= date <= course.term.ends:
        raise ValidationError({"date": _("The date is outside the course's term.")})
    course = _locked(course)
    enrolled = set(course.enrolments.filter(status=ENROLLED).values_list("pk", flat=True))
    if any(enrolment.pk not in enrolled for enrolment in present):
        raise ValidationError({"present": _("Only people enrolled on the course can attend.")})
    lesson, created = Lesson.objects.get_or_create(
        course=course, date=date, defaults={"expected": len(enrolled)}
    )
    if not created:
        lesson.expected = len(enrolled)
        lesson.save(update_fields=["expected"])
    lesson.present.set(present)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=lesson, area=course.area, ip=ip,
        detail={"present": len(present), "expected": len(enrolled)},
    )  # fmt: skip
    return lesson


def certificate_verify_path(certificate: CourseCertificate) -> str:
    number = certificate.number or ""
    return reverse(
        "university:certificate_verify",
        kwargs={"number": number, "signature": link_signature(SIGNING_SALT, number)},
    )


def certificate_from_link(*, number: str, signature: str) -> CourseCertificate | None:
    """The certificate a verification link names, or None for a bad signature."""
    if not link_is_signed(SIGNING_SALT, number, signature):
        return None
    return CourseCertificate.objects.filter(number=number).first()


@transaction.atomic
def certificate_issue(
    *, scope: Scope, actor: Any, enrolment: Enrolment, ip: str | None = None
) -> CourseCertificate:
    """A certificate of completion for someone who attended at least 80% of the lessons."""
    course = enrolment.course
    scope.require(course.area)
    if enrolment.status != ENROLLED:
        raise ValidationError(_("Only people enrolled on the course can complete it."))
    existing = CourseCertificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    attendance = enrolment_attendance(enrolment=enrolment)
    if attendance.lessons == 0 or attendance.rate < COMPLETION_RATE:
        raise ValidationError(
            _("A certificate needs %(rate)s%% of the lessons attended (so far %(actual)s%%).")
            % {"rate": COMPLETION_RATE, "actual": attendance.rate}
        )
    issuing_area = getattr(actor, "area", None) or root_of(course.area)
    certificate = CourseCertificate(
        area=course.area,
        enrolment=enrolment,
        holder_name=enrolment.person_name,
        course_title=course.title,
        term_name=str(course.term),
        lessons=attendance.lessons,
        attended=attendance.attended,
        issuer_name=issuer_name(issuing_area),
        issued_by=_user(actor),
        issued_on=today(),
    )
    certificate.full_clean(exclude=["number"])
    certificate.save()
    certificate.number = f"{CERTIFICATE_PREFIX}-{certificate.issued_on.year}-{certificate.pk:06d}"
    certificate.save(update_fields=["number"])
    audit_record(
        actor=actor, action=AuditEvent.Action.CREATE, obj=certificate, ip=ip,
        detail={"lessons": attendance.lessons, "attended": attendance.attended},
    )  # fmt: skip
    return certificate
