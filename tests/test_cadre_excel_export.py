"""The registry's Excel export: scoped, masked unless asked for in full, formulas neutralised."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from django.urls import reverse

from cadres.importing.layout import COLUMNS
from laoshan_portal.accounts.models import Role
from laoshan_portal.audit.models import AuditEvent
from tests.conftest import client_for
from tests.excel_helpers import exported
from tests.factories.accounts import StaffFactory
from tests.factories.cadres import IdentifiedCadreFactory, id_number_for


def _registry(tree: Any) -> None:
    IdentifiedCadreFactory(
        area=tree.ruidu,
        name="瑞都甲",
        id_number=id_number_for("19500101", "111"),
        mobile="13912345678",
    )
    IdentifiedCadreFactory(
        area=tree.qiantaiju, name="千泰乙", id_number=id_number_for("19510101", "222")
    )
    IdentifiedCadreFactory(
        area=tree.miaoling, name="苗岭丙", id_number=id_number_for("19520101", "333")
    )
    IdentifiedCadreFactory(
        area=tree.wushan, name="午山丁", id_number=id_number_for("19530101", "444")
    )


def _names(sheet: Any) -> set[str]:
    return {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_it_exports_only_the_users_area(tree: Any, roles: Any) -> None:
    _registry(tree)
    street = exported(client_for(roles.street_staff).get(reverse("cadres:export")))
    assert _names(street) == {"瑞都甲", "千泰乙", "苗岭丙"}
    secretary = roles.secretary_a
    secretary.user_permissions.add(Permission.objects.get(codename="export_data"))
    community = exported(client_for(secretary).get(reverse("cadres:export")))
    assert _names(community) == {"瑞都甲", "千泰乙"}
    filtered = client_for(roles.street_staff).get(reverse("cadres:export"), {"q": "苗岭"})
    assert _names(exported(filtered)) == {"苗岭丙"}


def test_it_refuses_export_to_roles_without_the_permission(tree: Any, clients: Any) -> None:
    assert clients["viewer"].get(reverse("cadres:export")).status_code == 403
    assert clients["secretary_a"].get(reverse("cadres:export")).status_code == 403


def test_it_masks_sensitive_columns_without_view_sensitive(tree: Any, roles: Any) -> None:
    _registry(tree)
    id_number = id_number_for("19500101", "111")
    exporter = StaffFactory(area=tree.jinjialing, role=Role.VIEWER)
    exporter.user_permissions.add(Permission.objects.get(codename="export_data"))
    id_col = [c.header for c in COLUMNS].index("身份证号")
    mobile_col = [c.header for c in COLUMNS].index("联系电话")

    def row_of(sheet: Any) -> tuple[Any, ...]:
        return next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "瑞都甲")

    masked = row_of(exported(client_for(exporter).get(reverse("cadres:export"))))
    assert masked[id_col] == f"{id_number[:4]}**********{id_number[-4:]}"
    assert masked[mobile_col] == "139****5678"
    # Masked by default even for a role that may see the full values.
    street = client_for(roles.street_staff)
    default = row_of(exported(street.get(reverse("cadres:export"))))
    assert (default[id_col], default[mobile_col]) == (masked[id_col], masked[mobile_col])
    # In full only by an explicit choice, with the reason entered.
    full_url = reverse("cadres:export_full") + "?q=瑞都甲"
    assert client_for(exporter).get(full_url).status_code == 403
    assert "包含完整身份证号和电话" in street.get(full_url).content.decode()
    refused = street.post(full_url, {"full": "on", "reason": " "})
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    full_response = street.post(full_url, {"full": "on", "reason": "社区换届核对党员信息"})
    full = row_of(exported(full_response))
    assert (full[id_col], full[mobile_col]) == (id_number, "13912345678")
    events = AuditEvent.objects.filter(action="export").order_by("pk")
    assert [(e.detail["rows"], e.detail["sensitive_in_full"]) for e in events] == [
        (3, False),
        (3, False),
        (1, True),  # the filter of the list page went with it
    ]
    assert events[0].user == exporter
    assert events[2].detail["reason"] == "社区换届核对党员信息"


def test_it_neutralises_formulas_in_exported_text(tree: Any, roles: Any) -> None:
    IdentifiedCadreFactory(
        area=tree.ruidu,
        name="公式",
        id_number=id_number_for("19500101", "111"),
        former_unit='=HYPERLINK("http://evil.example","点我")',
        former_post="+1+1",
        rank="@SUM(A1)",
        address="-2+3",
    )
    response = client_for(roles.street_staff).get(reverse("cadres:export"))
    sheet = exported(response)
    headers = [c.header for c in COLUMNS]
    for header in ("原工作单位", "原职务", "职级", "家庭住址"):
        cell = sheet.cell(row=2, column=headers.index(header) + 1)
        assert cell.data_type == "s", header
        assert cell.quotePrefix, header
    assert sheet.cell(row=2, column=headers.index("原职务") + 1).value == "+1+1"


def test_it_exports_with_a_fixed_number_of_queries(
    tree: Any, roles: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(roles.street_staff)
    # Queries (the session, the account and its permissions come from the cache):
    # savepoint; areas in scope, the scope's own ancestors (names
    # of the street columns); the records (one chunk), their specialties, their kinds of
    # service; the audit chain's last hash, the audit entry; release.
    client.get(reverse("home"))  # the session's first refresh happens here, not below
    for size in (1, 6):
        for n in range(size):
            IdentifiedCadreFactory(
                area=tree.ruidu,
                name=f"人{size}{n}",
                id_number=id_number_for("19500101", f"{size}{n}1"),
            )
        with django_assert_num_queries(9):
            response = client.get(reverse("cadres:export"))
        assert len(_names(exported(response))) == {1: 1, 6: 7}[size]
