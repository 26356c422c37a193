"""What an offer to help and an activity sign-up share: a row per cadre and thing, that
stands until the retiree withdraws it, and stands again when they sign up once more."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError

from laoshan_portal import clock

from .models import ActivitySignup, NeedOffer, RetireeAccount

S = TypeVar("S", NeedOffer, ActivitySignup)


def stand(model: type[S], *, already: str, **lookup: Any) -> S:
    """The row of ``lookup`` standing from now: made, or standing again after a withdrawal;
    ``already`` is the error when it stands already. Call inside a transaction."""
    row, created = model.objects.select_for_update().get_or_create(
        **lookup, defaults={"created_at": clock.now()}
    )
    if not created:
        if row.withdrawn_at is None:
            raise ValidationError(already)
        row.created_at, row.withdrawn_at = clock.now(), None
        row.save(update_fields=["created_at", "withdrawn_at"])
    return row


def withdraw(model: type[S], row: S, *, account: RetireeAccount, not_yours: str, already: str) -> S:
    """The retiree's own ``row``, withdrawn now (re-read under a lock). Call inside a
    transaction."""
    if row.cadre_id != account.cadre_id:
        raise ValidationError(not_yours)
    row = model.objects.select_for_update().get(pk=row.pk)
    if row.withdrawn_at is not None:
        raise ValidationError(already)
    row.withdrawn_at = clock.now()
    row.save(update_fields=["withdrawn_at"])
    return row
