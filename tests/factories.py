"""factory_boy factories for the portal's models."""

from __future__ import annotations

from typing import Any

import factory

from laoshan_portal.accounts.models import Area, Role, User
from laoshan_portal.accounts.roles import role_group

PASSWORD = "Test-Password-2026"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"测试区域{n}")
    level = Area.Level.COMMUNITY
    parent = None

    @factory.lazy_attribute
    def path(self) -> str:
        return f"{self.parent.path if self.parent else '/'}{self.code}/"

    @factory.lazy_attribute
    def depth(self) -> int:
        return self.parent.depth + 1 if self.parent else 0


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    name = factory.Sequence(lambda n: f"工作人员{n}")
    area = None
    role = ""
    is_staff = factory.LazyAttribute(lambda o: bool(o.role))
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and self.role:
            self.groups.set([role_group(Role(self.role))])
        if create:
            self.save()
