"""The shapes of the API's answers and requests (for the schema and for validation).

Answers are built by the views from the selectors' rows and the pages' presenters; these
serializers describe them and turn them into JSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from retirees.models import Concern


class SignInSerializer(serializers.Serializer[Any]):
    phone = serializers.CharField(label=_("Mobile number"), max_length=32)
    password = serializers.CharField(label=_("password"), max_length=128, trim_whitespace=False)


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class RecordRowSerializer(serializers.Serializer[Any]):
    caption = serializers.CharField()
    value = serializers.CharField(allow_blank=True)


class MyRecordSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    area_id = serializers.IntegerField()
    rows = RecordRowSerializer(many=True)


class MonthHoursSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)


class YearHoursSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)


class MyHoursSerializer(serializers.Serializer[Any]):
    total = serializers.DecimalField(max_digits=8, decimal_places=1)
    this_year = serializers.DecimalField(max_digits=8, decimal_places=1)
    by_month = MonthHoursSerializer(many=True)
    by_year = YearHoursSerializer(many=True)


class MyStarsSerializer(serializers.Serializer[Any]):
    stars = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=8, decimal_places=1)
    next_star_at = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    to_next_star = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)


class CertificateSerializer(serializers.Serializer[Any]):
    number = serializers.CharField(allow_null=True)
    issued_on = serializers.DateField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    total_hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    pdf = serializers.CharField()


class CadreRowSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    area_id = serializers.IntegerField()
    name = serializers.CharField()
    gender = serializers.CharField()
    born = serializers.CharField()
    area = serializers.CharField()
    parent_area = serializers.CharField(allow_blank=True)
    political = serializers.CharField()
    former_unit = serializers.CharField(allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField())


class DetailRowSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    caption = serializers.CharField()
    value = serializers.CharField(allow_blank=True)
    sensitive = serializers.BooleanField()


class DetailSectionSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    rows = DetailRowSerializer(many=True)


class CadreDetailSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    area_id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    sections = DetailSectionSerializer(many=True)


class ServiceActivitySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    area_id = serializers.IntegerField(source="team.area_id")
    area = serializers.CharField(source="team.area.name")
    team = serializers.CharField(source="team.name")
    date = serializers.DateField()
    title = serializers.CharField()
    place = serializers.CharField(allow_blank=True)
    people = serializers.IntegerField()
    total_hours = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)


class WorkroomActivitySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    area_id = serializers.IntegerField()
    area = serializers.CharField(source="area.name")
    owner = serializers.SerializerMethodField()
    date = serializers.DateField()
    kind = serializers.CharField(source="get_kind_display")
    people_served = serializers.IntegerField()
    participant_count = serializers.IntegerField()

    def get_owner(self, activity: Any) -> str:
        """The workroom, or the cluster, the activity belongs to."""
        return str(activity.workroom or activity.cluster)


class NeedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    area_id = serializers.IntegerField()
    area = serializers.CharField(source="area.name")
    title = serializers.CharField()
    status = serializers.CharField()
    place = serializers.CharField(allow_blank=True)
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    people_needed = serializers.IntegerField()
    specialties = serializers.SerializerMethodField()

    def get_specialties(self, need: Any) -> list[str]:
        return [tag.name for tag in need.specialties.all()]


class NeedDetailSerializer(NeedSerializer):
    description = serializers.CharField(allow_blank=True)
    outcome = serializers.CharField(allow_blank=True)
    assigned = serializers.IntegerField()


# Taking part: the retiree's offers, planned activities, proposals and concerns.


class MyOfferSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    need = NeedSerializer()
    status = serializers.CharField(source="need.get_status_display")
    offered_at = serializers.DateTimeField(source="created_at")


class MyActivitySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    date = serializers.DateField()
    title = serializers.CharField()
    place = serializers.CharField(allow_blank=True)
    team = serializers.CharField(allow_null=True)
    workroom = serializers.CharField(allow_null=True)
    signed_up = serializers.BooleanField()


class MyProposalSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    text = serializers.CharField()
    status = serializers.CharField(help_text="submitted, adopted or declined")
    status_display = serializers.CharField(source="get_status_display")
    reply = serializers.CharField(allow_blank=True)
    submitted_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)


class MyConcernSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Concern.Kind.choices)
    kind_display = serializers.CharField(source="get_kind_display")
    text = serializers.CharField()
    may_phone = serializers.BooleanField()
    status = serializers.CharField(help_text="open, mediation, care or closed")
    status_display = serializers.CharField(source="get_status_display")
    reply = serializers.CharField(allow_blank=True)
    raised_at = serializers.DateTimeField()
    handled_at = serializers.DateTimeField(allow_null=True)


def form_serializer(form_class: type[forms.Form]) -> type[serializers.Serializer[Any]]:
    """The request body of a page's form, for the schema: the same fields, lengths and
    choices. The form itself validates the body, so its rules and messages hold."""
    fields: dict[str, serializers.Field[Any, Any, Any, Any]] = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.BooleanField):
            fields[name] = serializers.BooleanField(label=field.label, required=False)
        elif isinstance(field, forms.ChoiceField):
            choices = cast("Iterable[tuple[str, Any]]", field.choices)
            values = [value for value, _label in choices]
            fields[name] = serializers.ChoiceField(label=field.label, choices=values)
        else:
            length = getattr(field, "max_length", None)
            limit = {"max_length": length} if length else {}
            fields[name] = serializers.CharField(
                label=field.label, required=field.required, **limit
            )
    name = form_class.__name__.removesuffix("Form") + "RequestSerializer"
    return type(name, (serializers.Serializer,), fields)
