"""Writes of teams, activities, service hours and certificates.

Every function is keyword-only and atomic, checks the scope again, validates before it
saves and writes the audit entry in the same transaction: a refused entry saves nothing.
One module per page group, as in ``views/``.
"""

from __future__ import annotations

from .activities import (
    Entry,
    activity_create,
    activity_update,
    service_record_correct,
    service_record_decline,
    service_records_add,
)
from .certificates import (
    certificate_from_link,
    certificate_issue,
    certificate_revoke,
    certificate_signature,
    certificate_verify_path,
)
from .teams import (
    member_phone_display,
    team_cadres_add,
    team_create,
    team_member_remove,
    team_phones_reveal,
    team_resident_add,
    team_update,
)

__all__ = [
    "team_create",
    "team_update",
    "team_cadres_add",
    "team_resident_add",
    "team_member_remove",
    "member_phone_display",
    "team_phones_reveal",
    "Entry",
    "activity_create",
    "activity_update",
    "service_records_add",
    "service_record_decline",
    "service_record_correct",
    "certificate_issue",
    "certificate_revoke",
    "certificate_from_link",
    "certificate_verify_path",
    "certificate_signature",
]
