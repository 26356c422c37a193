"""``{% venue_of activity %}``: where an activity was held, from the activity centre's
bookings that name it ("地点：<room> (<time>)").

The pages of campaign, workroom and volunteer activities load this tag: their apps sit
below the university app and may not import it, while a template names no module.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from ..selectors import venue_bookings

register = template.Library()


@register.inclusion_tag("university/_venue.html")
def venue_of(activity: models.Model) -> dict[str, Any]:
    return {"bookings": venue_bookings(activity)}
