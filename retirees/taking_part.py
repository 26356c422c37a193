"""Writes of a retiree taking part: offering to help on a need (报名) and withdrawing,
and 建言献策, a proposal to the community, which the community adopts or declines.

Every write is audited, filed under the place it concerns.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cadres.models import Need
from laoshan_portal import clock
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.scoping import Scope

from .models import NeedOffer, Proposal, RetireeAccount
from .selectors import own_matching_needs
from .standing import stand, withdraw


@transaction.atomic
def need_offer(*, account: RetireeAccount, need: Need, ip: str | None) -> NeedOffer:
    """ "I can help" on one of the needs the retiree is shown; offering again after a
    withdrawal stands again."""
    if not own_matching_needs(account=account, today=clock.today()).filter(pk=need.pk).exists():
        raise ValidationError(_("This need is not open to you any more."))
    offer = stand(
        NeedOffer, already=_("You have offered to help already."), need=need, cadre=account.cadre
    )
    audit_record(
        actor=account.user,
        action=AuditEvent.Action.CREATE,
        obj=offer,
        area=need.area,
        ip=ip,
        detail={"event": "need_offered", "need": need.pk},
    )
    return offer


@transaction.atomic
def need_offer_withdraw(*, account: RetireeAccount, offer: NeedOffer, ip: str | None) -> NeedOffer:
    """Take back one's own offer; an assignment the secretary made stays as it is."""
    offer = withdraw(
        NeedOffer,
        offer,
        account=account,
        not_yours=_("This is not your offer."),
        already=_("You have withdrawn this offer already."),
    )
    audit_record(
        actor=account.user,
        action=AuditEvent.Action.UPDATE,
        obj=offer,
        area=offer.need.area,
        ip=ip,
        detail={"event": "need_offer_withdrawn", "need": offer.need_id},
    )
    return offer


@transaction.atomic
def proposal_submit(*, account: RetireeAccount, title: str, text: str, ip: str | None) -> Proposal:
    """A retiree's proposal to their community (建言献策)."""
    proposal = Proposal(
        cadre=account.cadre,
        area=account.cadre.area,
        title=title.strip(),
        text=text.strip(),
        submitted_at=clock.now(),
    )
    proposal.full_clean()
    proposal.save()
    audit_record(
        actor=account.user,
        action=AuditEvent.Action.CREATE,
        obj=proposal,
        area=proposal.area,
        ip=ip,
        detail={"event": "proposal_submitted"},
    )
    return proposal


@transaction.atomic
def proposal_decide(
    *,
    scope: Scope,
    actor: Any,
    proposal: Proposal,
    adopt: bool,
    reply: str,
    ip: str | None = None,
) -> Proposal:
    """The community adopts or declines a submitted proposal, with a reply the retiree reads."""
    scope.require(proposal.area)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.SUBMITTED:
        raise ValidationError(_("This proposal has been answered already."))
    if not reply.strip():
        raise ValidationError({"reply": _("Write a reply for the proposer.")})
    proposal.status = Proposal.Status.ADOPTED if adopt else Proposal.Status.DECLINED
    proposal.reply = reply.strip()
    proposal.decided_by, proposal.decided_at = actor, clock.now()
    proposal.full_clean()
    proposal.save(update_fields=["status", "reply", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=proposal,
        area=proposal.area,
        ip=ip,
        detail={"event": "proposal_decided", "status": proposal.status},
    )
    return proposal
