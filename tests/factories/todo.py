"""The to-do list's daily record of overdue work."""

from __future__ import annotations

import factory

from laoshan_portal import clock
from tests.factories.accounts import AreaFactory
from todo.models import TodoSnapshot


class TodoSnapshotFactory(factory.django.DjangoModelFactory):
    """Today's count of one overdue check-in in ``area``."""

    class Meta:
        model = TodoSnapshot

    area = factory.SubFactory(AreaFactory)
    date = factory.LazyFunction(clock.today)
    kind = "checkin"
    overdue = 1
