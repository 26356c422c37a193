"""Puts the request's scope and the navigation the user may follow into every template."""

from __future__ import annotations

from functools import partial
from typing import Any

from laoshan_portal.scoping import ScopedRequest

from .navigation import menu_html


def scope(request: ScopedRequest) -> dict[str, Any]:
    """The scope, and the menu's HTML drawn only when a template shows it (``{{ nav }}``:
    the template calls it), so fragments without the base template pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"scope": None, "nav": ""}
    return {"scope": request.scope, "nav": partial(menu_html, user, request.path)}
