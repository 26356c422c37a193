"""Forms of care work: a visit (phone-first), a decision on the care list, a plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadres.forms import CadrePickerField
from cadres.models import Cadre
from cadres.selectors import cadre_list
from laoshan_portal.accounts.models import User
from laoshan_portal.accounts.selectors import staff_list
from laoshan_portal.forms import DateInput, ModelMultipleChoiceField, StyledForm, refuse_repeats
from laoshan_portal.photos import PhotosField, remove_photos_field
from laoshan_portal.scoping import Scope

from .models import Referral, Visit
from .services import VISIT_FIELDS


class VisitForm(StyledForm):
    past_dates = ("date",)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=Visit.Kind.choices)
    items = forms.CharField(label=_("Items given"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        min_value=0,
        max_digits=9,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    health_findings = forms.CharField(
        label=_("Health found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sensitive: shown to others only on request, and recorded."),
    )
    needs_raised = forms.CharField(
        label=_("Needs raised"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up = forms.BooleanField(label=_("Follow-up wanted"), required=False)
    follow_up_by = forms.DateField(label=_("Follow up by"), required=False, widget=DateInput())
    photos = PhotosField()

    def __init__(
        self, *args: Any, scope: Scope, actor: User, instance: Visit | None = None, **kwargs: Any
    ) -> None:
        if instance is not None:
            kwargs.setdefault("initial", _initial(instance))
        super().__init__(*args, **kwargs)
        people = cadre_list(scope=scope)
        users = staff_list(scope=scope) | User.objects.filter(pk=actor.pk)
        if instance is not None:
            on_it = list(instance.cadre_visitors.values_list("pk", flat=True))
            people = (people | Cadre.objects.filter(pk__in=on_it)).distinct()
            users = users | User.objects.filter(pk__in=instance.staff.values("pk"))
        self.fields["staff"] = ModelMultipleChoiceField(
            label=_("Staff visitors"),
            queryset=users.distinct().order_by("username"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["cadre_visitors"] = CadrePickerField(
            queryset=people, required=False, label=_("Cadre visitors")
        )
        if instance is not None and instance.pk:
            self.fields["remove_photos"] = remove_photos_field(instance.photos.all())
        for field in self.fields.values():
            self._style(field)
        self.fields["staff"].widget.attrs["class"] = "form-check-input"
        self.order_fields(
            ["date", "kind", "staff", "cadre_visitors", "items", "amount", "health_findings",
             "needs_raised", "follow_up", "follow_up_by", "photos"]
        )  # fmt: skip

    def clean_cadre_visitors(self) -> list[Cadre]:
        refuse_repeats(self, "cadre_visitors")
        return list(self.cleaned_data.get("cadre_visitors") or [])

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in VISIT_FIELDS}


def _initial(visit: Visit) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(visit, name) for name in VISIT_FIELDS}
    initial["staff"] = list(visit.staff.values_list("pk", flat=True))
    initial["cadre_visitors"] = list(visit.cadre_visitors.values_list("pk", flat=True))
    return initial


class DecisionForm(StyledForm):
    """Add a person to the care list by hand, or take them off, with the reason."""

    reason = forms.CharField(label=_("Reason"), max_length=200)


class PlanForm(StyledForm):
    monthly_alone = forms.BooleanField(
        label=_("Visit everyone living alone every month"), required=False
    )
    festivals = forms.BooleanField(
        label=_("Visit everyone on the care list before the Spring and Double Ninth festivals"),
        required=False,
    )
    half_decades = forms.BooleanField(
        label=_("Birthday visits at 85 and 95 too"),
        required=False,
        help_text=_("Birthday visits are always paid at 80, 90 and 100."),
    )


class ReferralForm(StyledForm):
    """Refer the needs raised on a visit to another body."""

    body = forms.ChoiceField(label=_("Refer to"), choices=Referral.Body.choices)
    note = forms.CharField(
        label=_("Note"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_by = forms.DateField(
        label=_("Follow up by"),
        required=False,
        widget=DateInput(),
        help_text=_("With a date, the referral is on the to-do list until it is answered."),
    )
