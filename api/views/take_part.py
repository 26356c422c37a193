"""The retiree taking part: offering to help on a need (报名) and withdrawing, signing up
for a planned activity of their team or workroom, 建言献策 and 我要反映.

Each endpoint finds only the retiree's own rows through retirees' selectors (anything else
is a 404, as on the take-part page), checks a body with the page's own form, and writes
through retirees' services, which keep the rules and write the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from laoshan_portal import clock
from laoshan_portal.audit.services import client_ip
from retirees import activities, concerns, selectors, taking_part
from retirees.models import PlannedActivity, RetireeAccount
from retirees.take_part_forms import ConcernForm, ProposalForm

from ..serializers import (
    MyActivitySerializer,
    MyConcernSerializer,
    MyOfferSerializer,
    MyProposalSerializer,
    form_serializer,
)
from .mine import RetireeView

M = TypeVar("M", bound=Model)

# The id of a need or a planned activity: a positive whole number (else no URL matches).
ROW_ID = OpenApiParameter("id", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH)
ProposalRequest = form_serializer(ProposalForm)
ConcernRequest = form_serializer(ConcernForm)


def own(rows: QuerySet[M], **lookup: Any) -> M:
    """The row of ``rows`` (the retiree's own) that ``lookup`` names, else a 404."""
    try:
        found = rows.filter(**lookup).first()
    except (ValueError, TypeError, OverflowError):
        found = None
    if found is None:
        raise NotFound
    return found


def ip_of(request: Request) -> str | None:
    return client_ip(request._request)


@contextmanager
def refused_as_400() -> Iterator[None]:
    """A service's refusal answers 400 with its messages (per field where it names one)."""
    try:
        yield
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(error.message_dict) from error
        raise ValidationError({"detail": " ".join(error.messages)}) from error


def cleaned(form_class: type[forms.Form], data: Any) -> dict[str, Any]:
    """The body checked by the page's form: its cleaned data, or a 400 with its messages."""
    if not isinstance(data, dict):
        raise ValidationError({"detail": _("The request body must be a JSON object.")})
    plain = {key: value for key, value in data.items() if isinstance(value, str | bool | int)}
    form = form_class(plain)
    if not form.is_valid():
        errors = form.errors.get_json_data()
        raise ValidationError(
            {field: [e["message"] for e in found] for field, found in errors.items()}
        )
    return form.cleaned_data


def _activity_rows(account: RetireeAccount) -> list[dict[str, Any]]:
    today = clock.today()
    signed = set(
        selectors.own_signups(account=account, today=today).values_list("planned_id", flat=True)
    )
    upcoming = selectors.own_upcoming_activities(account=account, today=today)
    return [_activity_row(planned, planned.pk in signed) for planned in upcoming]


def _activity_row(planned: PlannedActivity, signed_up: bool) -> dict[str, Any]:
    return {
        "id": planned.pk,
        "date": planned.date,
        "title": planned.title,
        "place": planned.place,
        "team": planned.team.name if planned.team else None,
        "workroom": planned.workroom.name if planned.workroom else None,
        "signed_up": signed_up,
    }


class MyNeedOfferView(RetireeView):
    @extend_schema(parameters=[ROW_ID], request=None, responses={201: MyOfferSerializer})
    def post(self, request: Request, pk: int) -> Response:
        """报名: I can help on one of the needs ``me/needs/`` lists."""
        account = self.account()
        need = own(selectors.own_matching_needs(account=account, today=clock.today()), pk=pk)
        with refused_as_400():
            offer = taking_part.need_offer(account=account, need=need, ip=ip_of(request))
        return Response(MyOfferSerializer(offer).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[ROW_ID], request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        """Withdraw my standing offer on the need."""
        account = self.account()
        offer = own(selectors.own_offers(account=account), need_id=pk)
        with refused_as_400():
            taking_part.need_offer_withdraw(account=account, offer=offer, ip=ip_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyOffersView(RetireeView):
    @extend_schema(responses=MyOfferSerializer(many=True))
    def get(self, request: Request) -> Response:
        """My standing offers to help, newest first, with each need's status."""
        offers = selectors.own_offers(account=self.account()).prefetch_related("need__specialties")
        return Response(MyOfferSerializer(offers, many=True).data)


class MyActivitiesView(RetireeView):
    @extend_schema(responses=MyActivitySerializer(many=True))
    def get(self, request: Request) -> Response:
        """The coming activities of my teams and workrooms, and whether I signed up."""
        return Response(MyActivitySerializer(_activity_rows(self.account()), many=True).data)


class MyActivitySignupView(RetireeView):
    @extend_schema(parameters=[ROW_ID], request=None, responses={201: MyActivitySerializer})
    def post(self, request: Request, pk: int) -> Response:
        """Sign me up for one of the activities ``me/activities/`` lists."""
        account = self.account()
        upcoming = selectors.own_upcoming_activities(account=account, today=clock.today())
        planned = own(upcoming, pk=pk)
        with refused_as_400():
            activities.activity_sign_up(account=account, planned=planned, ip=ip_of(request))
        body = MyActivitySerializer(_activity_row(planned, signed_up=True)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[ROW_ID], request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        """Withdraw my sign-up for the activity."""
        account = self.account()
        signups = selectors.own_signups(account=account, today=clock.today())
        signup = own(signups, planned_id=pk)
        with refused_as_400():
            activities.activity_sign_up_withdraw(account=account, signup=signup, ip=ip_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyProposalsView(RetireeView):
    @extend_schema(responses=MyProposalSerializer(many=True))
    def get(self, request: Request) -> Response:
        """My proposals, newest first, with the community's answer."""
        proposals = selectors.own_proposals(account=self.account())
        return Response(MyProposalSerializer(proposals, many=True).data)

    @extend_schema(request=ProposalRequest, responses={201: MyProposalSerializer})
    def post(self, request: Request) -> Response:
        """建言献策: send a proposal to my community."""
        data = cleaned(ProposalForm, request.data)
        with refused_as_400():
            proposal = taking_part.proposal_submit(
                account=self.account(), **data, ip=ip_of(request)
            )
        return Response(MyProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class MyConcernsView(RetireeView):
    @extend_schema(responses=MyConcernSerializer(many=True))
    def get(self, request: Request) -> Response:
        """My concerns, newest first, with how the community handled them."""
        found = selectors.own_concerns(account=self.account())
        return Response(MyConcernSerializer(found, many=True).data)

    @extend_schema(request=ConcernRequest, responses={201: MyConcernSerializer})
    def post(self, request: Request) -> Response:
        """我要反映: tell my community about a concern of my own; it becomes the
        secretary's to-do item. ``may_phone`` left out is false."""
        data = cleaned(ConcernForm, request.data)
        with refused_as_400():
            concern = concerns.concern_raise(account=self.account(), **data, ip=ip_of(request))
        return Response(MyConcernSerializer(concern).data, status=status.HTTP_201_CREATED)
