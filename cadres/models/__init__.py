"""The silver talent registry's models: cadres with the five knowns, check-ins, posts and
needs, one module each; every model is importable from ``cadres.models``."""

from __future__ import annotations

from .checkins import CheckIn
from .needs import Need, NeedAssignment
from .posts import PartyOrganisationCount, Post
from .reference_lists import ServiceKind, SpecialtyTag
from .registry import ActivityParticipant, Cadre, CadreEvent, cadre_field

__all__ = [
    "ActivityParticipant",
    "Cadre",
    "CadreEvent",
    "CheckIn",
    "Need",
    "NeedAssignment",
    "PartyOrganisationCount",
    "Post",
    "ServiceKind",
    "SpecialtyTag",
    "cadre_field",
]
