"""Pages of the campaign activities: list, export, detail, create, edit, delete, photos."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from laoshan_portal.pages import (
    can,
    delete_page,
    form_page,
    next_url,
    paged,
    service_kwargs,
    url_by_pk,
    xlsx_response,
)
from laoshan_portal.photos import photo_page
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import services
from ..export import activity_export
from ..forms import ActivityForm
from ..models import ACTIVITY_NAMES, ActivityPhoto, Campaign, CampaignActivity
from ..selectors import activity_filtered, activity_participants, kept_campaign_figures


@staff_view("campaigns.view_campaignactivity")
def activity_index(request: ScopedRequest) -> HttpResponse:
    found = activity_filtered(scope=request.scope, params=request.GET)
    page = paged(request, found.qs)
    return render(
        request,
        "campaigns/activity_list.html",
        {
            "filter": found,
            "page": page,
            "rows": activity_rows(page),
            "figures": kept_campaign_figures(scope=request.scope, **found.period()),
            "sort": request.GET.get("sort", ""),
            **can(request, "accounts.export_data", "campaigns.add_campaignactivity"),
        },
    )


def activity_rows(page: Any) -> list[dict[str, Any]]:
    """What the list shows of each activity, worked out once for its card and its row."""
    url = url_by_pk("campaigns:activity_detail")
    venues = {value: str(label) for value, label in CampaignActivity.VenueType.choices}
    return [
        {
            "url": url(activity.pk),
            "title": activity.title,
            "date": f"{activity.date:%Y-%m-%d}",
            "kind": activity.kind_name,
            "area": activity.area.name,
            "lecturer": activity.lecturer.name if activity.lecturer_id else "",
            "unit": activity.unit,
            "venue": venues.get(activity.venue_type, activity.venue_type),
            "reached": activity.reached,
            "participants": activity.participants_count,
        }
        for activity in page
    ]


@staff_view("campaigns.view_campaignactivity", "accounts.export_data")
def activity_export_view(request: ScopedRequest) -> FileResponse:
    """The list as filtered on its page, as an .xlsx file (audited)."""
    return xlsx_response(request, activity_export, "五大行动活动")


@staff_view("campaigns.view_campaignactivity", scoped=CampaignActivity)
def activity_detail(request: ScopedRequest, activity: CampaignActivity) -> HttpResponse:
    return render(
        request,
        "campaigns/activity_detail.html",
        {
            "activity": activity,
            "figures": activity.figures(),
            "participants": list(activity_participants(activity=activity)),
            "photos": list(activity.photos.all()),
            **can(
                request,
                "campaigns.change_campaignactivity",
                "campaigns.delete_campaignactivity",
            ),
        },
    )


def _form_context(title: str, code: str, cancel: str) -> dict[str, object]:
    return {
        "title": title,
        "campaign": Campaign.Code(code).label,
        "cancel": cancel,
        "multipart": True,
        "photo_url": "campaigns:photo",
    }


@staff_view("campaigns.add_campaignactivity", methods=("GET", "POST"))
def activity_create(request: ScopedRequest) -> HttpResponse:
    """Step 2 of logging: the form of the kind chosen (``?campaign=``), phone-first."""
    scope = request.scope
    code = request.GET.get("campaign", "")
    if code not in Campaign.Code.values:
        target = reverse("campaigns:log")
        if next_url(request):
            target += "?" + request.GET.urlencode()
        return redirect(target)
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        scope=scope,
        campaign=code,
        initial={"date": timezone.localdate(), "area": scope.area},
    )
    return form_page(
        request,
        form,
        save=lambda: services.activity_create(
            campaign=code,
            data=form.service_data(),
            participants=form.cleaned_data["participants"],
            photos=form.cleaned_data["photos"],
            **service_kwargs(request),
        ),
        done=lambda activity: reverse("campaigns:activity_saved", args=[activity.pk]),
        message=_("Activity %(name)s saved."),
        context={
            **_form_context(str(ACTIVITY_NAMES[code]), code, reverse("campaigns:activity_list")),
            "choose_again": True,
        },
        template="campaigns/activity_form.html",
    )


@staff_view("campaigns.change_campaignactivity", scoped=CampaignActivity, methods=("GET", "POST"))
def activity_edit(request: ScopedRequest, activity: CampaignActivity) -> HttpResponse:
    code = activity.campaign_id
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        scope=request.scope,
        campaign=code,
        instance=activity,
    )
    back = reverse("campaigns:activity_detail", args=[activity.pk])
    return form_page(
        request,
        form,
        save=lambda: services.activity_update(
            activity=activity,
            data=form.service_data(),
            participants=form.cleaned_data["participants"],
            photos=form.cleaned_data["photos"],
            remove_photos=form.cleaned_data.get("remove_photos") or [],
            **service_kwargs(request),
        ),
        done=back,
        message=_("Activity %(name)s saved."),
        context=_form_context(_("Change %(name)s") % {"name": activity.title}, code, back),
        template="campaigns/activity_form.html",
    )


@staff_view("campaigns.view_campaignactivity", scoped=CampaignActivity)
def activity_saved(request: ScopedRequest, activity: CampaignActivity) -> HttpResponse:
    """Step 3 of logging: what was saved, and a big button to log the next one."""
    return render(
        request,
        "campaigns/activity_saved.html",
        {
            "activity": activity,
            "participants": activity.participant_links.count(),
            "photos": activity.photos.count(),
        },
    )


@staff_view("campaigns.delete_campaignactivity", scoped=CampaignActivity, methods=("GET", "POST"))
def activity_delete(request: ScopedRequest, activity: CampaignActivity) -> HttpResponse:
    """GET asks for confirmation; POST deletes (administrators only)."""
    return delete_page(
        request,
        activity,
        delete=lambda: services.activity_delete(activity=activity, **service_kwargs(request)),
        back=reverse("campaigns:activity_detail", args=[activity.pk]),
        done=reverse("campaigns:activity_list"),
        message=_("Activity %(name)s deleted."),
        warning=_("Its participants and photos are deleted with it."),
    )


@staff_view("campaigns.view_campaignactivity", scoped=ActivityPhoto)
def photo(request: ScopedRequest, photo: ActivityPhoto) -> FileResponse:
    """A photo, after its activity was found in the user's scope."""
    return photo_page(photo)


urlpatterns: list[URLPattern] = [
    path("campaigns/", activity_index, name="activity_list"),
    path("campaigns/export.xlsx", activity_export_view, name="export"),
    path("campaigns/activities/new/", activity_create, name="activity_create"),
    path("campaigns/activities/<int:pk>/", activity_detail, name="activity_detail"),
    path("campaigns/activities/<int:pk>/edit/", activity_edit, name="activity_edit"),
    path("campaigns/activities/<int:pk>/saved/", activity_saved, name="activity_saved"),
    path("campaigns/activities/<int:pk>/delete/", activity_delete, name="activity_delete"),
    path("campaigns/photos/<int:pk>/", photo, name="photo"),
]
