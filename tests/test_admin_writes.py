"""The admin writes nothing beside the services.

Walks the admin registry as every role (and a superuser), the way test_scope_urls walks
the URLs; only a district administrator and a superuser reach it at all
(tests/test_admin_access.py). An admin offers add, change or delete only where its
save_model/delete_model call the service that validates, derives fields and writes the
audit trail, and whatever is saved through it leaves the same audit event as the portal's
page would.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cadres.models import Cadre, SpecialtyTag
from laoshan_portal.accounts.models import Area, Role, User
from laoshan_portal.accounts.selectors import scope_for_user
from laoshan_portal.admin import ReferenceListAdmin, ScopedModelAdmin
from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from tests.conftest import ROLE_NAMES, client_for
from tests.factories.accounts import StaffFactory
from tests.factories.cadres import CadreFactory
from tests.factories.scoped import SCOPED_MODELS, object_in

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
# Every write an admin may offer, and the service its save_model/delete_model call.
SERVICE_WRITES = {
    "accounts.Area": {"add", "change"},  # accounts.services.area_create / area_update
}


def _as(user: User, scope: Scope) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    request.scope = scope  # type: ignore[attr-defined]
    return request


def _users(roles: Any) -> dict[str, User]:
    found = {name: getattr(roles, name) for name in ROLE_NAMES}
    root = User.objects.create_superuser("root", password="x" * 12)
    root.password_changed_at = timezone.now()
    root.save()
    found["superuser"] = root
    return found


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTRY, ids=lambda v: getattr(v, "__name__", "")
)
def test_an_admin_offers_only_the_writes_a_service_does(
    model: Any, model_admin: Any, tree: Any, roles: Any
) -> None:
    label = model._meta.label
    for name, user in _users(roles).items():
        request = _as(user, scope_for_user(user))
        offered = {
            operation
            for operation, allowed in [
                ("add", model_admin.has_add_permission(request)),
                ("change", model_admin.has_change_permission(request, None)),
                ("delete", model_admin.has_delete_permission(request, None)),
            ]
            if allowed
        }
        if isinstance(model_admin, ReferenceListAdmin):
            # Portal-wide lists: saved and deleted through reference_lists, audited.
            assert type(model_admin).save_model is ReferenceListAdmin.save_model
            assert type(model_admin).delete_model is ReferenceListAdmin.delete_model
            continue
        assert isinstance(model_admin, ScopedModelAdmin), f"{label}: not a scoped admin"
        assert offered <= SERVICE_WRITES.get(label, set()), f"{label} offers {offered} to {name}"
        assert offered <= model_admin.service_writes


@pytest.mark.parametrize("role_name", [*ROLE_NAMES, "superuser"])
def test_no_admin_change_view_saves_a_scoped_object(role_name: str, tree: Any, roles: Any) -> None:
    user = _users(roles)[role_name]
    client = client_for(user)
    for model, model_admin in REGISTRY:
        label = model._meta.label
        if "change" in SERVICE_WRITES.get(label, set()) or model not in SCOPED_MODELS:
            continue
        if isinstance(model_admin, ReferenceListAdmin):
            continue
        obj = object_in(model, tree.ruidu)
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        before = AuditEvent.objects.count()
        response = client.post(url, {"name": "李四", "title": "改", "_save": "1"})
        assert response.status_code in {403, 404}, (
            f"{label}: {response.status_code} for {role_name}"
        )
        assert AuditEvent.objects.count() == before


def test_an_administrator_cannot_rename_a_cadre_in_the_admin(tree: Any, roles: Any) -> None:
    cadre = CadreFactory(area=tree.ruidu, name="张晓松")
    client = client_for(roles.district_admin)
    url = reverse("admin:cadres_cadre_change", args=[cadre.pk])
    page = client.get(url)
    assert page.status_code == 200  # readable in scope
    assert b'name="name"' not in page.content  # no input to type into
    response = client.post(url, {"name": "李四", "area": tree.ruidu.pk, "_save": "1"})
    assert response.status_code == 403
    cadre.refresh_from_db()
    assert (cadre.name, cadre.name_pinyin, cadre.name_initials) == (
        "张晓松",
        "zhangxiaosong",
        "zxs",
    )
    assert (
        client.post(
            reverse("admin:cadres_cadre_delete", args=[cadre.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Cadre.objects.filter(pk=cadre.pk).exists()


def test_an_area_saved_in_the_admin_is_audited_like_the_page(tree: Any, roles: Any) -> None:
    client = client_for(roles.district_admin)
    response = client.post(
        reverse("admin:accounts_area_add"),
        {"parent": tree.ruidu.pk, "code": "RD-9", "name": "瑞都新苑小区", "level": "compound"},
    )
    assert response.status_code == 302
    area = Area.objects.get(code="RD-9")
    created = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(area.pk))
    assert (created.username, created.object_type, created.area_id) == (
        "admin",
        "accounts.Area",
        area.pk,
    )
    response = client.post(
        reverse("admin:accounts_area_change", args=[area.pk]),
        {"parent": tree.ruidu.pk, "code": "RD-9", "name": "瑞都新苑", "level": "compound"},
    )
    assert response.status_code == 302
    assert (
        AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(area.pk)).count()
        == 1
    )
    # The portal's page writes the same event through the same service.
    page = client_for(roles.street_staff).post(
        reverse("accounts:area_child_create", kwargs={"code": tree.miaoling.code}),
        {"code": "ML-1", "name": "苗岭小区", "level": "compound"},
    )
    assert page.status_code == 302
    made = Area.objects.get(code="ML-1")
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_id=str(made.pk), username="street"
    ).exists()


def test_a_reference_list_entry_saved_in_the_admin_is_audited(tree: Any, roles: Any) -> None:
    client = client_for(roles.district_admin)
    response = client.post(
        reverse("admin:cadres_specialtytag_add"), {"name": "书法", "sort_order": 90}
    )
    assert response.status_code == 302
    tag = SpecialtyTag.objects.get(name="书法")
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="cadres.SpecialtyTag", object_id=str(tag.pk)
    ).exists()
    # A secretary, or an administrator of a street, is refused the admin altogether.
    street_admin = StaffFactory(username="street_admin", area=tree.jinjialing, role=Role.ADMIN)
    for user in (roles.secretary_a, street_admin):
        denied = client_for(user).post(
            reverse("admin:cadres_specialtytag_change", args=[tag.pk]),
            {"name": "改", "sort_order": 1},
        )
        assert denied.status_code == 404
    tag.refresh_from_db()
    assert tag.name == "书法"
