"""Pages of the campaign activities: list, export, detail, create, edit, delete, photos."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import add_service_errors
from laoshan_portal.pages import PAGE_SIZE, next_url, xlsx_response
from laoshan_portal.scoping import ScopedRequest, scoped_object
from laoshan_portal.uploads import photo_response

from .. import services
from ..export import activity_export
from ..forms import ActivityForm
from ..models import ACTIVITY_NAMES, ActivityPhoto, Campaign, CampaignActivity
from ..selectors import activity_filtered, activity_participants, campaign_figures


@login_required
@permission_required("campaigns.view_campaignactivity", raise_exception=True)
def activity_index(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    found = activity_filtered(scope=scope, params=request.GET)
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    cleaned = found.form.cleaned_data if found.form.is_valid() else {}
    figures = campaign_figures(scope=scope, start=cleaned.get("start"), end=cleaned.get("end"))
    user = request.user
    return render(
        request,
        "campaigns/activity_list.html",
        {
            "filter": found,
            "page": page,
            "figures": figures,
            "sort": request.GET.get("sort", ""),
            "can_add": user.has_perm("campaigns.add_campaignactivity"),
            "can_export": user.has_perm("accounts.export_data"),
        },
    )


@login_required
@permission_required("campaigns.view_campaignactivity", raise_exception=True)
@permission_required("accounts.export_data", raise_exception=True)
def activity_export_view(request: ScopedRequest) -> HttpResponse:
    """The list as filtered on its page, as an .xlsx file (audited)."""
    return xlsx_response(request, activity_export, "五大行动活动")


@login_required
@scoped_object(CampaignActivity)
@permission_required("campaigns.view_campaignactivity", raise_exception=True)
def activity_detail(request: ScopedRequest, activity: CampaignActivity) -> HttpResponse:
    user = request.user
    return render(
        request,
        "campaigns/activity_detail.html",
        {
            "activity": activity,
            "kind": ACTIVITY_NAMES[activity.campaign_id],
            "campaign": Campaign.Code(activity.campaign_id).label,
            "figures": activity.figures(),
            "participants": list(activity_participants(activity=activity)),
            "photos": list(activity.photos.all()),
            "can_change": user.has_perm("campaigns.change_campaignactivity"),
            "can_delete": user.has_perm("campaigns.delete_campaignactivity"),
        },
    )


def _form_page(
    request: ScopedRequest, form: ActivityForm, activity: CampaignActivity | None
) -> HttpResponse:
    return render(
        request,
        "campaigns/activity_form.html",
        {
            "form": form,
            "activity": activity,
            "campaign": Campaign.Code(form.campaign).label,
            "kind": ACTIVITY_NAMES[form.campaign],
            "next": next_url(request),
        },
    )


@login_required
@permission_required("campaigns.add_campaignactivity", raise_exception=True)
@require_http_methods(["GET", "POST"])
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
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                scope=scope,
                actor=request.user,
                campaign=code,
                data=form.service_data(),
                participants=form.cleaned_data["participants"],
                photos=form.cleaned_data["photos"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity %(title)s saved.") % {"title": activity.title})
            return redirect(
                next_url(request) or reverse("campaigns:activity_saved", args=[activity.pk])
            )
    return _form_page(request, form, None)


@login_required
@scoped_object(CampaignActivity)
@permission_required("campaigns.change_campaignactivity", raise_exception=True)
@require_http_methods(["GET", "POST"])
def activity_edit(request: ScopedRequest, activity: CampaignActivity) -> HttpResponse:
    scope = request.scope
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        scope=scope,
        campaign=activity.campaign_id,
        activity=activity,
        initial=ActivityForm.initial_for(activity),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(
                scope=scope,
                actor=request.user,
                activity=activity,
                data=form.service_data(),
                participants=form.cleaned_data["participants"],
                photos=form.cleaned_data["photos"],
                remove_photos=form.cleaned_data.get("remove_photos") or [],
                ip=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            activity.refresh_from_db()  # the page shows the record as saved, not as typed
        else:
            messages.success(request, _("Activity %(title)s saved.") % {"title": activity.title})
            return redirect(
                next_url(request) or reverse("campaigns:activity_detail", args=[activity.pk])
            )
    return _form_page(request, form, activity)


@login_required
@scoped_object(CampaignActivity)
@permission_required("campaigns.view_campaignactivity", raise_exception=True)
def activity_saved(request: ScopedRequest, activity: CampaignActivity) -> HttpResponse:
    """Step 3 of logging: what was saved, and a big button to log the next one."""
    return render(
        request,
        "campaigns/activity_saved.html",
        {
            "activity": activity,
            "kind": ACTIVITY_NAMES[activity.campaign_id],
            "participants": activity.participant_links.count(),
            "photos": activity.photos.count(),
        },
    )


@login_required
@scoped_object(CampaignActivity)
@permission_required("campaigns.delete_campaignactivity", raise_exception=True)
@require_http_methods(["GET", "POST"])
def activity_delete(request: ScopedRequest, activity: CampaignActivity) -> HttpResponse:
    """GET asks for confirmation; POST deletes (administrators only)."""
    if request.method == "POST":
        title = activity.title
        services.activity_delete(
            scope=request.scope,
            actor=request.user,
            activity=activity,
            ip=client_ip(request),
        )
        messages.success(request, _("Activity %(title)s deleted.") % {"title": title})
        return redirect("campaigns:activity_list")
    return render(request, "campaigns/activity_delete.html", {"activity": activity})


@login_required
@scoped_object(ActivityPhoto)
@permission_required("campaigns.view_campaignactivity", raise_exception=True)
def photo(request: ScopedRequest, photo: ActivityPhoto) -> HttpResponse:
    """A photo, after its activity was found in the user's scope."""
    try:
        return photo_response(photo.file, photo.content_type)
    except FileNotFoundError:
        raise Http404 from None


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
