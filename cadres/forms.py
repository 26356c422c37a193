"""Forms of the registry: a record's five knowns, its status, and a merge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from laoshan_portal.accounts.models import Area
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import (
    AreaChoiceField,
    ModelMultipleChoiceField,
    StyledForm,
    StyledFormMixin,
)
from laoshan_portal.scoping import Scope

from .models import Cadre, ServiceKind, SpecialtyTag
from .services import EDITABLE_FIELDS

DATE_FIELDS = ("birth_date", "party_join_date", "retirement_date")
TEXTAREAS = ("family_notes", "chronic_conditions", "health_notes")

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
    (_("Family situation"), ["spouse", "living_arrangement", "emergency_contact", "family_notes"]),
    (_("Health condition"), ["self_care", "mobility", "chronic_conditions", "health_notes"]),
    (_("Hobbies and specialties"), ["specialties", "specialty_notes"]),
    (_("Willingness to serve"), ["service_kinds", "available_time", "max_distance"]),
]  # fmt: skip


class CadreForm(StyledFormMixin, forms.ModelForm):  # type: ignore[misc]
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
        residences = area_list(scope=scope).filter(
            level__in=[Area.Level.COMMUNITY, Area.Level.COMPOUND, Area.Level.BUILDING]
        )
        self.fields["area"] = AreaChoiceField(residences, label=_("Residence"))
        self.fields["area"].base_depth = scope.area.depth if scope.area else 0
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


class MergeForm(StyledForm):
    target = forms.IntegerField(label=_("Number of the record to keep"), min_value=1)
