"""Forms of taking part: a proposal, a concern, and the community's answers to them."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cadres.models import Cadre
from cadres.selectors import cadre_list
from laoshan_portal.scoping import Scope
from volunteering.mediation.selectors import mediation_team_list
from volunteering.models import Team, TeamMember
from volunteering.selectors import team_list
from workrooms.models import Workroom
from workrooms.selectors import workroom_list

from .models import Concern


class LargeForm(forms.Form):
    """A form in the retirees' large type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field.widget, forms.Select):
                field.widget.attrs.setdefault("class", "form-select form-select-lg")
            else:
                field.widget.attrs.setdefault("class", "form-control form-control-lg")


class ProposalForm(LargeForm):
    title = forms.CharField(label=_("What it is about (a few words)"), max_length=100)
    text = forms.CharField(
        label=_("Your proposal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
    )


class ConcernForm(LargeForm):
    kind = forms.ChoiceField(label=_("What it is about"), choices=Concern.Kind.choices)
    text = forms.CharField(
        label=_("Tell us what happened"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    may_phone = forms.BooleanField(
        label=_("The community may phone me about it"), required=False, initial=True
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MediationForm(ReplyForm):
    """The mediation team and mediators of the case a concern becomes."""

    team = forms.ModelChoiceField(label=_("Mediation team"), queryset=Team.objects.none())
    mediators = forms.ModelMultipleChoiceField(label=_("Mediators"), queryset=Cadre.objects.none())

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = mediation_team_list(scope=scope)
        members = TeamMember.objects.filter(team__in=teams, left__isnull=True)
        mediators = cadre_list(scope=scope).filter(
            pk__in=members.values("cadre_id"), status=Cadre.Status.ACTIVE
        )
        cast("forms.ModelChoiceField[Team]", self.fields["team"]).queryset = teams
        cast(
            "forms.ModelMultipleChoiceField[Cadre]", self.fields["mediators"]
        ).queryset = mediators.order_by("name_pinyin", "pk")


class PlannedActivityForm(forms.Form):
    """A coming activity of one volunteer team or one workroom in scope."""

    team = forms.ModelChoiceField(
        label=_("Volunteer team"), queryset=Team.objects.none(), required=False
    )
    workroom = forms.ModelChoiceField(
        label=_("Workroom"), queryset=Workroom.objects.none(), required=False
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("What"), max_length=100)
    place = forms.CharField(label=_("Where"), max_length=100, required=False)

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = team_list(scope=scope).exclude(kind=Team.Kind.MEDIATION).order_by("name")
        cast("forms.ModelChoiceField[Team]", self.fields["team"]).queryset = teams
        workrooms = workroom_list(scope=scope).order_by("name")
        cast("forms.ModelChoiceField[Workroom]", self.fields["workroom"]).queryset = workrooms
