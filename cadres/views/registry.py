"""Pages of the registry: the list, a record, its forms, status, merge and reveal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laoshan_portal.audit.services import client_ip
from laoshan_portal.pages import PAGE_SIZE, KeptOrder, can, form_page, service_kwargs
from laoshan_portal.scoping import ScopedRequest, get_in_scope_or_404, staff_view

from .. import services
from ..forms import SECTIONS, CadreForm, MergeForm, StatusForm
from ..models import Cadre, cadre_field
from ..selectors import cadre_filtered, registry_matches, registry_total, specialty_names
from .saving import acted, saved

# What the list shows of a record (its place names come from the areas in scope).
LIST_FIELDS = ("pk", "name", "gender", "birth_date", "political_status", "former_unit", "area_id")
# (sort key or "", heading) of the list's columns
COLUMNS = [
    ("name", gettext_lazy("Full name")),
    ("", gettext_lazy("Gender")),
    ("birth_date", gettext_lazy("Born")),
    ("area", gettext_lazy("Residence")),
    ("", gettext_lazy("Political status")),
    ("", gettext_lazy("Former work unit")),
    ("", gettext_lazy("Specialties")),
]


@staff_view("cadres.view_cadre")
def cadre_index(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    found = cadre_filtered(scope=scope, params=request.GET, resolve_areas=True)
    # Only the columns the list shows, as plain values: the encrypted ones would be
    # decrypted for nothing, and the page needs no model instances.
    rows = found.qs.values_list(*LIST_FIELDS, named=True)
    if found.is_search():
        total, ids = registry_matches(found=found)
        in_scope = found.queryset.values_list(*LIST_FIELDS, named=True)
        paginator: Paginator[Any] = Paginator(
            KeptOrder(rows, total, ids, by_key=in_scope), PAGE_SIZE
        )
    else:
        paginator = Paginator(rows, PAGE_SIZE)
        # The kept total stands for Paginator's COUNT(*) (a cached_property).
        paginator.__dict__["count"] = registry_total(scope=scope, found=found)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "cadres/cadre_list.html",
        {
            "filter": found,
            "selects": found.select_options(),
            "page": page,
            "rows": list_rows(page, found.area_rows or [], found.tag_lists["specialty"]),
            "suggestions": [] if page.object_list else found.suggested_specialties(),
            "sort": request.GET.get("sort", ""),
            "columns": COLUMNS,
            **can(
                request,
                "cadres.add_cadre",
                "accounts.export_data",
                "accounts.view_sensitive",
                "cadres.add_checkin",
                "cadres.view_checkin",
            ),
        },
    )


def list_rows(
    page: Any, area_rows: list[Any], specialties: list[tuple[int, str]]
) -> list[dict[str, Any]]:
    """What the list shows of each record, worked out once for the cards and the table.

    Python does it in a fraction of what the template engine takes for the same lookups,
    filters and URL reversals, twice over (docs/PERFORMANCE.md).
    """
    genders = {value: str(label) for value, label in Cadre.Gender.choices}
    politics = {value: str(label) for value, label in Cadre.PoliticalStatus.choices}
    places = {area.pk: area for area in area_rows}
    tags = specialty_names(cadre_ids=[cadre.pk for cadre in page], specialties=specialties)
    rows = []
    for cadre in page:
        area = places[cadre.area_id]
        rows.append(
            {
                "url": reverse("cadres:cadre_detail", args=[cadre.pk]),
                "name": cadre.name,
                "gender": genders.get(cadre.gender, cadre.gender),
                "born": f"{cadre.birth_date:%Y-%m}",
                "born_year": cadre.birth_date.year,
                "area": area.name,
                "parent": area.parent__name or "",
                "political": politics.get(cadre.political_status, cadre.political_status),
                "former_unit": cadre.former_unit,
                "tags": tags[cadre.pk],
            }
        )
    return rows


@staff_view("cadres.view_cadre", scoped=Cadre)
def cadre_detail(request: ScopedRequest, cadre: Cadre) -> HttpResponse:
    user = request.user
    return render(
        request,
        "cadres/cadre_detail.html",
        {
            "cadre": cadre,
            "sections": detail_sections(cadre),
            "events": cadre.events.select_related("by")[:50],
            "posts": cadre.posts.select_related("area"),
            "checkins": cadre.checkins.select_related("area")[:20],
            "can_reveal": user.has_perm("accounts.view_sensitive"),
            "can_issue_code": user.has_perm("retirees.add_activationcode")
            and cadre.status == Cadre.Status.ACTIVE,
            "can_change": user.has_perm("cadres.change_cadre")
            and cadre.status != Cadre.Status.MERGED,
            "can_add_post": user.has_perm("cadres.add_post")
            and cadre.status == Cadre.Status.ACTIVE,
            "status_form": StatusForm(initial={"status": cadre.status}),
        },
    )


def detail_sections(cadre: Cadre) -> list[tuple[Any, list[dict[str, Any]]]]:
    """Each section of the five knowns as label/value rows, sensitive values masked."""
    sections = []
    for title, names in SECTIONS:
        rows = []
        for name in names:
            field = cadre_field(name)
            if name in services.SENSITIVE_FIELDS:
                value: Any = services.masked(cadre, name)
            elif name in {"specialties", "service_kinds"}:
                value = "、".join(str(tag) for tag in getattr(cadre, name).all())
            elif getattr(field, "choices", None):
                value = getattr(cadre, f"get_{name}_display")()
            else:
                value = getattr(cadre, name)
            if isinstance(value, bool):
                value = _("Yes") if value else _("No")
            rows.append(
                {
                    "name": name,
                    "label": field.verbose_name,
                    "value": value,
                    "sensitive": name in services.SENSITIVE_FIELDS,
                }
            )
        sections.append((title, rows))
    return sections


@staff_view(scoped=Cadre, methods=("POST",))
def cadre_reveal(request: ScopedRequest, cadre: Cadre) -> HttpResponse:
    """The sensitive fields in the clear (an htmx fragment); every call is audited."""
    values = services.cadre_reveal(actor=request.user, cadre=cadre, ip=client_ip(request))
    rows = [
        {"label": cadre_field(name).verbose_name, "value": value} for name, value in values.items()
    ]
    return render(request, "cadres/cadre_revealed.html", {"rows": rows, "cadre": cadre})


@staff_view("cadres.add_cadre", methods=("GET", "POST"))
def cadre_create(request: ScopedRequest) -> HttpResponse:
    """A new record; an ID number registered already offers to merge into that record."""
    form = CadreForm(request.POST or None, scope=request.scope)
    context: dict[str, Any] = {"creating": True, "duplicate": None}

    def create() -> Cadre:
        merge_into = None
        if request.POST.get("merge_into"):
            merge_into = get_in_scope_or_404(Cadre, request.scope, pk=request.POST["merge_into"])
        try:
            return services.cadre_create(
                data=form.record_data(),
                specialties=form.cleaned_data["specialties"],
                service_kinds=form.cleaned_data["service_kinds"],
                merge_into=merge_into,
                **service_kwargs(request),
            )
        except services.DuplicateCadre as error:
            context["duplicate"] = error.existing
            raise

    return _record_form_page(request, form, create, context)


def _record_form_page(
    request: ScopedRequest, form: CadreForm, save: Callable[[], Cadre], context: dict[str, Any]
) -> HttpResponse:
    return form_page(
        request,
        form,
        save=save,
        done=lambda cadre: reverse("cadres:cadre_detail", args=[cadre.pk]),
        message=_("Record of %(name)s saved."),
        context=context,
        template="cadres/cadre_form.html",
    )


@staff_view("cadres.change_cadre", scoped=Cadre, methods=("GET", "POST"))
def cadre_edit(request: ScopedRequest, cadre: Cadre) -> HttpResponse:
    if cadre.status == Cadre.Status.MERGED:
        messages.error(request, _("This record was merged into another one."))
        return redirect("cadres:cadre_detail", pk=cadre.pk)
    if request.method == "GET":
        services.cadre_edit_opened(actor=request.user, cadre=cadre, ip=client_ip(request))
    initial = {"specialties": cadre.specialties.all(), "service_kinds": cadre.service_kinds.all()}
    form = CadreForm(request.POST or None, scope=request.scope, instance=cadre, initial=initial)
    return _record_form_page(
        request,
        form,
        lambda: services.cadre_update(
            cadre=Cadre.objects.get(pk=cadre.pk),
            data=form.record_data(),
            specialties=form.cleaned_data["specialties"],
            service_kinds=form.cleaned_data["service_kinds"],
            **service_kwargs(request),
        ),
        {"creating": False, "cadre": cadre},
    )


@staff_view("cadres.change_cadre", scoped=Cadre, methods=("POST",))
def cadre_status(request: ScopedRequest, cadre: Cadre) -> HttpResponse:
    form = StatusForm(request.POST)
    if form.is_valid():
        acted(
            request,
            lambda: services.cadre_set_status(
                cadre=cadre,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                deceased_on=form.cleaned_data["deceased_on"],
                **service_kwargs(request),
            ),
            _("Status saved."),
        )
    else:
        messages.error(request, _("Choose active, moved away or deceased."))
    return redirect("cadres:cadre_detail", pk=cadre.pk)


@staff_view("cadres.change_cadre", scoped=Cadre, methods=("GET", "POST"))
def cadre_merge(request: ScopedRequest, cadre: Cadre) -> HttpResponse:
    """Fold this record into another one in scope; GET shows what will happen."""
    form = MergeForm(request.POST or request.GET or None)
    target = None
    if form.is_valid():
        target = get_in_scope_or_404(Cadre, request.scope, pk=form.cleaned_data["target"])
    if target is not None and request.POST.get("confirm") == "yes":
        merged = saved(
            request,
            form,
            lambda: services.cadre_merge(source=cadre, target=target, **service_kwargs(request)),
        )
        if merged is not None:
            messages.success(request, _("The records were merged."))
            return redirect("cadres:cadre_detail", pk=merged.pk)
    return render(
        request, "cadres/cadre_merge.html", {"cadre": cadre, "form": form, "target": target}
    )


urlpatterns = [
    path("cadres/", cadre_index, name="cadre_list"),
    path("cadres/new/", cadre_create, name="cadre_create"),
    path("cadres/<int:pk>/", cadre_detail, name="cadre_detail"),
    path("cadres/<int:pk>/edit/", cadre_edit, name="cadre_edit"),
    path("cadres/<int:pk>/reveal/", cadre_reveal, name="cadre_reveal"),
    path("cadres/<int:pk>/status/", cadre_status, name="cadre_status"),
    path("cadres/<int:pk>/merge/", cadre_merge, name="cadre_merge"),
]
