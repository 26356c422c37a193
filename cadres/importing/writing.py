"""The import itself: the file checked again, then its rows written all or nothing, audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from laoshan_portal.accounts.selectors import scope_for_user
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.audit.services import audit_append, audit_record
from laoshan_portal.scoping import Scope
from laoshan_portal.signals import bulk_change

from ..models import Cadre, CadreEvent
from .checking import CHUNK, check_file
from .rows import ImportRow
from .uploads import progress_key, read_meta, update_meta, upload_path


@transaction.atomic
def cadre_import_rows(
    *,
    scope: Scope,
    actor: Any,
    rows: list[ImportRow],
    filename: str = "",
    ip: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create checked rows in bulk: what ``cadre_create`` does, a thousand rows at a time."""
    for row in rows:
        # The scope again, as every service does: the file was checked against it, but
        # a service must not trust its caller.
        if not scope.contains(row.cadre.area):
            raise ValidationError(_("The chosen area is outside your area."))
    user = actor if getattr(actor, "is_authenticated", False) else None
    username = getattr(actor, "username", "") or ""
    summary = _("Record created")
    label = Cadre._meta.label
    specialty_link = Cadre.specialties.through
    service_link = Cadre.service_kinds.through
    done = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        cadres = Cadre.objects.bulk_create([row.cadre for row in chunk])
        specialty_link.objects.bulk_create(
            [
                specialty_link(cadre_id=cadre.pk, specialtytag_id=pk)
                for cadre, row in zip(cadres, chunk, strict=True)
                for pk in row.specialties
            ]
        )
        service_link.objects.bulk_create(
            [
                service_link(cadre_id=cadre.pk, servicekind_id=pk)
                for cadre, row in zip(cadres, chunk, strict=True)
                for pk in row.service_kinds
            ]
        )
        CadreEvent.objects.bulk_create(
            [CadreEvent(cadre=cadre, kind="created", by=user, summary=summary) for cadre in cadres]
        )
        # One audit entry per record, as cadre_create writes, plus the import's own below.
        audit_append(
            [
                AuditEvent(
                    user=user,
                    username=username,
                    ip=ip,
                    action=AuditEvent.Action.CREATE,
                    object_type=label,
                    object_id=str(cadre.pk),
                    object_repr=str(cadre)[:200],
                    area=cadre.area,
                    detail={"import": True},
                )
                for cadre in cadres
            ]
        )
        done += len(cadres)
        if progress:
            progress(done)
    bulk_change.send(sender=Cadre)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        area=scope.area,
        ip=ip,
        detail={"created": done, "rows": len(rows), "file": filename[:100]},
    )
    return done


def import_run(*, token: str, user_id: int, ip: str | None = None) -> dict[str, Any]:
    """Check the kept file again and write it, all or nothing; progress goes to the cache."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=user_id)
    scope = scope_for_user(user)
    path = upload_path(token, user)
    meta = read_meta(token) or {}
    if path is None:
        return update_meta(token, state="failed", message=_("The uploaded file is gone."))

    def report(phase: str, done: int, total: int) -> None:
        cache.set(progress_key(token), {"phase": phase, "done": done, "total": total}, 3600)

    total_hint = int(meta.get("total") or 0)
    report("checking", 0, total_hint)
    result = check_file(
        path,
        scope=scope,
        keep_rows=True,
        progress=lambda n: report("checking", n, total_hint),
    )
    if not result.is_valid:
        audit_record(
            actor=user,
            action=AuditEvent.Action.IMPORT,
            area=scope.area,
            ip=ip,
            succeeded=False,
            detail={"rows": result.total, "bad_rows": result.bad_rows, "created": 0},
        )
        return update_meta(token, state="failed", result=result.summary())
    try:
        created = cadre_import_rows(
            scope=scope,
            actor=user,
            rows=result.rows,
            filename=meta.get("filename", ""),
            ip=ip,
            progress=lambda n: report("writing", n, result.good),
        )
    except (IntegrityError, ValidationError):
        return update_meta(
            token,
            state="failed",
            message=_(
                "Someone registered one of these people while the file was being imported; "
                "nothing was saved. Check the file again."
            ),
        )
    path.unlink(missing_ok=True)
    report("done", created, created)
    return update_meta(token, state="done", created=created)
