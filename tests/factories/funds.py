"""Budget lines, allocations and spending records of the funds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from funds.models import Allocation, BudgetLine, PurposeKind, Source, Spending
from tests.factories import ChildFactory, parent_in_area
from tests.factories.accounts import AreaFactory
from tests.factories.campaigns import png_bytes


class BudgetLineFactory(factory.django.DjangoModelFactory):
    """This year's fiscal funds of ``area``: 100,000 yuan (one line per area, year and
    source: asked again, the same line)."""

    class Meta:
        model = BudgetLine
        django_get_or_create = ("area", "year", "source")

    area = factory.SubFactory(AreaFactory)
    year = 2026
    source = Source.FISCAL
    amount = Decimal("100000.00")


class AllocationFactory(factory.django.DjangoModelFactory):
    """10,000 yuan of a line of ``area`` for care visits in ``area``."""

    class Meta:
        model = Allocation

    area = factory.SubFactory(AreaFactory)
    line = factory.SubFactory(BudgetLineFactory, area=factory.SelfAttribute("..area"))
    date = date(2026, 1, 10)
    purpose_kind = PurposeKind.CARE
    purpose = "重阳节走访慰问"
    amount = Decimal("10000.00")


class SpendingFactory(ChildFactory):
    """An unapproved record of 800 yuan out of an allocation in ``area``, with a receipt."""

    class Meta:
        model = Spending

    allocation = parent_in_area(AllocationFactory)
    date = date(2026, 3, 5)
    payee = "崂山区利群超市"
    amount = Decimal("800.00")
    description = "慰问品"
    receipt = factory.django.FileField(filename="receipt.png", data=png_bytes())
    receipt_type = "image/png"
