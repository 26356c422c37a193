"""factory_boy factories for the portal's models."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

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
    password_changed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def groups(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and self.role:
            self.groups.set([role_group(Role(self.role))])
        if create:
            self.save()


class CadreFactory(factory.django.DjangoModelFactory):
    """A registry record; pass ``area`` (a community or compound)."""

    class Meta:
        model = "cadres.Cadre"

    name = factory.Sequence(lambda n: f"测试{n}")
    name_pinyin = factory.LazyAttribute(lambda o: _pinyin(o.name))
    name_initials = factory.LazyAttribute(lambda o: _initials(o.name))
    gender = "M"
    birth_date = factory.Faker("date_between", start_date="-90y", end_date="-60y")
    political_status = "party_member"
    retirement_kind = "tuixiu"


def _pinyin(name: str) -> str:
    from cadres.pinyin import name_pinyin

    return name_pinyin(name)


def _initials(name: str) -> str:
    from cadres.pinyin import name_initials

    return name_initials(name)


def cadre_with_identity(area: Area, *, name: str, id_number: str, **fields: Any) -> Any:
    """A record made through the service, so its ID number is hashed and checked."""
    from cadres import services
    from cadres.validators import id_birth_date
    from laoshan_portal.scoping import Scope

    data = {
        "area": area,
        "name": name,
        "gender": "M",
        "birth_date": id_birth_date(id_number),
        "political_status": "party_member",
        "retirement_kind": "tuixiu",
        "id_number": id_number,
        **fields,
    }
    return services.cadre_create(scope=Scope(area=None, unrestricted=True), actor=None, data=data)


def make_id_number(birth: str, serial: str = "123", region: str = "370212") -> str:
    """A valid 18-character ID number for a birth date "YYYYMMDD"."""
    from cadres.validators import id_check_character

    first17 = f"{region}{birth}{serial}"
    return first17 + id_check_character(first17)
