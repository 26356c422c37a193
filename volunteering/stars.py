"""Star levels of volunteers from their cumulative accepted hours (星级志愿者)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings

# The national volunteer star thresholds, in hours: 1 to 5 stars.
DEFAULT_THRESHOLDS = (100, 300, 600, 1000, 1500)


def star_thresholds() -> tuple[Decimal, ...]:
    """The configured thresholds (``VOLUNTEER_STAR_THRESHOLDS``), ascending."""
    raw: Sequence[float | int | str] = getattr(
        settings, "VOLUNTEER_STAR_THRESHOLDS", DEFAULT_THRESHOLDS
    )
    return tuple(sorted(Decimal(str(value)) for value in raw))


def star_level(hours: Decimal | float | int | None) -> int:
    """How many thresholds ``hours`` reaches: 0 (none yet) to the number of thresholds."""
    total = Decimal(str(hours or 0))
    return sum(1 for threshold in star_thresholds() if total >= threshold)


def next_threshold(hours: Decimal | float | int | None) -> Decimal | None:
    """The hours needed for the next star, or None at the top level."""
    total = Decimal(str(hours or 0))
    return next((t for t in star_thresholds() if total < t), None)
