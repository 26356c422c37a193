"""Retirees' accounts and activation codes."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from laoshan_portal import clock
from laoshan_portal.accounts.models import Role
from laoshan_portal.crypto import blind_index
from retirees.models import (
    ActivationCode,
    ActivitySignup,
    Concern,
    CorrectionRequest,
    NeedOffer,
    PlannedActivity,
    Proposal,
    RetireeAccount,
)
from retirees.services import code_hash
from tests.factories import ChildFactory, parent_in_area
from tests.factories.accounts import PASSWORD, AreaFactory, StaffFactory
from tests.factories.cadres import CadreFactory, NeedFactory
from tests.factories.volunteering import TeamFactory

# The staff factory's password: the account is made by it (its role aside).
RETIREE_PASSWORD = PASSWORD


class MobileCadreFactory(CadreFactory):
    """A record with a mobile number and its blind index, as the registry's service saves
    it: a retiree signs in with that number."""

    mobile = factory.Sequence(lambda n: f"1390000{n % 10000:04d}")
    mobile_hash = factory.LazyAttribute(lambda o: blind_index(o.mobile))


class RetireeUserFactory(StaffFactory):
    username = factory.Sequence(lambda n: f"r-test{n}")
    role = Role.RETIREE
    is_staff = False


class RetireeAccountFactory(ChildFactory):
    """The open account of a cadre living in ``area``; its password is RETIREE_PASSWORD."""

    class Meta:
        model = RetireeAccount

    cadre = factory.Maybe(
        "area",
        factory.SubFactory(MobileCadreFactory, area=factory.SelfAttribute("..area")),
        factory.SubFactory(MobileCadreFactory),
    )
    user = factory.SubFactory(
        RetireeUserFactory,
        area=factory.SelfAttribute("..cadre.area"),
        name=factory.SelfAttribute("..cadre.name"),
    )
    activated_at = factory.LazyFunction(timezone.now)


class ActivationCodeFactory(ChildFactory):
    """An unused code ``code`` (default 12345678 + row) for a cadre living in ``area``."""

    class Meta:
        model = ActivationCode

    class Params:
        code = factory.Sequence(lambda n: f"{12345678 + n:08d}")

    cadre = factory.Maybe(
        "area",
        factory.SubFactory(MobileCadreFactory, area=factory.SelfAttribute("..area")),
        factory.SubFactory(MobileCadreFactory),
    )
    code_hash = factory.LazyAttribute(lambda o: code_hash(o.code))
    issued_by = factory.SubFactory(StaffFactory)
    issued_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.issued_at + timedelta(days=14))


class CorrectionRequestFactory(ChildFactory):
    """A pending request of a cadre living in ``area`` to correct their address."""

    class Meta:
        model = CorrectionRequest

    cadre = factory.Maybe(
        "area",
        factory.SubFactory(MobileCadreFactory, area=factory.SelfAttribute("..area")),
        factory.SubFactory(MobileCadreFactory),
    )
    field = "address"
    new_value = "崂山区海尔路1号"
    requested_at = factory.LazyFunction(timezone.now)


class NeedOfferFactory(ChildFactory):
    """A standing offer to help on an open need in ``area``, by a cadre living there."""

    class Meta:
        model = NeedOffer

    need = factory.Maybe(
        "area",
        factory.SubFactory(NeedFactory, area=factory.SelfAttribute("..area")),
        factory.SubFactory(NeedFactory),
    )
    cadre = factory.SubFactory(MobileCadreFactory, area=factory.SelfAttribute("..need.area"))
    created_at = factory.LazyFunction(timezone.now)


class ProposalFactory(factory.django.DjangoModelFactory):
    """A submitted proposal of a cadre living in ``area``."""

    class Meta:
        model = Proposal

    area = factory.SubFactory(AreaFactory)
    cadre = factory.SubFactory(MobileCadreFactory, area=factory.SelfAttribute("..area"))
    title = "增设休息座椅"
    text = "建议在小区门口增设两张休息座椅。"
    submitted_at = factory.LazyFunction(timezone.now)


class ConcernFactory(factory.django.DjangoModelFactory):
    """An open concern (a dispute with neighbours) of a cadre living in ``area``."""

    class Meta:
        model = Concern

    area = factory.SubFactory(AreaFactory)
    cadre = factory.SubFactory(MobileCadreFactory, area=factory.SelfAttribute("..area"))
    kind = Concern.Kind.NEIGHBOUR
    text = "楼上邻居夜间噪音，多次沟通无果。"
    raised_at = factory.LazyFunction(timezone.now)


class PlannedActivityFactory(factory.django.DjangoModelFactory):
    """An activity a volunteer team in ``area`` plans for a week from today."""

    class Meta:
        model = PlannedActivity

    area = factory.SubFactory(AreaFactory)
    team = factory.SubFactory(TeamFactory, area=factory.SelfAttribute("..area"))
    date = factory.LazyFunction(lambda: clock.today() + timedelta(days=7))
    title = "社区环境清洁行动"


class ActivitySignupFactory(ChildFactory):
    """A retiree's sign-up for an activity planned in ``area``."""

    class Meta:
        model = ActivitySignup

    planned = parent_in_area(PlannedActivityFactory)
    cadre = factory.SubFactory(MobileCadreFactory, area=factory.SelfAttribute("..planned.area"))
    created_at = factory.LazyFunction(timezone.now)
