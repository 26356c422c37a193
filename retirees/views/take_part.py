"""The retiree's pages of taking part: needs to help with (报名), proposals (建言献策)
and concerns (我要反映). Objects are named in the form, never in the address, and only
the retiree's own are ever found: anything else is a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laoshan_portal import clock
from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import add_service_errors

from .. import activities, concerns, selectors, taking_part
from ..decorators import RetireeRequest, retiree_view
from ..take_part_forms import ConcernForm, ProposalForm


def _posted_id(request: RetireeRequest, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit() or len(value) > 10:
        raise Http404
    return int(value)


@retiree_view
@require_GET
def take_part(request: RetireeRequest) -> HttpResponse:
    """Needs I can help with, my offers, and my proposals with the community's answers."""
    account = request.retiree
    offers = selectors.own_offers(account=account)
    today = clock.today()
    signups = {s.planned_id: s for s in selectors.own_signups(account=account, today=today)}
    upcoming = selectors.own_upcoming_activities(account=account, today=today)
    return render(
        request,
        "retirees/take_part.html",
        {
            "needs": selectors.own_matching_needs(account=account, today=today),
            "activities": [(planned, signups.get(planned.pk)) for planned in upcoming],
            "offered": {offer.need_id: offer for offer in offers},
            "offers": offers,
            "proposals": selectors.own_proposals(account=account),
        },
    )


def _act_on_own(
    request: RetireeRequest,
    rows: QuerySet[Any],
    name: str,
    action: Callable[[Any], object],
    done: str,
) -> HttpResponse:
    """Apply ``action`` to the row of ``rows`` (the retiree's own) that the form names in
    ``name`` (else a 404), and go back to the take-part page with how it went."""
    row = rows.filter(pk=_posted_id(request, name)).first()
    if row is None:
        raise Http404
    try:
        action(row)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("retirees:take_part")


@retiree_view
@require_POST
def need_offer(request: RetireeRequest) -> HttpResponse:
    account, ip = request.retiree, client_ip(request)
    return _act_on_own(
        request,
        selectors.own_matching_needs(account=account, today=clock.today()),
        "need",
        lambda need: taking_part.need_offer(account=account, need=need, ip=ip),
        _("Thank you. Your community will contact you."),
    )


@retiree_view
@require_POST
def offer_withdraw(request: RetireeRequest) -> HttpResponse:
    account, ip = request.retiree, client_ip(request)
    return _act_on_own(
        request,
        selectors.own_offers(account=account),
        "offer",
        lambda offer: taking_part.need_offer_withdraw(account=account, offer=offer, ip=ip),
        _("Your offer is withdrawn."),
    )


@retiree_view
@require_POST
def activity_sign_up(request: RetireeRequest) -> HttpResponse:
    account, ip = request.retiree, client_ip(request)
    return _act_on_own(
        request,
        selectors.own_upcoming_activities(account=account, today=clock.today()),
        "planned",
        lambda planned: activities.activity_sign_up(account=account, planned=planned, ip=ip),
        _("You are signed up. See you there."),
    )


@retiree_view
@require_POST
def signup_withdraw(request: RetireeRequest) -> HttpResponse:
    account, ip = request.retiree, client_ip(request)
    return _act_on_own(
        request,
        selectors.own_signups(account=account, today=clock.today()),
        "signup",
        lambda signup: activities.activity_sign_up_withdraw(account=account, signup=signup, ip=ip),
        _("Your sign-up is withdrawn."),
    )


@retiree_view
@require_http_methods(["GET", "POST"])
def proposal_new(request: RetireeRequest) -> HttpResponse:
    """建言献策: send a proposal to my community."""
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            taking_part.proposal_submit(
                account=request.retiree, **form.cleaned_data, ip=client_ip(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sent. Your community will answer it."))
            return redirect("retirees:take_part")
    return render(request, "retirees/proposal_form.html", {"form": form})


@retiree_view
@require_http_methods(["GET", "POST"])
def concern_new(request: RetireeRequest) -> HttpResponse:
    """我要反映: tell my community about a concern of my own."""
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concerns.concern_raise(
                account=request.retiree, **form.cleaned_data, ip=client_ip(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sent. Your community will look at it."))
            return redirect("retirees:home")
    return render(request, "retirees/concern_form.html", {"form": form})
