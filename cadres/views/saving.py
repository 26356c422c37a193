"""What the registry's pages share beside ``laoshan_portal.pages``: a form's valid POST
saved through a service, and the outcome of a one-button action as a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm

from laoshan_portal.forms import add_service_errors
from laoshan_portal.scoping import ScopedRequest

T = TypeVar("T")


def saved(request: ScopedRequest, form: BaseForm, save: Callable[[], T]) -> T | None:
    """What ``save`` returned for a valid POST of ``form``; None when there was nothing to
    save or the service refused, its ValidationError then shown on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def acted(request: ScopedRequest, act: Callable[[], object], success: str) -> None:
    """Call a one-button action's service: ``success``, or why it refused, as a message."""
    try:
        act()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
