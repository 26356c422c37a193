"""Planned activities of teams and workrooms, and retirees' sign-ups for them.

Staff plan an activity for a coming day; the retirees of that team or workroom see it on
their pages and sign up (or withdraw) until the day. Every write is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from laoshan_portal import clock
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.scoping import Scope
from volunteering.models import Team
from workrooms.models import Workroom

from .models import ActivitySignup, PlannedActivity, RetireeAccount
from .selectors import own_upcoming_activities
from .standing import stand


@transaction.atomic
def planned_activity_create(
    *,
    scope: Scope,
    actor: Any,
    date: date,
    title: str,
    place: str = "",
    team: Team | None = None,
    workroom: Workroom | None = None,
    ip: str | None = None,
) -> PlannedActivity:
    """Plan an activity of one team or one workroom (in scope) for today or later."""
    if (team is None) == (workroom is None):
        raise ValidationError({"team": _("Choose a volunteer team or a workroom, one of them.")})
    owner: Team | Workroom = team or workroom  # type: ignore[assignment]
    scope.require(owner.area, "team" if team else "workroom")
    if date < clock.today():
        raise ValidationError({"date": _("A planned activity is for today or a later day.")})
    planned = PlannedActivity(
        area=owner.area,
        team=team,
        workroom=workroom,
        date=date,
        title=title.strip(),
        place=place.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    planned.full_clean()
    planned.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=planned, ip=ip)
    return planned


@transaction.atomic
def activity_sign_up(
    *, account: RetireeAccount, planned: PlannedActivity, ip: str | None
) -> ActivitySignup:
    """Sign up for an upcoming activity of one's own team or workroom."""
    upcoming = own_upcoming_activities(account=account, today=clock.today())
    if not upcoming.filter(pk=planned.pk).exists():
        raise ValidationError(_("This activity is not open to you any more."))
    signup = stand(
        ActivitySignup,
        already=_("You have signed up already."),
        planned=planned,
        cadre=account.cadre,
    )
    audit_record(
        actor=account.user,
        action=AuditEvent.Action.CREATE,
        obj=signup,
        area=planned.area,
        ip=ip,
        detail={"event": "activity_signed_up", "planned": planned.pk},
    )
    return signup


@transaction.atomic
def activity_sign_up_withdraw(
    *, account: RetireeAccount, signup: ActivitySignup, ip: str | None
) -> ActivitySignup:
    """Take back one's own sign-up."""
    if signup.cadre_id != account.cadre_id:
        raise ValidationError(_("This is not your sign-up."))
    signup = (
        ActivitySignup.objects.select_for_update().select_related("planned__area").get(pk=signup.pk)
    )
    if signup.withdrawn_at is not None:
        raise ValidationError(_("You have withdrawn this sign-up already."))
    signup.withdrawn_at = clock.now()
    signup.save(update_fields=["withdrawn_at"])
    audit_record(
        actor=account.user,
        action=AuditEvent.Action.UPDATE,
        obj=signup,
        area=signup.planned.area,
        ip=ip,
        detail={"event": "activity_sign_up_withdrawn", "planned": signup.planned_id},
    )
    return signup
