"""What every write of a case checks: phone numbers, the team, the mediators; and its
audit entry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cadres.models import Cadre
from cadres.validators import validate_mobile
from laoshan_portal.audit.services import audit_record
from laoshan_portal.scoping import Scope
from volunteering.models import Team

from ..models import MediationCase

LANDLINE_PATTERN = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def normalise_phone(value: str) -> str:
    """A mobile (11 digits) or a landline with its area code; raises with a Chinese message."""
    value = re.sub(r"\s", "", value or "")
    if not value:
        return ""
    if LANDLINE_PATTERN.match(value):
        return value
    try:
        return validate_mobile(value)
    except ValidationError:
        raise ValidationError(
            _("Give a mobile number (11 digits) or a landline with its area code."),
            code="phone",
        ) from None


def check_team(scope: Scope, team: Team | None) -> None:
    if team is None or team.kind != Team.Kind.MEDIATION or not scope.contains(team.area):
        raise ValidationError({"team": _("Choose a mediation team of your area.")})


def check_mediators(scope: Scope, mediators: Sequence[Cadre], *, required: bool) -> None:
    if required and not mediators:
        raise ValidationError({"mediators": _("Choose at least one mediator.")})
    if any(not scope.contains(cadre.area) for cadre in mediators):
        raise ValidationError({"mediators": _("A chosen person is not in your area.")})
    if len({cadre.pk for cadre in mediators}) != len(mediators):
        raise ValidationError({"mediators": _("The same person is chosen twice.")})


def signed_in(actor: Any) -> Any:
    """The actor to name as the author of a row: nobody for an anonymous one."""
    return actor if getattr(actor, "is_authenticated", False) else None


def case_audit(actor: Any, case: MediationCase, ip: str | None, action: str, **detail: Any) -> None:
    audit_record(actor=actor, action=action, obj=case, area=case.area, ip=ip, detail=detail)


def case_locked(scope: Scope, case: MediationCase) -> MediationCase:
    """The case read again and locked for the write, refused out of scope."""
    case = MediationCase.objects.select_for_update().get(pk=case.pk)
    scope.require(case.area)
    return case
