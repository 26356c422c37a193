"""A rule every volunteering service applies: no date in the future."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from laoshan_portal.clock import today


def _not_in_future(value: date | None, field: str) -> None:
    if value is not None and value > today():
        raise ValidationError({field: _("The date cannot be in the future.")})
