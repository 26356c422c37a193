"""factory_boy factories for the portal's models, one module per app.

Every factory of a scoped model takes ``area=``: a row that has an area of its own gets
it, a row that hangs from a parent (a meeting's mechanism, a record's activity) has that
parent made there. ``tests/factories/scoped.py`` names the factory of each scoped model,
for the tests that walk every URL or every model.
"""

from __future__ import annotations

from typing import Any

import factory


class ChildFactory(factory.django.DjangoModelFactory):
    """A row without an area of its own. It takes ``area=`` all the same: its parent (made
    with ``parent_in_area``) is made there."""

    class Meta:
        abstract = True

    class Params:
        area = None


def parent_in_area(parent_factory: Any, **fields: Any) -> factory.Maybe:
    """The row's parent, made in the factory's ``area`` parameter when one is given."""
    return factory.Maybe(
        "area",
        factory.SubFactory(parent_factory, area=factory.SelfAttribute("..area"), **fields),
        factory.SubFactory(parent_factory, **fields),
    )
