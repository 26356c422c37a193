"""Cadres who offered themselves for a need: apps above the registry (the retirees' own
pages) register where such offers are read, and the matching page ranks those cadres first.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from ..models import Need

VolunteerSource = Callable[[Need], Collection[int]]

_SOURCES: list[VolunteerSource] = []


def register(source: VolunteerSource) -> None:
    """Add a reader of the cadre ids that offered themselves for a need (once)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def volunteer_ids(need: Need) -> set[int]:
    """The cadres who offered themselves for ``need``, by every registered source."""
    return {cadre_id for source in _SOURCES for cadre_id in source(need)}
