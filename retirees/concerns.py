"""我要反映: a retiree raises a concern of their own; the community handles it once, by
opening a mediation case, logging a care visit with a follow-up, or answering it.

The case and the visit are made by their own apps' services, so their rules and audit
apply; the concern keeps a link to what it became.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import Cadre
from care import services as care
from care.models import Visit
from laoshan_portal import clock
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.scoping import Scope
from volunteering.mediation import services as mediation
from volunteering.mediation.models import MediationCase, Party
from volunteering.models import Team

from .models import Concern, RetireeAccount

CARE_FOLLOW_UP_DAYS = 7  # the visit logged for a concern asks for a follow-up within a week

CASE_CATEGORY: dict[str, str] = {
    Concern.Kind.FAMILY: MediationCase.Category.MARRIAGE_FAMILY,
    Concern.Kind.HOUSING: MediationCase.Category.HOUSING_LAND,
    Concern.Kind.NEIGHBOUR: MediationCase.Category.NEIGHBOURHOOD,
}
VISIT_KIND: dict[str, str] = {
    Concern.Kind.HEALTH: Visit.Kind.ILLNESS,
    Concern.Kind.HOUSING: Visit.Kind.HARDSHIP,
    Concern.Kind.FAMILY: Visit.Kind.HARDSHIP,
}


@transaction.atomic
def concern_raise(
    *, account: RetireeAccount, kind: str, text: str, may_phone: bool, ip: str | None
) -> Concern:
    """A retiree's concern, to the community they live in."""
    concern = Concern(
        cadre=account.cadre,
        area=account.cadre.area,
        kind=kind,
        text=text.strip(),
        may_phone=may_phone,
        raised_at=clock.now(),
    )
    concern.full_clean()
    concern.save()
    audit_record(
        actor=account.user,
        action=AuditEvent.Action.CREATE,
        obj=concern,
        area=concern.area,
        ip=ip,
        detail={"event": "concern_raised", "kind": kind},
    )
    return concern


def _open_locked(scope: Scope, concern: Concern) -> Concern:
    scope.require(concern.area)
    concern = Concern.objects.select_for_update().select_related("cadre").get(pk=concern.pk)
    if concern.status != Concern.Status.OPEN:
        raise ValidationError(_("This concern has been handled already."))
    return concern


def _handled(
    concern: Concern, actor: Any, status: str, reply: str, ip: str | None, **detail: Any
) -> Concern:
    concern.status, concern.reply = status, reply.strip()
    concern.handled_by, concern.handled_at = actor, clock.now()
    concern.full_clean()
    concern.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=concern,
        area=concern.area,
        ip=ip,
        detail={"event": "concern_handled", "status": status, **detail},
    )
    return concern


@transaction.atomic
def concern_close(
    *, scope: Scope, actor: Any, concern: Concern, reply: str, ip: str | None = None
) -> Concern:
    """Answer the concern and close it: the reply is what the retiree reads."""
    concern = _open_locked(scope, concern)
    if not reply.strip():
        raise ValidationError({"reply": _("Write a reply for the retiree.")})
    return _handled(concern, actor, Concern.Status.CLOSED, reply, ip)


@transaction.atomic
def concern_to_mediation(
    *,
    scope: Scope,
    actor: Any,
    concern: Concern,
    team: Team,
    mediators: Sequence[Cadre],
    reply: str = "",
    ip: str | None = None,
) -> Concern:
    """Register a mediation case for the concern: the retiree is the applicant, their
    words the summary; the phone is given only if they allowed it."""
    concern = _open_locked(scope, concern)
    cadre = concern.cadre
    case = mediation.case_create(
        scope=scope,
        actor=actor,
        area=concern.area,
        received_on=clock.today(),
        category=CASE_CATEGORY.get(concern.kind, MediationCase.Category.OTHER),
        source=MediationCase.Source.APPLICATION,
        team=team,
        mediators=mediators,
        summary=concern.text,
        parties=[
            mediation.PartyData(
                name=cadre.name,
                role=Party.Role.APPLICANT,
                phone=cadre.mobile if concern.may_phone else "",
            )
        ],
        ip=ip,
    )
    concern.mediation_case = case
    reply = reply or _("Your community has passed this to its mediators: %(number)s.") % {
        "number": case.number
    }
    return _handled(concern, actor, Concern.Status.MEDIATION, reply, ip, case=case.pk)


@transaction.atomic
def concern_to_care(
    *, scope: Scope, actor: Any, concern: Concern, reply: str = "", ip: str | None = None
) -> Concern:
    """Log today's contact as a care visit that records the concern as the need raised
    and asks for a follow-up visit within a week (it shows among the visits due)."""
    concern = _open_locked(scope, concern)
    today = clock.today()
    visit = care.visit_create(
        scope=scope,
        actor=actor,
        cadre=concern.cadre,
        data={
            "date": today,
            "kind": VISIT_KIND.get(concern.kind, Visit.Kind.ROUTINE),
            "needs_raised": concern.text[:1000],
            "follow_up": True,
            "follow_up_by": today + timedelta(days=CARE_FOLLOW_UP_DAYS),
        },
        ip=ip,
    )
    concern.care_visit = visit
    reply = reply or _("Your community will visit you about this.")
    return _handled(concern, actor, Concern.Status.CARE, reply, ip, visit=visit.pk)
