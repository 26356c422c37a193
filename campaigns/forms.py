"""The activity form: the common fields, then those of the campaign's own kind.

One form class serves every kind; it is built for a campaign and a scope, so area and
people choices hold only what the user may pick.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cadres.forms import CadrePickerField, CadrePickerWidget
from cadres.models import Cadre
from cadres.selectors import cadre_list
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import AreaChoiceField, DateInput, ModelMultipleChoiceField, StyledForm
from laoshan_portal.photos import MAX_PHOTOS
from laoshan_portal.scoping import Scope
from laoshan_portal.uploads import validate_image

from .models import KIND_FIELDS, Campaign, CampaignActivity

NEGATIVE = _("A count cannot be negative.")
MAX_COUNT = 1_000_000


ID = re.compile(r"^[0-9]{1,18}$")


class PickerWidget(CadrePickerWidget):
    """The picker's widget, shown again after a bad post: values that are no id are dropped
    before it looks the chosen people up (the shared widget would fail on them)."""

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> Any:
        ids = [v for v in value if ID.match(str(v))]
        return super().optgroups(name, ids, attrs)


class PickerField(CadrePickerField, ModelMultipleChoiceField):
    """The cadre picker, with the portal's guard against ids too large for the database."""

    widget = PickerWidget


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once, each checked by its content (images only, ≤ 5 MB)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True})
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(
                _("At most %(count)d photos per activity.") % {"count": MAX_PHOTOS}
            )
        cleaned = [super(PhotosField, self).clean(item, initial) for item in uploads]
        for upload in cleaned:
            validate_image(upload)
        return cleaned


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
        return PickerField(queryset=people, label=_("Lecturer"))
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
        labels = {
            Campaign.Code.RED_HERITAGE: _("Audience"),
            Campaign.Code.YOUTH: _("Young people reached"),
        }
        return _count(labels.get(code, _("People reached")))
    raise KeyError(name)


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
    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_("Photos only (JPEG, PNG, WebP or GIF), at most 5 MB each."),
    )

    def __init__(
        self,
        *args: Any,
        scope: Scope,
        campaign: str,
        activity: CampaignActivity | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        people = cadre_list(scope=scope)
        if activity is not None:
            # People already on the activity stay choosable, even from outside the scope.
            on_it = list(activity.participant_links.values_list("cadre_id", flat=True))
            if activity.lecturer_id:
                on_it.append(activity.lecturer_id)
            people = (people | Cadre.objects.filter(pk__in=on_it)).distinct()
        area = AreaChoiceField(area_list(scope=scope), label=_("Area"))
        area.base_depth = scope.area.depth if scope.area else 0
        self.fields["area"] = area
        self.kind_fields = list(KIND_FIELDS[campaign])
        for name in self.kind_fields:
            self.fields[name] = _kind_field(campaign, name, people)
        self.fields["participants"] = PickerField(queryset=people, required=False)
        if activity is not None and activity.pk:
            self.fields["remove_photos"] = ModelMultipleChoiceField(
                label=_("Remove photos"),
                queryset=activity.photos.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        for field in self.fields.values():
            self._style(field)
        if "remove_photos" in self.fields:
            self.fields["remove_photos"].widget.attrs["class"] = "form-check-input"
        self.order_fields(
            ["date", "area", "title", *self.kind_fields, "participants", "notes", "photos"]
        )

    def clean_participants(self) -> list[Cadre]:
        chosen = list(self.cleaned_data.get("participants") or [])
        # The field drops a repeated id silently; the rule is to refuse it.
        getlist = getattr(self.data, "getlist", None)
        raw = [str(value) for value in getlist(self.add_prefix("participants"))] if getlist else []
        if len(raw) != len(set(raw)):
            raise ValidationError(_("The same person is chosen twice."))
        return chosen

    def clean_lecturer(self) -> Cadre | None:
        chosen = list(self.cleaned_data.get("lecturer") or [])
        if len(chosen) != 1:
            raise ValidationError(_("Choose one lecturer."))
        return chosen[0]

    def service_data(self) -> dict[str, Any]:
        """What the service takes as ``data``: every field but people and photos."""
        skip = {"participants", "photos", "remove_photos"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    @staticmethod
    def initial_for(activity: CampaignActivity) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "date": activity.date,
            "area": activity.area_id,
            "title": activity.title,
            "notes": activity.notes,
            "participants": list(activity.participant_links.values_list("cadre_id", flat=True)),
        }
        for name in KIND_FIELDS[activity.campaign_id]:
            field = CampaignActivity._meta.get_field(name)
            value = getattr(activity, field.attname)
            initial[name] = [value] if name == "lecturer" and value else value
        return initial
