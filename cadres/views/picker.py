"""The search behind the cadre picker (``cadres.forms.CadrePickerField``).

``static/js/picker.js`` adds a search box beside the field's widget that asks this view;
an id outside the scope posted anyway is a form error like any bad choice.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import URLPattern, path

from laoshan_portal.forms import query_text
from laoshan_portal.scoping import ScopedRequest, staff_view

from ..filters import search_cadres
from ..models import Cadre
from ..selectors import cadre_list

LIMIT = 20


@staff_view("cadres.view_cadre")
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


urlpatterns: list[URLPattern] = [
    path("cadres/autocomplete/", autocomplete, name="autocomplete"),
]
