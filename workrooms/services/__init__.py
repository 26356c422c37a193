"""Writes of workrooms, clusters, activities and deliberation: checked, atomic, audited.

Every service checks the scope again (the area, and every person or workroom chosen),
calls ``full_clean()`` before saving and writes the audit entry in the same transaction,
so a refused input leaves nothing behind. One module per page group, as in ``views/``.
"""

from __future__ import annotations

from .activities import activity_create, activity_delete, activity_update
from .agreements import (
    agreement_create,
    agreement_delete,
    agreement_item_create,
    agreement_item_delete,
    agreement_item_update,
    agreement_update,
)
from .deliberation import (
    follow_up_create,
    follow_up_delete,
    follow_up_update,
    mechanism_create,
    mechanism_delete,
    mechanism_update,
    meeting_create,
    meeting_delete,
    meeting_update,
)
from .workrooms import (
    cluster_create,
    cluster_delete,
    cluster_update,
    workroom_create,
    workroom_delete,
    workroom_update,
)

__all__ = [
    "workroom_create",
    "workroom_update",
    "workroom_delete",
    "cluster_create",
    "cluster_update",
    "cluster_delete",
    "activity_create",
    "activity_update",
    "activity_delete",
    "mechanism_create",
    "mechanism_update",
    "mechanism_delete",
    "meeting_create",
    "meeting_update",
    "meeting_delete",
    "follow_up_create",
    "follow_up_update",
    "follow_up_delete",
    "agreement_create",
    "agreement_update",
    "agreement_delete",
    "agreement_item_create",
    "agreement_item_update",
    "agreement_item_delete",
]
