"""Areas and staff accounts."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from laoshan_portal.accounts.models import Area, Role, User
from laoshan_portal.accounts.roles import role_group

PASSWORD = "Test-Password-2026"


class AreaFactory(factory.django.DjangoModelFactory):
    """A community unless told otherwise; ``path`` and ``depth`` follow the parent."""

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
    """A staff account: a viewer when given an area and no role, unassigned without one."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    name = factory.Sequence(lambda n: f"工作人员{n}")
    area = None
    role = factory.LazyAttribute(lambda o: Role.VIEWER if o.area else "")
    is_staff = factory.LazyAttribute(lambda o: bool(o.role))
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    password_changed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def groups(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and self.role:
            self.groups.set([role_group(Role(self.role))])
        if create:
            self.save()
