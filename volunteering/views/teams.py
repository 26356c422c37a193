"""Pages of teams: the list and its export, a team with its members, the team forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import add_service_errors
from laoshan_portal.pages import can, form_page, list_page, next_url, service_kwargs, xlsx_response
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import excel, services
from ..forms import ResidentForm, TeamCadresForm, TeamForm
from ..models import Team, TeamMember
from ..selectors import team_filtered, team_members

RECENT_ACTIVITIES = 10


@staff_view("volunteering.view_team", methods=("GET",))
def team_index(request: ScopedRequest) -> HttpResponse:
    found = team_filtered(scope=request.scope, params=request.GET)
    return list_page(
        request,
        "volunteering/team_list.html",
        found,
        "volunteering.add_team",
        "accounts.export_data",
    )


@staff_view("volunteering.view_team", "accounts.export_data", methods=("GET",))
def team_export(request: ScopedRequest) -> FileResponse:
    return xlsx_response(request, excel.team_export, "teams")


@staff_view("volunteering.add_team", methods=("GET", "POST"))
def team_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    form = TeamForm(request.POST or None, scope=scope, initial={"area": scope.area})
    return form_page(
        request,
        form,
        save=lambda: services.team_create(**form.cleaned_data, **service_kwargs(request)),
        done=_detail_url,
        message=_("Team %(name)s created."),
        context={"creating": True},
        template="volunteering/team_form.html",
    )


@staff_view("volunteering.change_team", scoped=Team, methods=("GET", "POST"))
def team_edit(request: ScopedRequest, team: Team) -> HttpResponse:
    initial = {
        "name": team.name,
        "kind": team.kind,
        "brand": team.brand,
        "area": team.area,
        "leader": [team.leader_id] if team.leader_id else [],
        "founded": team.founded,
        "active": team.active,
    }
    form = TeamForm(request.POST or None, scope=request.scope, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.team_update(
            team=team, **form.cleaned_data, **service_kwargs(request)
        ),
        done=_detail_url,
        message=_("Team %(name)s saved."),
        context={"team": team, "creating": False},
        template="volunteering/team_form.html",
    )


def _detail_url(team: Team) -> str:
    return reverse("volunteering:team_detail", args=[team.pk])


def _team_page(
    request: ScopedRequest, team: Team, phones: dict[int, str] | None = None
) -> HttpResponse:
    members = list(team_members(team=team))
    rows = []
    for member in members:
        phone = ""
        if member.resident_phone:
            phone = (phones or {}).get(member.pk) or services.member_phone_display(member)
        rows.append({"member": member, "phone": phone})
    return render(
        request,
        "volunteering/team_detail.html",
        {
            "team": team,
            "rows": rows,
            "current": sum(1 for m in members if m.left is None),
            "has_phones": any(m.resident_phone for m in members),
            "phones_shown": phones is not None,
            "activities": team.activities.order_by("-date", "-pk")[:RECENT_ACTIVITIES],
            "can_reveal": request.user.has_perm("accounts.view_sensitive"),
            **can(
                request,
                "volunteering.change_team",
                "volunteering.add_teammember",
                "volunteering.change_teammember",
                "volunteering.add_serviceactivity",
                "volunteering.view_servicerecord",
            ),
        },
    )


@staff_view("volunteering.view_team", scoped=Team, methods=("GET",))
def team_detail(request: ScopedRequest, team: Team) -> HttpResponse:
    return _team_page(request, team)


@staff_view("volunteering.view_team", scoped=Team, methods=("POST",))
def team_phones(request: ScopedRequest, team: Team) -> HttpResponse:
    """The residents' phones in the clear (a POST, audited); 403 without the permission."""
    phones = services.team_phones_reveal(
        actor=request.user, team=team, members=team_members(team=team), ip=client_ip(request)
    )
    return _team_page(request, team, phones=phones)


@staff_view("volunteering.add_teammember", scoped=Team, methods=("GET", "POST"))
def team_members_add(request: ScopedRequest, team: Team) -> HttpResponse:
    """Add cadres (picked from a search box) or a resident (name and phone)."""
    scope = request.scope
    which = request.POST.get("which", "")
    cadres_form = TeamCadresForm(request.POST if which == "cadres" else None, scope=scope)
    resident_form = ResidentForm(request.POST if which == "resident" else None)
    back = next_url(request, reverse("volunteering:team_detail", args=[team.pk]))
    if which == "cadres" and cadres_form.is_valid():
        try:
            added = services.team_cadres_add(
                team=team,
                cadres=list(cadres_form.cleaned_data["cadres"]),
                **service_kwargs(request),
            )
        except ValidationError as error:
            add_service_errors(cadres_form, error)
        else:
            messages.success(request, _("%(count)s members added.") % {"count": added})
            return redirect(back)
    elif which == "resident" and resident_form.is_valid():
        try:
            member = services.team_resident_add(
                team=team, **resident_form.cleaned_data, **service_kwargs(request)
            )
        except ValidationError as error:
            add_service_errors(resident_form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": member.resident_name})
            return redirect(back)
    return render(
        request,
        "volunteering/team_members_add.html",
        {
            "team": team,
            "cadres_form": cadres_form,
            "resident_form": resident_form,
            "next": next_url(request, ""),
        },
    )


@staff_view("volunteering.change_teammember", scoped=TeamMember, methods=("GET", "POST"))
def team_member_remove(request: ScopedRequest, member: TeamMember) -> HttpResponse:
    """GET asks for confirmation; POST marks the member as having left."""
    team = member.team
    if request.method == "POST":
        try:
            services.team_member_remove(member=member, **service_kwargs(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s has left the team.") % {"name": member})
        return redirect("volunteering:team_detail", pk=team.pk)
    return render(request, "volunteering/team_member_remove.html", {"member": member, "team": team})


urlpatterns: list[URLPattern] = [
    path("volunteering/teams/", team_index, name="team_list"),
    path("volunteering/teams/export/", team_export, name="team_export"),
    path("volunteering/teams/new/", team_create, name="team_create"),
    path("volunteering/teams/<int:pk>/", team_detail, name="team_detail"),
    path("volunteering/teams/<int:pk>/edit/", team_edit, name="team_edit"),
    path("volunteering/teams/<int:pk>/phones/", team_phones, name="team_phones"),
    path("volunteering/teams/<int:pk>/members/add/", team_members_add, name="team_members_add"),
    path("volunteering/members/<int:pk>/remove/", team_member_remove, name="team_member_remove"),
]
