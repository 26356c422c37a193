"""Writes of the senior university and the activity centre.

Every function is keyword-only and atomic, checks the scope again, validates before it
saves and writes the audit entry in the same transaction. One module per page group.
"""

from __future__ import annotations

from .courses import course_create, course_update, term_create
from .enrolments import (
    COMPLETION_RATE,
    attendance_record,
    certificate_from_link,
    certificate_issue,
    certificate_verify_path,
    enrol_cadres,
    enrol_resident,
    enrolment_phone_display,
    enrolment_withdraw,
)
from .rooms import booking_cancel, booking_create, room_create

__all__ = [
    "COMPLETION_RATE",
    "term_create",
    "course_create",
    "course_update",
    "enrol_cadres",
    "enrol_resident",
    "enrolment_withdraw",
    "enrolment_phone_display",
    "attendance_record",
    "certificate_issue",
    "certificate_from_link",
    "certificate_verify_path",
    "room_create",
    "booking_create",
    "booking_cancel",
]
