"""Retirees' accounts and activation codes."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from laoshan_portal.accounts.models import Role
from laoshan_portal.crypto import blind_index
from retirees.models import ActivationCode, CorrectionRequest, RetireeAccount
from retirees.services import code_hash
from tests.factories import ChildFactory
from tests.factories.accounts import PASSWORD, StaffFactory
from tests.factories.cadres import CadreFactory

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
