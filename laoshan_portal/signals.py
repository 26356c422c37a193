"""Signals shared across apps.

``bulk_change``: sent by code that writes many domain rows at once without going through
``save()`` (imports, merges, demo and synthetic data), so that derived figures (the
dashboards' month × area summary) know to compute again.
"""

from __future__ import annotations

from django.dispatch import Signal

bulk_change = Signal()
