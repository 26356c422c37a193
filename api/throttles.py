"""Throttles whose rates are read from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` when
they are applied (DRF's own read them once, at import). Counts live in the cache."""

from __future__ import annotations

from typing import Any

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle


class _CurrentRates:
    scope: Any

    def get_rate(self) -> str | None:
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        rate = rates.get(str(self.scope))
        return None if rate is None else str(rate)


class UserThrottle(_CurrentRates, UserRateThrottle):
    """Per signed-in user (per address for anonymous callers)."""


class AnonThrottle(_CurrentRates, AnonRateThrottle):
    """Per address, for callers not signed in."""


class SignInThrottle(_CurrentRates, ScopedRateThrottle):
    """The sign-in endpoint's own, tighter rate (the ``sign-in`` scope)."""
