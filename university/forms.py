"""Forms of the university and activity centre pages; choices limited to the scope."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.forms import CadrePickerField
from cadres.selectors import cadre_list
from campaigns.selectors import activity_list
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import AreaChoiceField, DateInput, StyledForm
from laoshan_portal.scoping import Scope
from volunteering.selectors import activity_list as service_activity_list
from volunteering.selectors import team_list
from workrooms.selectors import activity_list as workroom_activity_list
from workrooms.selectors import workroom_list

from .models import Course, Term
from .selectors import course_list, term_list


class TimeInput(forms.TimeInput):
    input_type = "time"


def _area_field(scope: Scope, label: Any) -> AreaChoiceField:
    field = AreaChoiceField(area_list(scope=scope), label=label)
    field.base_depth = scope.area.depth if scope.area else 0
    return field


class TermForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    season = forms.ChoiceField(label=_("Term"), choices=Term.Season.choices)
    starts = forms.DateField(label=_("First day"), widget=DateInput())
    ends = forms.DateField(label=_("Last day"), widget=DateInput())

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"] = _area_field(scope, _("School"))
        self._style(self.fields["area"])
        self.order_fields(["area", "year", "season", "starts", "ends"])


class CourseForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=64)
    subject = forms.ChoiceField(label=_("Subject"), choices=Course.Subject.choices)
    teacher_name = forms.CharField(
        label=_("Outside teacher"),
        max_length=32,
        required=False,
        help_text=_("Leave empty when the teacher is a cadre chosen above."),
    )
    venue = forms.CharField(label=_("Venue"), max_length=64)
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Course.Weekday.choices, coerce=int)
    starts_at = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=500)
    fee = forms.DecimalField(
        label=_("Fee (yuan)"), max_digits=8, decimal_places=2, min_value=0, initial=0
    )

    def __init__(self, *args: Any, scope: Scope, creating: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["term"] = forms.ModelChoiceField(
                term_list(scope=scope).select_related("area"), label=_("Term")
            )
            self.fields["area"] = _area_field(scope, _("Branch"))
        self.fields["teacher_cadre"] = CadrePickerField(
            queryset=cadre_list(scope=scope), label=_("Teacher (cadre)"), required=False
        )
        for name in ("term", "area", "teacher_cadre"):
            if name in self.fields:
                self._style(self.fields[name])
        self.order_fields(["term", "area", "title", "subject", "teacher_cadre"])

    def clean_teacher_cadre(self) -> Any:
        chosen = list(self.cleaned_data.get("teacher_cadre") or [])
        if len(chosen) > 1:
            raise forms.ValidationError(_("Choose one teacher."))
        return chosen[0] if chosen else None


class EnrolCadresForm(StyledForm):
    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadres"] = CadrePickerField(
            queryset=cadre_list(scope=scope), label=_("Cadres")
        )
        self._style(self.fields["cadres"])


class ResidentForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=32)
    phone = forms.CharField(label=_("Phone"), max_length=11, required=False)


class AttendanceDateForm(StyledForm):
    date = forms.DateField(label=_("Lesson date"), widget=DateInput())


class RoomForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=64)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=2000)
    equipment = forms.CharField(label=_("Equipment"), max_length=200, required=False)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"] = _area_field(scope, _("Area"))
        self._style(self.fields["area"])
        self.order_fields(["area", "name", "capacity", "equipment"])


class BookingForm(StyledForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=100,
        required=False,
        help_text=_("Free text; may stay empty when the booking is for one of the below."),
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, tuple[Any, Any]] = {
            "workroom": (workroom_list(scope=scope), _("Workroom")),
            "team": (team_list(scope=scope), _("Team")),
            "course": (course_list(scope=scope).select_related("term"), _("Course")),
            "campaign_activity": (
                activity_list(scope=scope).order_by("-date"),
                _("Campaign activity"),
            ),
            "workroom_activity": (
                workroom_activity_list(scope=scope).order_by("-date"),
                _("Workroom activity"),
            ),
            "service_activity": (
                service_activity_list(scope=scope).order_by("-date"),
                _("Volunteer activity"),
            ),
        }
        for name, (queryset, label) in choices.items():
            self.fields[name] = forms.ModelChoiceField(queryset, label=label, required=False)
            self._style(self.fields[name])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day, start, end = (cleaned.get(k) for k in ("date", "start_time", "end_time"))
        if day and start and end:
            cleaned["starts"] = _moment(day, start)
            cleaned["ends"] = _moment(day, end)
        return cleaned

    def booking(self) -> dict[str, Any]:
        """The service's arguments."""
        data = self.cleaned_data
        names = ("starts", "ends", "purpose", "workroom", "team", "course", "campaign_activity",
                 "workroom_activity", "service_activity")  # fmt: skip
        return {name: data[name] for name in names}


def _moment(day: Any, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))
