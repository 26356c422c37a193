"""Picking cadres in a form from a search box (name, full pinyin or initials).

``CadrePickerField`` is a multiple choice over the cadres in the user's scope; its widget
renders only the chosen ones, and ``static/js/picker.js`` adds the search box that asks
``cadres:autocomplete``. An id outside the scope is a form error like any bad choice.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.db import models
from django.http import JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from laoshan_portal.forms import ModelMultipleChoiceField, query_text
from laoshan_portal.scoping import ScopedRequest

from .filters import search_cadres
from .models import Cadre
from .selectors import cadre_list

LIMIT = 20


class CadrePickerWidget(forms.SelectMultiple):
    """A multiple select holding only the chosen cadres, with a search box beside it."""

    template_name = "cadres/widgets/cadre_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.attrs.setdefault("data-cadre-picker", "")
        self.attrs.setdefault("data-url", reverse_lazy("cadres:autocomplete"))

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        # Only the chosen cadres become <option>s: a district has thousands. A form shown
        # again after an error may hold anything posted: only plain 64-bit ids are looked up.
        chosen = {str(v).strip() for v in value if v}
        chosen = {v for v in chosen if v.isascii() and v.isdigit() and int(v) < 2**63}
        field_choices = self.choices
        queryset = getattr(field_choices, "queryset", None)
        if queryset is not None:
            self.choices = [(c.pk, str(c)) for c in queryset.filter(pk__in=chosen)]
        return super().optgroups(name, value, attrs)


class CadrePickerField(ModelMultipleChoiceField):
    widget = CadrePickerWidget
    default_error_messages = {
        "invalid_choice": _("A chosen person is not in your area."),
        "invalid_pk_value": _("A chosen person is not in your area."),
    }

    def __init__(self, queryset: models.QuerySet[Cadre], **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Participants"))
        super().__init__(queryset=queryset.filter(status=Cadre.Status.ACTIVE), **kwargs)


@login_required
@permission_required("cadres.view_cadre", raise_exception=True)
def autocomplete(request: ScopedRequest) -> JsonResponse:
    """Active cadres in scope whose name, pinyin or initials match ``q``."""
    text = query_text(request.GET, "q", 32)
    if not text:
        return JsonResponse({"results": []})
    cadres = search_cadres(
        cadre_list(scope=request.scope).filter(status=Cadre.Status.ACTIVE),
        text,
    ).select_related("area")[:LIMIT]
    return JsonResponse(
        {"results": [{"id": c.pk, "name": c.name, "area": c.area.name} for c in cadres]}
    )
