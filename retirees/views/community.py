"""The community's pages of what retirees send: proposals to answer, concerns to handle."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from laoshan_portal.forms import add_service_errors
from laoshan_portal.pages import paged, service_kwargs
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import concerns, taking_part
from ..models import Concern, Proposal
from ..selectors import concern_list, proposal_list
from ..take_part_forms import MediationForm, ReplyForm


@staff_view("retirees.view_proposal", methods=("GET",))
def proposal_index(request: ScopedRequest) -> HttpResponse:
    proposals = proposal_list(scope=request.scope).order_by("-status", "-submitted_at", "-pk")
    return render(
        request,
        "retirees/proposal_list.html",
        {
            "page": paged(request, proposals),
            "can_decide": request.user.has_perm("retirees.change_proposal"),
        },
    )


@staff_view("retirees.change_proposal", scoped=Proposal, methods=("POST",))
def proposal_decide(request: ScopedRequest, proposal: Proposal) -> HttpResponse:
    adopt = request.POST.get("decision") == "adopt"
    try:
        taking_part.proposal_decide(
            proposal=proposal,
            adopt=adopt,
            reply=request.POST.get("reply", "")[:1000],
            **service_kwargs(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal is answered."))
    return redirect("retirees:proposal_list")


@staff_view("retirees.view_concern", methods=("GET",))
def concern_index(request: ScopedRequest) -> HttpResponse:
    found = concern_list(scope=request.scope).order_by("-status", "-raised_at", "-pk")
    return render(request, "retirees/concern_list.html", {"page": paged(request, found)})


def _handle(request: ScopedRequest, form: ReplyForm, action: Callable[[], object]) -> bool:
    if not form.is_valid():
        return False
    try:
        action()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@staff_view("retirees.change_concern", scoped=Concern, methods=("GET", "POST"))
def concern_handle(request: ScopedRequest, concern: Concern) -> HttpResponse:
    """One action per concern: a mediation case, a care visit, or a reply that closes it."""
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST or None
    reply_form = ReplyForm(data if action == "close" else None)
    mediation_form = MediationForm(data if action == "mediation" else None, scope=request.scope)
    care_form = ReplyForm(data if action == "care" else None, prefix="care")
    done = False
    if action == "close":
        done = _handle(
            request,
            reply_form,
            lambda: concerns.concern_close(
                concern=concern, **reply_form.cleaned_data, **service_kwargs(request)
            ),
        )
    elif action == "mediation":
        done = _handle(
            request,
            mediation_form,
            lambda: concerns.concern_to_mediation(
                concern=concern, **mediation_form.cleaned_data, **service_kwargs(request)
            ),
        )
    elif action == "care":
        done = _handle(
            request,
            care_form,
            lambda: concerns.concern_to_care(
                concern=concern, **care_form.cleaned_data, **service_kwargs(request)
            ),
        )
    if done:
        messages.success(request, _("The concern is handled."))
        return redirect("retirees:concern_list")
    return render(
        request,
        "retirees/concern_handle.html",
        {
            "concern": concern,
            "reply_form": reply_form,
            "mediation_form": mediation_form,
            "care_form": care_form,
        },
    )
