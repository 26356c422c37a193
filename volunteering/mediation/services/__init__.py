"""Writes of mediation cases: intake, records, closing, follow-ups, scans, reveal; all audited.

The state machine lives here: registered → in mediation (a record is logged) → closed (with
an outcome). Each step checks the scope again and refuses with a Chinese message; the
database constraints in models.py hold the rules that one row can express. One module per
part of the case page: ``intake`` (registering and correcting), ``steps`` (records,
follow-ups, judicial confirmation, scans), ``closing`` (the outcome and its agreement) and
``parties`` (their contacts, masked or revealed).
"""

from __future__ import annotations

from .checks import normalise_phone
from .closing import case_close, split_items
from .intake import PartyData, case_create, case_update
from .parties import case_reveal, party_rows, scan_viewed
from .steps import case_start_mediation, follow_up_create, judicial_set, record_create, scan_add

__all__ = [
    "normalise_phone",
    "PartyData",
    "case_create",
    "case_update",
    "record_create",
    "case_start_mediation",
    "judicial_set",
    "follow_up_create",
    "scan_add",
    "split_items",
    "case_close",
    "party_rows",
    "case_reveal",
    "scan_viewed",
]
