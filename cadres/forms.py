"""Forms of the registry: a record's five knowns, its status, a merge, and the field other
apps' forms pick cadres with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.forms import (
    AreaChoiceField,
    ModelMultipleChoiceField,
    StyledForm,
    StyledFormMixin,
)
from laoshan_portal.scoping import Scope

from .models import Cadre, ServiceKind, SpecialtyTag
from .selectors import residence_list
from .services import EDITABLE_FIELDS

DATE_FIELDS = ("birth_date", "party_join_date", "retirement_date", "bereaved_on")
TEXTAREAS = ("family_notes", "chronic_conditions", "health_notes", "illness_note")

# The five knowns, for the form's and the detail page's sections.
SECTIONS = [
    (
        _("Basic information"),
        [
            "area", "name", "gender", "birth_date", "ethnicity", "id_number", "mobile",
            "landline", "political_status", "party_join_date", "former_unit", "former_post",
            "rank", "retirement_kind", "retirement_date", "address", "party_relation",
        ],
    ),
    (
        _("Family situation"),
        [
            "spouse", "living_arrangement", "emergency_contact", "family_notes", "hardship",
            "bereaved_on",
        ],
    ),
    (
        _("Health condition"),
        [
            "self_care", "mobility", "chronic_conditions", "health_notes", "serious_illness",
            "illness_note",
        ],
    ),
    (_("Hobbies and specialties"), ["specialties", "specialty_notes"]),
    (_("Willingness to serve"), ["service_kinds", "available_time", "max_distance"]),
]  # fmt: skip


def area_field(areas: models.QuerySet[Area], *, scope: Scope, **options: Any) -> AreaChoiceField:
    """A choice of ``areas``, indented from the depth of the scope's own area."""
    field = AreaChoiceField(areas, **options)
    field.base_depth = scope.area.depth if scope.area else 0
    return field


if TYPE_CHECKING:
    RecordForm = forms.ModelForm[Cadre]
else:  # Django's forms are generic only to the type checker
    RecordForm = forms.ModelForm


class CadreForm(StyledFormMixin, RecordForm):
    specialties = ModelMultipleChoiceField(
        label=_("Specialties"),
        queryset=SpecialtyTag.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    service_kinds = ModelMultipleChoiceField(
        label=_("Willing to serve as"),
        queryset=ServiceKind.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Cadre
        fields = [*EDITABLE_FIELDS, "specialties", "service_kinds"]
        widgets = {
            **{name: forms.DateInput(attrs={"type": "date"}) for name in DATE_FIELDS},
            **{name: forms.Textarea(attrs={"rows": 2}) for name in TEXTAREAS},
            "id_number": forms.TextInput(attrs={"autocomplete": "off", "maxlength": 18}),
            "mobile": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "landline": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "spouse": forms.TextInput(),
            "emergency_contact": forms.TextInput(),
        }

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"] = area_field(
            residence_list(scope=scope), scope=scope, label=_("Residence")
        )
        self._style(self.fields["area"])
        for name in ("specialties", "service_kinds"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        self.order_fields([name for _title, names in SECTIONS for name in names])

    def _post_clean(self) -> None:
        # Model validation (ID number, phones, uniqueness) is the service's: it normalises
        # the values first and answers a duplicate with the record to merge into.
        pass

    @property
    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in SECTIONS]

    def record_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}


class StatusForm(StyledForm):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[c for c in Cadre.Status.choices if c[0] != Cadre.Status.MERGED],
    )
    note = forms.CharField(label=_("Note"), max_length=100, required=False)
    deceased_on = forms.DateField(
        label=_("Date of death"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for a death; today when left empty."),
    )


class MergeForm(StyledForm):
    target = forms.IntegerField(label=_("Number of the record to keep"), min_value=1)


class CadrePickerWidget(forms.SelectMultiple):
    """A multiple select holding only the chosen cadres, with a search box beside it."""

    template_name = "cadres/widgets/cadre_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.attrs.setdefault("data-cadre-picker", "")
        self.attrs.setdefault("data-url", reverse_lazy("cadres:autocomplete"))

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        # Only the chosen cadres become <option>s: a district has thousands. A form shown
        # again after an error may hold anything posted: only plain 64-bit ids are looked up.
        chosen = {str(v).strip() for v in value if v}
        chosen = {v for v in chosen if v.isascii() and v.isdigit() and int(v) < 2**63}
        field_choices = self.choices
        queryset = getattr(field_choices, "queryset", None)
        if queryset is not None:
            self.choices = [(c.pk, str(c)) for c in queryset.filter(pk__in=chosen)]
        return super().optgroups(name, value, attrs)


class CadrePickerField(ModelMultipleChoiceField):
    """Active cadres of ``queryset`` (the cadres in the user's scope), picked from a search
    box that ``static/js/picker.js`` adds and ``cadres:autocomplete`` answers."""

    widget = CadrePickerWidget
    default_error_messages = {
        "invalid_choice": _("A chosen person is not in your area."),
        "invalid_pk_value": _("A chosen person is not in your area."),
    }

    def __init__(self, queryset: models.QuerySet[Cadre], **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Participants"))
        super().__init__(queryset=queryset.filter(status=Cadre.Status.ACTIVE), **kwargs)
