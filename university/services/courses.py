"""Writes of terms and courses."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre
from laoshan_portal.accounts.models import Area
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.scoping import Scope

from ..models import Course, Term
from .enrolments import waiting_list_move_up


@transaction.atomic
def term_create(
    *,
    scope: Scope,
    actor: Any,
    area: Area,
    year: int,
    season: str,
    starts: date,
    ends: date,
    ip: str | None = None,
) -> Term:
    scope.require(area)
    if ends < starts:
        raise ValidationError({"ends": _("The end date cannot be before the start date.")})
    if Term.objects.filter(area=area, year=year, season=season).exists():
        raise ValidationError({"season": _("This area has this term already.")})
    term = Term(area=area, year=year, season=season, starts=starts, ends=ends)
    term.full_clean()
    term.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=term, ip=ip)
    return term


def _course_check(scope: Scope, course: Course) -> None:
    scope.require(course.area)
    if not course.area.path.startswith(course.term.area.path):
        raise ValidationError({"area": _("The branch must belong to the term's school.")})
    if course.teacher_cadre is not None and not scope.contains(course.teacher_cadre.area):
        raise ValidationError({"teacher_cadre": _("A chosen person is not in your area.")})
    course.title = course.title.strip()
    course.teacher_name = course.teacher_name.strip()
    if course.teacher_cadre is None and not course.teacher_name:
        raise ValidationError({"teacher_name": _("Choose a cadre or give the teacher's name.")})
    if course.ends_at <= course.starts_at:
        raise ValidationError({"ends_at": _("A lesson must end after it starts.")})
    if course.fee < 0:
        raise ValidationError({"fee": _("The fee cannot be negative.")})
    clash = Course.objects.filter(term=course.term, area=course.area, title=course.title)
    if clash.exclude(pk=course.pk).exists():
        raise ValidationError({"title": _("This term has a course of this title already.")})
    course.full_clean()


@transaction.atomic
def course_create(
    *,
    scope: Scope,
    actor: Any,
    term: Term,
    area: Area,
    title: str,
    subject: str,
    venue: str,
    weekday: int,
    starts_at: time,
    ends_at: time,
    capacity: int,
    fee: Decimal = Decimal("0.00"),
    teacher_cadre: Cadre | None = None,
    teacher_name: str = "",
    ip: str | None = None,
) -> Course:
    scope.require(term.area, "term")
    course = Course(
        term=term,
        area=area,
        title=title,
        subject=subject,
        venue=venue,
        weekday=weekday,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        fee=fee,
        teacher_cadre=teacher_cadre,
        teacher_name=teacher_name,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _course_check(scope, course)
    course.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=course, area=area, ip=ip)
    return course


@transaction.atomic
def course_update(
    *,
    scope: Scope,
    actor: Any,
    course: Course,
    title: str,
    subject: str,
    venue: str,
    weekday: int,
    starts_at: time,
    ends_at: time,
    capacity: int,
    fee: Decimal,
    teacher_cadre: Cadre | None,
    teacher_name: str,
    ip: str | None = None,
) -> Course:
    """Change a course's details (its term and branch stay); a larger capacity lets the
    waiting list in."""
    scope.require(course.area)
    course = Course.objects.select_for_update().get(pk=course.pk)
    fields = {
        "title": title, "subject": subject, "venue": venue, "weekday": weekday,
        "starts_at": starts_at, "ends_at": ends_at, "capacity": capacity, "fee": fee,
        "teacher_cadre": teacher_cadre, "teacher_name": teacher_name,
    }  # fmt: skip
    changed = [name for name, value in fields.items() if getattr(course, name) != value]
    for name in changed:
        setattr(course, name, fields[name])
    _course_check(scope, course)
    course.save()
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=course, area=course.area, ip=ip,
        detail={"fields": changed},
    )  # fmt: skip
    waiting_list_move_up(course=course)
    return course
