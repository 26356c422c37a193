"""The registry: cadres, check-ins, posts, needs and the portal-wide lists."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from cadres.models import (
    Cadre,
    CadreEvent,
    CheckIn,
    Need,
    NeedAssignment,
    PartyOrganisationCount,
    Post,
    ServiceKind,
    SpecialtyTag,
)
from cadres.pinyin import name_initials, name_pinyin
from tests.factories import ChildFactory
from tests.factories.accounts import AreaFactory


class SpecialtyTagFactory(factory.django.DjangoModelFactory):
    """An entry of the specialties list, the existing one of that name if there is one."""

    class Meta:
        model = SpecialtyTag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"特长{n}")


class ServiceKindFactory(factory.django.DjangoModelFactory):
    """An entry of the service kinds list, the existing one of that name if there is one."""

    class Meta:
        model = ServiceKind
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"服务{n}")


def _listed(factory_class: Any, entries: Any) -> list[Any]:
    """Rows of a portal-wide list, given as rows or as names."""
    return [e if not isinstance(e, str) else factory_class(name=e) for e in entries or ()]


class CadreFactory(factory.django.DjangoModelFactory):
    """A registry record, living in ``area`` (a community or compound); ``specialties``
    and ``service_kinds`` take rows of their lists or names."""

    class Meta:
        model = Cadre
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"测试{n}")
    name_pinyin = factory.LazyAttribute(lambda o: name_pinyin(o.name))
    name_initials = factory.LazyAttribute(lambda o: name_initials(o.name))
    gender = "M"
    birth_date = factory.Faker("date_between", start_date="-90y", end_date="-60y")
    political_status = "party_member"
    retirement_kind = "tuixiu"

    @factory.post_generation
    def specialties(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.specialties.set(_listed(SpecialtyTagFactory, extracted))

    @factory.post_generation
    def service_kinds(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.service_kinds.set(_listed(ServiceKindFactory, extracted))


class ParticipantFactory(ChildFactory):
    """A cadre living in the activity's area who took part in it: another app's
    ``ActivityParticipant`` (the subclass names the model and its ``activity``)."""

    class Meta:
        abstract = True

    cadre = factory.SubFactory(CadreFactory, area=factory.SelfAttribute("..activity.area"))


class IdentifiedCadreFactory(factory.django.DjangoModelFactory):
    """A record made through the service, so its ID number is hashed and checked; the
    birth date is the ID number's."""

    class Meta:
        model = Cadre

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"测试{n}")
    gender = "M"
    political_status = "party_member"
    retirement_kind = "tuixiu"
    id_number = factory.Sequence(lambda n: id_number_for("19600101", serial=f"{n % 1000:03d}"))

    @classmethod
    def _create(cls, model_class: type[Cadre], *args: Any, **kwargs: Any) -> Cadre:
        from cadres import services
        from cadres.validators import id_birth_date
        from laoshan_portal.scoping import Scope

        data = {"birth_date": id_birth_date(kwargs["id_number"]), **kwargs}
        return services.cadre_create(
            scope=Scope(area=None, unrestricted=True), actor=None, data=data
        )


def id_number_for(birth: str, serial: str = "123", region: str = "370212") -> str:
    """A valid 18-character ID number for a birth date "YYYYMMDD"."""
    from cadres.validators import id_check_character

    first17 = f"{region}{birth}{serial}"
    return first17 + id_check_character(first17)


class CadreEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CadreEvent

    cadre = factory.SubFactory(CadreFactory)
    kind = CadreEvent.Kind.CHANGED
    summary = "修改了记录"


class CheckInFactory(factory.django.DjangoModelFactory):
    """A pending check-in entered by staff in ``area`` (a community); ``specialties``
    takes tags or names."""

    class Meta:
        model = CheckIn
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    name = "报到人"
    source = CheckIn.Source.STAFF

    @factory.post_generation
    def specialties(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.specialties.set(_listed(SpecialtyTagFactory, extracted))


class PartyOrganisationCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganisationCount

    area = factory.SubFactory(AreaFactory)
    count = 1


class PostFactory(factory.django.DjangoModelFactory):
    """A party group leader's post held since 2024 by a cadre living in ``area``."""

    class Meta:
        model = Post

    area = factory.SubFactory(AreaFactory)
    cadre = factory.SubFactory(CadreFactory, area=factory.SelfAttribute("..area"))
    kind = Post.Kind.GROUP_LEADER
    start_date = date(2024, 1, 1)
    # One party organisation per post: an organisation has one secretary in office.
    organisation = factory.Sequence(lambda n: f"测试第{n}党支部")


class NeedFactory(factory.django.DjangoModelFactory):
    """An open governance need in ``area``; ``specialties`` takes tags or names."""

    class Meta:
        model = Need
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    title = "需求"

    @factory.post_generation
    def specialties(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.specialties.set(_listed(SpecialtyTagFactory, extracted))


class NeedAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedAssignment

    need = factory.SubFactory(NeedFactory)
    cadre = factory.SubFactory(CadreFactory, area=factory.SelfAttribute("..need.area"))
