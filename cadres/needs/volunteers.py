"""Cadres who offered themselves for a need: apps above the registry (the retirees' own
pages) register where such offers are read, and the matching page ranks those cadres first.

A source gives a query of cadre ids, so the ranking reads it inside its own query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from ..models import Need

VolunteerSource = Callable[[Need], "models.QuerySet[Any]"]

_SOURCES: list[VolunteerSource] = []


def register(source: VolunteerSource) -> None:
    """Add a reader of the cadre ids that offered themselves for a need (once)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def volunteered(need: Need) -> models.Q:
    """A condition on cadres: they offered themselves for ``need`` (by any source)."""
    condition = models.Q(pk__in=[])
    for source in _SOURCES:
        condition |= models.Q(pk__in=source(need))
    return condition
