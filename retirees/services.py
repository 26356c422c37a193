"""Writes of retirees' accounts: issuing an activation code, and redeeming it.

A code is eight digits, valid for ``CODE_VALID_DAYS`` days on the Beijing clock, used
once. Only its keyed hash is stored; the plain code is returned once, for the slip.
Redeeming it with the mobile number of the record opens the account (or, for an account
already open, sets a new password).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from cadres import services as registry
from cadres.models import Cadre
from cadres.validators import validate_mobile
from laoshan_portal import clock
from laoshan_portal.accounts.models import Role, User
from laoshan_portal.accounts.roles import role_group
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_record
from laoshan_portal.crypto import blind_index
from laoshan_portal.scoping import Scope

from .models import CORRECTABLE_FIELDS, ActivationCode, CorrectionRequest, RetireeAccount

CODE_VALID_DAYS = 14
CODE_DIGITS = 8


def code_hash(code: str) -> str:
    """The keyed hash a code is stored and looked up by (keyed with SECRET_KEY)."""
    return salted_hmac("retirees.activation-code", code.strip(), algorithm="sha256").hexdigest()


def _new_code() -> str:
    while True:
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        if not ActivationCode.objects.filter(code_hash=code_hash(code)).exists():
            return code


@dataclass(frozen=True)
class IssuedCode:
    """A code just issued: the row, and the plain code to print once."""

    activation: ActivationCode
    code: str


@transaction.atomic
def activation_issue(*, scope: Scope, actor: User, cadre: Cadre, ip: str | None) -> IssuedCode:
    """Issue a new code for ``cadre`` (in scope, active, with a mobile on record); the
    cadre's earlier unused codes stop working."""
    scope.require(cadre.area)
    if cadre.status != Cadre.Status.ACTIVE:
        raise ValidationError(_("Codes are issued only for active records."))
    if not cadre.mobile:
        raise ValidationError(
            _("The record has no mobile number: add it first, the retiree signs in with it.")
        )
    now = clock.now()
    ActivationCode.objects.filter(cadre=cadre, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    code = _new_code()
    activation = ActivationCode(
        cadre=cadre,
        code_hash=code_hash(code),
        issued_by=actor,
        issued_at=now,
        expires_at=now + timedelta(days=CODE_VALID_DAYS),
    )
    activation.full_clean()
    activation.save()
    reset = RetireeAccount.objects.filter(cadre=cadre).exists()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=activation,
        area=cadre.area,
        ip=ip,
        detail={"event": "activation_code_issued", "password_reset": reset},
    )
    return IssuedCode(activation, code)


def _usable_code(code: str) -> ActivationCode:
    """The code's row, locked; a Chinese error for an unknown, used or expired code."""
    activation = (
        ActivationCode.objects.select_for_update()
        .select_related("cadre", "cadre__area")
        .filter(code_hash=code_hash(code))
        .first()
    )
    if activation is None:
        raise ValidationError({"code": _("This code is not right. Please check the slip.")})
    if activation.used_at is not None:
        raise ValidationError(
            {"code": _("This code has been used already. Ask your community for a new one.")}
        )
    if activation.expires_at <= clock.now():
        raise ValidationError(
            {"code": _("This code has expired. Ask your community for a new one.")}
        )
    return activation


def _check_mobile(cadre: Cadre, mobile: str) -> None:
    try:
        number = validate_mobile(mobile)
    except ValidationError as error:
        raise ValidationError({"mobile": error.messages}) from None
    if not cadre.mobile_hash or blind_index(number) != cadre.mobile_hash:
        raise ValidationError(
            {"mobile": _("This is not the mobile number your community has on record.")}
        )


def _retiree_user(cadre: Cadre, account: RetireeAccount | None) -> User:
    user = account.user if account is not None else User(username=f"r{cadre.pk}")
    user.name, user.area, user.role = cadre.name, cadre.area, Role.RETIREE
    user.is_staff, user.is_superuser, user.is_active = False, False, True
    return user


@transaction.atomic
def activation_redeem(*, code: str, mobile: str, password: str, ip: str | None) -> RetireeAccount:
    """Open the account of the code's cadre with ``password`` (or set a new one), once."""
    activation = _usable_code(code)
    cadre = activation.cadre
    _check_mobile(cadre, mobile)
    account = RetireeAccount.objects.select_related("user").filter(cadre=cadre).first()
    user = _retiree_user(cadre, account)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password1": error.messages}) from None
    now = clock.now()
    user.set_password(password)
    user.password_changed_at = now
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set([role_group(Role.RETIREE)])
    first = account is None
    if account is None:
        account = RetireeAccount.objects.create(user=user, cadre=cadre, activated_at=now)
    activation.used_at = now
    activation.save(update_fields=["used_at"])
    audit_record(
        actor=user,
        action=AuditEvent.Action.CREATE if first else AuditEvent.Action.UPDATE,
        obj=account,
        area=cadre.area,
        ip=ip,
        detail={"event": "retiree_activated" if first else "retiree_password_reset"},
    )
    return account


def retiree_open_demo(*, cadre: Cadre, password: str) -> RetireeAccount:
    """The demo's shortcut: the account of ``cadre`` open with ``password``, no code."""
    account = RetireeAccount.objects.select_related("user").filter(cadre=cadre).first()
    user = _retiree_user(cadre, account)
    if not user.check_password(password):  # a second run leaves the password's history
        user.set_password(password)
        user.password_changed_at = clock.now()
    user.save()
    user.groups.set([role_group(Role.RETIREE)])
    if account is None:
        account = RetireeAccount.objects.create(user=user, cadre=cadre, activated_at=clock.now())
    return account


@transaction.atomic
def correction_request(
    *, account: RetireeAccount, field: str, new_value: str, ip: str | None
) -> CorrectionRequest:
    """A retiree asks for one field of their own record to be corrected; nothing changes
    until the community approves it."""
    if field not in CORRECTABLE_FIELDS:
        raise ValidationError({"field": _("This field cannot be corrected here.")})
    correction = CorrectionRequest(
        cadre=account.cadre, field=field, new_value=new_value.strip(), requested_at=clock.now()
    )
    correction.full_clean()
    correction.save()
    audit_record(
        actor=account.user,
        action=AuditEvent.Action.CREATE,
        obj=correction,
        area=account.cadre.area,
        ip=ip,
        detail={"event": "correction_requested", "field": field},
    )
    return correction


@transaction.atomic
def correction_decide(
    *, scope: Scope, actor: User, correction: CorrectionRequest, approve: bool, ip: str | None
) -> CorrectionRequest:
    """The community approves (the record is updated through the registry's own service)
    or declines a pending correction."""
    scope.require(correction.cadre.area)
    if correction.status != CorrectionRequest.Status.PENDING:
        raise ValidationError(_("This request has been decided already."))
    if approve:
        registry.cadre_update(
            scope=scope,
            actor=actor,
            cadre=correction.cadre,
            data={correction.field: correction.new_value},
            ip=ip,
        )
    correction.status = (
        CorrectionRequest.Status.APPROVED if approve else CorrectionRequest.Status.REJECTED
    )
    correction.decided_by, correction.decided_at = actor, clock.now()
    correction.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=correction,
        area=correction.cadre.area,
        ip=ip,
        detail={"event": "correction_decided", "status": correction.status},
    )
    return correction
