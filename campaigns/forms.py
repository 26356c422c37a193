"""The activity form: the common fields, then those of the campaign's own kind.

One form class serves every kind; it is built for a campaign and a scope, so area and
people choices hold only what the user may pick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.forms import CadrePickerField
from cadres.models import Cadre
from cadres.selectors import cadre_list
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import AreaChoiceField, DateInput, StyledForm, refuse_repeats
from laoshan_portal.photos import PhotosField, remove_photos_field
from laoshan_portal.scoping import Scope

from .models import KIND_FIELDS, Campaign, CampaignActivity

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NEGATIVE = _("A count cannot be negative.")
MAX_COUNT = 1_000_000


def _count(label: Any, *, minimum: int = 0) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=MAX_COUNT,
        error_messages={"min_value": NEGATIVE if minimum == 0 else _("At least one.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _choice(label: Any, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", "—"), *choices])


def _kind_field(code: str, name: str, people: models.QuerySet[Cadre]) -> forms.Field:
    """The form field of one kind-specific column, labelled for that kind."""
    Activity = CampaignActivity  # noqa: N806 - a short alias for the choices below
    if name == "lecturer":
        return CadrePickerField(queryset=people, label=_("Lecturer"))
    if name == "topic":
        label = _("Lecture topic") if code == Campaign.Code.RED_HERITAGE else _("Subject")
        return forms.CharField(label=label, max_length=200)
    if name == "venue_type":
        return _choice(_("Venue type"), Activity.VenueType.choices)
    if name == "unit":
        return forms.CharField(
            label=_("Unit"),
            max_length=100,
            help_text=_("The organ, school, community or enterprise, e.g. 崂山区实验小学."),
        )
    if name == "addressed_to":
        return forms.CharField(label=_("Addressed to"), max_length=100)
    if name == "adoption":
        return _choice(_("Adoption status"), Activity.Adoption.choices)
    if name == "sessions":
        return _count(_("Sessions"), minimum=1)
    if name == "attendance":
        return _count(_("Attendance"))
    if name == "programme":
        return _choice(_("Programme"), Activity.Programme.choices)
    if name == "participant_count":
        return _count(_("Number of participants"))
    if name == "theme":
        return _choice(_("Theme"), Activity.Theme.choices)
    if name == "people_reached":
        labels: dict[str, StrOrPromise] = {
            Campaign.Code.RED_HERITAGE: _("Audience"),
            Campaign.Code.YOUTH: _("Young people reached"),
        }
        return _count(labels.get(code, _("People reached")))
    raise KeyError(name)


def _initial(activity: CampaignActivity) -> dict[str, Any]:
    """The form's values for an activity being changed."""
    initial: dict[str, Any] = {
        "date": activity.date,
        "area": activity.area_id,
        "title": activity.title,
        "notes": activity.notes,
        "participants": list(activity.participant_links.values_list("cadre_id", flat=True)),
    }
    for name in KIND_FIELDS[activity.campaign_id]:
        value = activity.serializable_value(name)
        initial[name] = [value] if name == "lecturer" and value else value
    return initial


class ActivityForm(StyledForm):
    past_dates = ("date",)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=100)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = PhotosField()

    def __init__(
        self,
        *args: Any,
        scope: Scope,
        campaign: str,
        instance: CampaignActivity | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None:
            kwargs.setdefault("initial", _initial(instance))
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        people = cadre_list(scope=scope)
        if instance is not None:
            # People already on the activity stay choosable, even from outside the scope.
            on_it = list(instance.participant_links.values_list("cadre_id", flat=True))
            if instance.lecturer_id:
                on_it.append(instance.lecturer_id)
            people = (people | Cadre.objects.filter(pk__in=on_it)).distinct()
        area = AreaChoiceField(area_list(scope=scope), label=_("Area"))
        area.base_depth = scope.area.depth if scope.area else 0
        self.fields["area"] = area
        self.kind_fields = list(KIND_FIELDS[campaign])
        for name in self.kind_fields:
            self.fields[name] = _kind_field(campaign, name, people)
        self.fields["participants"] = CadrePickerField(queryset=people, required=False)
        if instance is not None and instance.pk:
            self.fields["remove_photos"] = remove_photos_field(instance.photos.all())
        for field in self.fields.values():
            self._style(field)
        self.order_fields(
            ["date", "area", "title", *self.kind_fields, "participants", "notes", "photos"]
        )

    def clean_participants(self) -> list[Cadre]:
        refuse_repeats(self, "participants")
        return list(self.cleaned_data.get("participants") or [])

    def clean_lecturer(self) -> Cadre | None:
        chosen: list[Cadre] = list(self.cleaned_data.get("lecturer") or [])
        if len(chosen) != 1:
            raise ValidationError(_("Choose one lecturer."))
        return chosen[0]

    def service_data(self) -> dict[str, Any]:
        """What the service takes as ``data``: every field but people and photos."""
        skip = {"participants", "photos", "remove_photos"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}
