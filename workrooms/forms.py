"""Forms of the workroom pages, built for the user's scope.

They are plain forms (the services assign and save), with the model's own labels and
limits taken from the model; every choice of area, person or workroom holds only what
lies in the scope, and people already on a record stay choosable when it is edited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.models import fields_for_model, model_to_dict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadres.forms import CadrePickerField
from cadres.models import Cadre
from cadres.selectors import cadre_list
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import (
    AreaChoiceField,
    DateInput,
    ModelMultipleChoiceField,
    StyledForm,
    refuse_repeats,
)
from laoshan_portal.photos import PhotosField, remove_photos_field
from laoshan_portal.scoping import Scope

from .models import (
    Activity,
    Agreement,
    AgreementItem,
    Cluster,
    FollowUp,
    Mechanism,
    Meeting,
    Workroom,
)
from .selectors import mechanism_list, workroom_list

MAX_COUNT = 1_000_000

if TYPE_CHECKING:
    WorkroomChoice = forms.ModelChoiceField[Workroom]
else:  # Django's form fields take no type parameters at run time
    WorkroomChoice = forms.ModelChoiceField


class WorkroomChoiceField(WorkroomChoice):
    default_error_messages = {"invalid_choice": _("The chosen workroom is not in your area.")}

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.area.name}）"


class WorkroomsField(ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("A chosen workroom is not in your area."),
        "invalid_pk_value": _("A chosen workroom is not in your area."),
    }

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.area.name}）"


def _people(scope: Scope, already: list[int]) -> models.QuerySet[Cadre]:
    """Cadres in scope, and those already on the record even if they moved away."""
    people = cadre_list(scope=scope)
    if already:
        people = (people | Cadre.objects.filter(pk__in=already)).distinct()
    return people


class RecordForm(StyledForm):
    """A form with the fields of ``model`` named in ``model_fields``, filled from a record.

    Fields declared on the class or added in ``__init__`` replace the model's own (the
    relations, whose choices depend on the scope).
    """

    model: type[models.Model]
    model_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, instance: models.Model | None = None, **kwargs: Any) -> None:
        if instance is not None and instance.pk:
            kwargs.setdefault("initial", model_to_dict(instance, fields=self.model_fields))
        super().__init__(*args, **kwargs)
        self.instance = instance
        generated = fields_for_model(
            self.model,
            fields=[name for name in self.model_fields if name not in self.fields],
            widgets=self._widgets(),
        )
        for name, field in generated.items():
            if field is None:
                continue
            if isinstance(field, forms.IntegerField) and field.max_value is None:
                # A count beyond any real one would overflow the column: a form error.
                field.max_value = MAX_COUNT
                field.validators.append(MaxValueValidator(MAX_COUNT))
            self.fields[name] = field
        self.order_fields(self.model_fields)

    def _widgets(self) -> dict[str, type[forms.Widget] | forms.Widget]:
        widgets: dict[str, type[forms.Widget] | forms.Widget] = {}
        for name in self.model_fields:
            field = self.model._meta.get_field(name)
            if isinstance(field, models.DateField):
                widgets[name] = DateInput()
            elif isinstance(field, models.TextField):
                widgets[name] = forms.Textarea(attrs={"rows": 3})
            elif isinstance(field, models.PositiveIntegerField):
                widgets[name] = forms.NumberInput(attrs={"inputmode": "numeric", "min": 0})
        return widgets

    def restyle(self) -> None:
        for field in self.fields.values():
            self._style(field)

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.model_fields}


def _area_field(scope: Scope, label: Any) -> AreaChoiceField:
    field = AreaChoiceField(area_list(scope=scope), label=label)
    field.base_depth = scope.area.depth if scope.area else 0
    return field


class WorkroomForm(RecordForm):
    past_dates = ("founded_on",)
    model = Workroom
    model_fields = ("area", "name", "kind", "founded_on", "is_demonstration",
                    "supervising_branch", "description")  # fmt: skip

    def __init__(self, *args: Any, scope: Scope, instance: Workroom | None = None, **kwargs: Any):
        already: list[int] = []
        if instance is not None and instance.pk:
            already = [instance.lead_id, *instance.memberships.values_list("cadre_id", flat=True)]
            initial = kwargs.setdefault("initial", model_to_dict(instance, self.model_fields))
            initial["lead"] = [instance.lead_id]
            initial["members"] = already[1:]
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["area"] = _area_field(scope, _("Host area"))
        people = _people(scope, already)
        self.fields["lead"] = CadrePickerField(queryset=people, label=_("Lead"))
        self.fields["members"] = CadrePickerField(
            queryset=people,
            label=_("Members"),
            required=False,
            help_text=_("The lead is a member too."),
        )
        self.fields["supervising_branch"].help_text = _(
            "The party branch that leads the workroom (支部牵头 + 工作室聚力)."
        )
        self.order_fields(["area", "name", "kind", "lead", "members", *self.model_fields])
        self.restyle()

    def clean_lead(self) -> Cadre:
        chosen: list[Cadre] = list(self.cleaned_data.get("lead") or [])
        if len(chosen) != 1:
            raise ValidationError(_("Choose one lead."))
        return chosen[0]

    def clean_members(self) -> list[Cadre]:
        refuse_repeats(self, "members")
        return list(self.cleaned_data.get("members") or [])


class ClusterForm(RecordForm):
    model = Cluster
    model_fields = ("area", "name", "description")

    def __init__(self, *args: Any, scope: Scope, instance: Cluster | None = None, **kwargs: Any):
        if instance is not None and instance.pk:
            initial = kwargs.setdefault("initial", model_to_dict(instance, self.model_fields))
            initial["workrooms"] = list(instance.memberships.values_list("workroom_id", flat=True))
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["area"] = _area_field(scope, _("Area"))
        self.fields["area"].help_text = _("The common area of the workrooms, e.g. a street.")
        self.fields["workrooms"] = WorkroomsField(
            label=_("Workrooms"),
            queryset=workroom_list(scope=scope).select_related("area").order_by("name", "pk"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.order_fields(["area", "name", "workrooms", "description"])
        self.restyle()


class ActivityForm(RecordForm):
    """A workroom's activity (``workroom`` chosen) or a cluster's (``joint_workrooms``)."""

    past_dates = ("date",)

    model = Activity
    model_fields = ("date", "kind", "people_served", "summary")
    photos = PhotosField()

    def __init__(
        self,
        *args: Any,
        scope: Scope,
        cluster: Cluster | None = None,
        instance: Activity | None = None,
        **kwargs: Any,
    ) -> None:
        already: list[int] = []
        if instance is not None and instance.pk:
            already = list(instance.participant_links.values_list("cadre_id", flat=True))
            initial = kwargs.setdefault("initial", model_to_dict(instance, self.model_fields))
            initial["participants"] = already
            initial["workroom"] = instance.workroom_id
            initial["joint_workrooms"] = list(instance.joint_workrooms.values_list("pk", flat=True))
            cluster = instance.cluster
        super().__init__(*args, instance=instance, **kwargs)
        self.cluster = cluster
        names = ["date", "kind"]
        if cluster is None:
            self.fields["workroom"] = WorkroomChoiceField(
                label=_("Workroom"),
                queryset=workroom_list(scope=scope).select_related("area").order_by("name", "pk"),
            )
            names.insert(0, "workroom")
        else:
            self.fields["joint_workrooms"] = WorkroomsField(
                label=_("Workrooms taking part"),
                queryset=cluster.workrooms.select_related("area").order_by("name", "pk"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            names.append("joint_workrooms")
        if cluster is None and instance is None:
            self._member_ticks(scope)
            names.append("member_ticks")
        self.fields["participants"] = CadrePickerField(
            queryset=_people(scope, already), required=False
        )
        self.fields["people_served"].label = _("People served")
        self.fields["people_served"].error_messages["min_value"] = _("A count cannot be negative.")
        if instance is not None and instance.pk:
            self.fields["remove_photos"] = remove_photos_field(instance.photos.all())
        self.order_fields([*names, "participants", "people_served", "summary", "photos"])
        self.restyle()

    def _member_ticks(self, scope: Scope) -> None:
        """The chosen workroom's members, to tick; the search stays for anyone else."""
        raw = self.data.get("workroom") if self.is_bound else self.initial.get("workroom")
        workroom = None
        if str(raw or "").isdigit():
            workroom = self.fields["workroom"].queryset.filter(pk=raw).first()  # type: ignore[attr-defined]
        members = Cadre.objects.none()
        if workroom is not None:
            in_scope = cadre_list(scope=scope).values("pk")
            members = workroom.members.filter(pk__in=in_scope).order_by("name_pinyin", "pk")
        self.fields["member_ticks"] = ModelMultipleChoiceField(
            label=_("Workroom members who took part"),
            queryset=members,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["workroom"].widget.attrs.update(
            {
                "hx-get": reverse("workrooms:activity_create"),
                "hx-target": "#field-member_ticks",
                "hx-select": "#field-member_ticks",
                "hx-swap": "outerHTML",
            }
        )

    def clean_participants(self) -> list[Cadre]:
        refuse_repeats(self, "participants")
        return list(self.cleaned_data.get("participants") or [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ticked = list(data.pop("member_ticks", None) or [])
        if "participants" in data:
            data["participants"] = list(dict.fromkeys([*ticked, *data["participants"]]))
        return data


class MechanismForm(RecordForm):
    model = Mechanism
    model_fields = ("area", "name", "kind", "host_workroom", "frequency", "parties", "notes")

    def __init__(
        self, *args: Any, scope: Scope, instance: Mechanism | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["area"] = _area_field(scope, _("Area"))
        workrooms = workroom_list(scope=scope)
        if instance is not None and instance.host_workroom_id:
            workrooms = workrooms | Workroom.objects.filter(pk=instance.host_workroom_id)
        self.fields["host_workroom"] = WorkroomChoiceField(
            label=_("Host workroom"),
            queryset=workrooms.select_related("area").order_by("name", "pk"),
            required=False,
        )
        self.fields["frequency"].help_text = _("e.g. every Monday evening, twice a month")
        self.fields["parties"].help_text = _("e.g. property company, owners' committee, residents")
        self.order_fields(self.model_fields)
        self.restyle()


class MeetingForm(RecordForm):
    past_dates = ("date",)
    model = Meeting
    model_fields = ("date", "attendee_count", "attendees", "issues", "decisions")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendee_count"].error_messages["min_value"] = _("A count cannot be negative.")
        self.fields["attendees"].help_text = _("Names or groups, as recorded.")
        self.restyle()


class FollowUpForm(RecordForm):
    model = FollowUp
    model_fields = ("description", "owner", "due_on", "status")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.restyle()


class AgreementForm(RecordForm):
    past_dates = ("date",)
    model = Agreement
    model_fields = ("area", "mechanism", "title", "date", "parties", "item_count",
                    "money_recovered", "money_destination", "notes")  # fmt: skip

    def __init__(
        self, *args: Any, scope: Scope, instance: Agreement | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["area"] = _area_field(scope, _("Area"))
        mechanisms = mechanism_list(scope=scope)
        if instance is not None and instance.mechanism_id:
            mechanisms = mechanisms | Mechanism.objects.filter(pk=instance.mechanism_id)
        self.fields["mechanism"] = forms.ModelChoiceField(
            label=_("Deliberation mechanism"),
            queryset=mechanisms.order_by("name", "pk"),
            required=False,
            error_messages={"invalid_choice": _("The chosen mechanism is not in your area.")},
        )
        money = self.fields["money_recovered"]
        money.validators.append(MinValueValidator(0))
        money.error_messages["min_value"] = _("An amount cannot be negative.")
        money.widget.attrs.update({"inputmode": "decimal", "min": 0, "step": "0.01"})
        self.fields["item_count"].error_messages["min_value"] = _("A count cannot be negative.")
        self.fields["money_destination"].help_text = _(
            "e.g. the jointly supervised sunshine account"
        )
        self.order_fields(self.model_fields)
        self.restyle()


class AgreementItemForm(RecordForm):
    model = AgreementItem
    model_fields = ("number", "text", "status")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.restyle()
