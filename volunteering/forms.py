"""Forms of the team, activity, hours and certificate pages; choices limited to the scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cadres.forms import CadrePickerField
from cadres.selectors import cadre_list
from laoshan_portal.accounts.selectors import area_list
from laoshan_portal.forms import AreaChoiceField, DateInput
from laoshan_portal.forms import StyledForm as PortalStyledForm
from laoshan_portal.scoping import Scope

from .filters import BRANDS
from .models import ServiceActivity, ServiceRecord, Team, TeamMember
from .selectors import team_list, team_members
from .services import Entry


class StyledForm(PortalStyledForm):
    """The portal's styled form."""


class HoursInput(forms.NumberInput):
    """A number pad on phones, half hours allowed."""

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"step": "0.5", "min": "0", "max": "24", "inputmode": "decimal"}
        attrs.update(kwargs.pop("attrs", {}))
        super().__init__(attrs=attrs, **kwargs)


def hours_field(**kwargs: Any) -> forms.DecimalField:
    # No min/max here: the service refuses 0, negatives and more than 24 with its own words.
    return forms.DecimalField(
        max_digits=6, decimal_places=1, widget=HoursInput(), localize=False, **kwargs
    )


class TeamForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=64)
    kind = forms.ChoiceField(label=_("Kind"), choices=Team.Kind.choices)
    brand = forms.CharField(
        label=_("Brand"),
        max_length=32,
        required=False,
        help_text=_("For example 山海夕阳红 or 银龄先锋."),
        widget=forms.TextInput(attrs={"list": "team-brands"}),
    )
    founded = forms.DateField(label=_("Founded"), required=False, widget=DateInput())
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    brands = BRANDS

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = AreaChoiceField(area_list(scope=scope), label=_("Area"))
        area.base_depth = scope.area.depth if scope.area else 0
        self.fields["area"] = area
        self.fields["leader"] = CadrePickerField(
            queryset=cadre_list(scope=scope), label=_("Leader"), required=False
        )
        for name in ("area", "leader"):
            self._style(self.fields[name])
        self.order_fields(["name", "kind", "brand", "area", "leader", "founded", "active"])

    def clean_leader(self) -> Any:
        chosen = list(self.cleaned_data.get("leader") or [])
        if len(chosen) > 1:
            raise forms.ValidationError(_("Choose one leader."))
        return chosen[0] if chosen else None


class TeamCadresForm(StyledForm):
    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cadres"] = CadrePickerField(
            queryset=cadre_list(scope=scope), label=_("Cadres to add")
        )
        self._style(self.fields["cadres"])


class ResidentForm(StyledForm):
    name = forms.CharField(label=_("Resident's name"), max_length=32)
    phone = forms.CharField(
        label=_("Mobile"),
        max_length=20,
        required=False,
        help_text=_("Leave empty for someone without a phone."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


class ActivityForm(StyledForm):
    """An activity, and on the same page the cadres who took part with their hours."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=100)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    content = forms.CharField(
        label=_("Content"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, scope: Scope, with_people: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"] = forms.ModelChoiceField(
            queryset=team_list(scope=scope).filter(active=True).order_by("name"),
            label=_("Team"),
            error_messages={"invalid_choice": _("Choose a team of your area.")},
        )
        self._style(self.fields["team"])
        self.members: list[tuple[TeamMember, str, str]] = []
        if with_people:
            self._member_fields(self._chosen_team())
            self.fields["participants"] = CadrePickerField(
                queryset=cadre_list(scope=scope), required=False
            )
            if self.members:
                self.fields["participants"].label = _("People outside the team")
            self.fields["hours_each"] = hours_field(
                label=_("Hours each"),
                required=False,
                help_text=_("The same hours for everyone chosen; change single entries later."),
            )
            for name in ("participants", "hours_each"):
                self._style(self.fields[name])
        self.order_fields(["team", "date", "title", "place", "content"])

    def _chosen_team(self) -> Team | None:
        """The team posted, or the one preselected: its members are listed to tick."""
        raw = self.data.get("team") if self.is_bound else self.initial.get("team")
        if isinstance(raw, Team):
            raw = raw.pk
        if not str(raw or "").isdigit():
            return None
        team: Team | None = self.fields["team"].queryset.filter(pk=raw).first()  # type: ignore[attr-defined]
        return team

    def _member_fields(self, team: Team | None) -> None:
        if team is None:
            return
        for member in team_members(team=team).filter(left__isnull=True):
            tick, hours = f"tick_m{member.pk}", f"hours_m{member.pk}"
            self.fields[tick] = forms.BooleanField(label=str(member), required=False)
            self.fields[hours] = hours_field(
                label=_("Hours of %(name)s") % {"name": member}, required=False
            )
            self._style(self.fields[hours])
            self.members.append((member, tick, hours))

    def member_rows(self) -> list[tuple[TeamMember, forms.BoundField, forms.BoundField]]:
        return [(member, self[tick], self[hours]) for member, tick, hours in self.members]

    def main_fields(self) -> list[forms.BoundField]:
        listed = {name for _member, *names in self.members for name in names}
        return [field for field in self if field.name not in listed]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        each = data.get("hours_each")
        if data.get("participants") and each is None:
            self.add_error("hours_each", _("Give the hours of the people chosen."))
        for _member, tick, hours in self.members:
            if data.get(tick) and data.get(hours) is None and each is None:
                self.add_error(hours, _("Give the hours of the people chosen."))
        return data

    def activity_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("team", "date", "title", "place", "content")}

    def entries(self) -> list[Entry]:
        """The members ticked (their own hours, else the hours each) and the others picked."""
        data = self.cleaned_data
        each = data.get("hours_each")
        found = []
        for member, tick, hours in self.members:
            if not data.get(tick) or member.team_id != getattr(data.get("team"), "pk", None):
                continue
            given = data.get(hours)
            given = each if given is None else given
            if member.cadre_id:
                found.append(Entry(hours=given, cadre=member.cadre))
            else:
                found.append(Entry(hours=given, member=member))
        found.extend(Entry(hours=each, cadre=c) for c in data.get("participants") or [])
        return found


class HoursForm(StyledForm):
    """Hours of several people at once: one box per team member, and anyone else picked.

    A box left empty means the person was not there.
    """

    def __init__(
        self,
        *args: Any,
        scope: Scope,
        activity: ServiceActivity,
        members: list[TeamMember],
        entered: set[tuple[str, int]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = []
        for member in members:
            key = ("c", member.cadre_id) if member.cadre_id else ("m", member.pk)
            if key in entered or member.left is not None:
                continue
            name = f"m{member.pk}"
            self.fields[name] = hours_field(label=str(member), required=False)
            self._style(self.fields[name])
            self.members.append((member, name))
        self.fields["others"] = CadrePickerField(
            queryset=cadre_list(scope=scope), label=_("Other cadres"), required=False
        )
        self.fields["others_hours"] = hours_field(label=_("Their hours each"), required=False)
        for name in ("others", "others_hours"):
            self._style(self.fields[name])

    def member_fields(self) -> list[tuple[TeamMember, forms.BoundField]]:
        return [(member, self[name]) for member, name in self.members]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("others") and data.get("others_hours") is None:
            self.add_error("others_hours", _("Give the hours of the people chosen."))
        if not self.errors and not self.entries():
            self.add_error(None, _("Give the hours of at least one person."))
        return data

    def entries(self) -> list[Entry]:
        found = []
        for member, name in self.members:
            hours = self.cleaned_data.get(name)
            if hours is None:
                continue
            if member.cadre_id:
                found.append(Entry(hours=hours, cadre=member.cadre))
            else:
                found.append(Entry(hours=hours, member=member))
        others_hours = self.cleaned_data.get("others_hours")
        for cadre in self.cleaned_data.get("others") or []:
            found.append(Entry(hours=others_hours, cadre=cadre))
        return found


class CorrectionForm(StyledForm):
    hours = hours_field(
        label=_("Corrected hours"),
        required=False,
        help_text=_("Leave empty to decline the entry without a new one."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, record: ServiceRecord, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record = record


class CertificateForm(StyledForm):
    period_start = forms.DateField(label=_("From"), widget=DateInput())
    period_end = forms.DateField(label=_("Until"), widget=DateInput())


class RevokeForm(StyledForm):
    reason = forms.CharField(label=_("Reason for revoking"), max_length=200)


class RankingForm(StyledForm):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = AreaChoiceField(area_list(scope=scope), label=_("Area"), required=False)
        area.base_depth = scope.area.depth if scope.area else 0
        self.fields["area"] = area
        self._style(area)
