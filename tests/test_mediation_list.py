"""The list of mediation cases: scope, filters, pages, the Excel export and the figures.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from laoshan_portal.audit.models import AuditEvent
from laoshan_portal.scoping import Scope
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory
from tests.factories.mediation import RegisteredCaseFactory, case_settle
from tests.factories.volunteering import MediationTeamFactory
from volunteering.mediation import services
from volunteering.mediation.selectors import mediation_figures

EVERYTHING = Scope(area=None, unrestricted=True)
TODAY = timezone.localdate()
_serial = itertools.count()


@pytest.fixture
def teams(tree: Any) -> dict[str, Any]:
    return {
        "ruidu": MediationTeamFactory(area=tree.ruidu, name="瑞都和事佬调解队"),
        "miaoling": MediationTeamFactory(area=tree.miaoling, name="苗岭和事佬调解队"),
        "wushan": MediationTeamFactory(area=tree.wushan, name="午山和事佬调解队"),
    }


def _case(area: Any, team: Any, **fields: Any) -> Any:
    return RegisteredCaseFactory(
        area=area,
        team=team,
        mediators=[CadreFactory(area=area)],
        summary=fields.pop("summary", f"纠纷{next(_serial)}"),
        **fields,
    )


def _numbers(response: Any) -> set[str]:
    return {case.number for case in response.context["page"]}


def test_it_lists_only_the_cases_in_scope(tree: Any, roles: Any, teams: Any) -> None:
    mine = _case(tree.qiantaiju, teams["ruidu"])
    theirs = _case(tree.wushan, teams["wushan"])
    assert _numbers(client_for(roles.secretary_a).get(reverse("mediation:case_list"))) == {
        mine.number
    }
    assert _numbers(client_for(roles.secretary_b).get(reverse("mediation:case_list"))) == {
        theirs.number
    }
    both = client_for(roles.viewer).get(reverse("mediation:case_list"))
    assert _numbers(both) == {mine.number, theirs.number}
    assert "登记纠纷" not in both.content.decode()  # the viewer cannot register
    assert client_for(None).get(reverse("mediation:case_list")).status_code == 302


def test_it_filters_by_area_dates_category_status_and_team(
    tree: Any, roles: Any, teams: Any
) -> None:
    old = _case(tree.qiantaiju, teams["ruidu"], received_on=date(2025, 5, 1), category="contract")
    new = _case(tree.ruidu, teams["ruidu"], received_on=date(2026, 1, 10))
    miaoling = _case(tree.miaoling, teams["miaoling"], received_on=date(2026, 1, 12))
    services.record_create(
        scope=EVERYTHING, actor=None, case=new, date=date(2026, 1, 11), content="谈"
    )
    client = client_for(roles.street_staff)
    url = reverse("mediation:case_list")
    assert _numbers(client.get(url, {"area": tree.qiantaiju.pk})) == {old.number}
    assert _numbers(client.get(url, {"area": tree.ruidu.pk})) == {old.number, new.number}
    assert _numbers(client.get(url, {"received_from": "2026-01-01"})) == {
        new.number,
        miaoling.number,
    }
    assert _numbers(client.get(url, {"received_to": "2025-12-31"})) == {old.number}
    assert _numbers(client.get(url, {"category": "contract"})) == {old.number}
    assert _numbers(client.get(url, {"status": "mediating"})) == {new.number}
    assert _numbers(client.get(url, {"team": teams["miaoling"].pk})) == {miaoling.number}
    # A team or area outside the scope is not a choice: the filter is ignored, not obeyed.
    ignored = client.get(url, {"team": teams["wushan"].pk})
    assert _numbers(ignored) == {old.number, new.number, miaoling.number}
    assert client.get(url, {"received_from": "2024-02-30"}).status_code == 200


def test_it_pages_the_list(tree: Any, roles: Any, teams: Any) -> None:
    for _ in range(27):
        _case(tree.ruidu, teams["ruidu"])
    client = client_for(roles.secretary_a)
    first = client.get(reverse("mediation:case_list"))
    assert len(first.context["page"]) == 25 and first.context["page"].paginator.count == 27
    assert len(client.get(reverse("mediation:case_list"), {"page": 2}).context["page"]) == 2


def _grow(tree: Any, teams: Any, n: int) -> None:
    """``n`` more cases with parties, mediators, records and agreements (some reminders)."""
    for i in range(n):
        case = _case(tree.qiantaiju, teams["ruidu"], received_on=TODAY - timedelta(days=90))
        if i % 2:
            case_settle(case, on=TODAY - timedelta(days=40 + i))


def test_it_keeps_the_list_query_budget(
    tree: Any, roles: Any, teams: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(roles.secretary_a)
    url = reverse("mediation:case_list")
    # count; cases due (reminders); the page of cases with area and team; their parties;
    # their mediators (the filter's areas and teams are kept, read again by the warming
    # request)
    budget = 5
    for size in (3, 30):
        _grow(tree, teams, size)
        client.get(url)  # warm the session
        with django_assert_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["reminders"]) > 0


def test_it_keeps_the_case_page_query_budget(
    tree: Any, roles: Any, teams: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(roles.secretary_a)
    for parties in (1, 6):
        case = _case(
            tree.qiantaiju,
            teams["ruidu"],
            received_on=TODAY - timedelta(days=20),
            parties=[services.PartyData(f"当事人{i}", "applicant") for i in range(parties)],
        )
        for day in range(parties):
            services.record_create(
                scope=EVERYTHING, actor=None, case=case, date=TODAY - timedelta(days=10 - day),
                content="谈", mediators=case.mediators.all(),
            )  # fmt: skip
        url = reverse("mediation:case_detail", args=[case.pk])
        client.get(url)
        # the case (scope), the case again with area, team and registrar; its parties,
        # mediators, records, the records' mediators, agreement items, scans, follow-ups
        with django_assert_num_queries(9):
            assert client.get(url).status_code == 200


def test_it_exports_the_filtered_list_masked_and_audited(tree: Any, roles: Any, teams: Any) -> None:
    case = _case(tree.qiantaiju, teams["ruidu"], category="contract", summary="=HYPERLINK()")
    _case(tree.qiantaiju, teams["ruidu"], category="neighbourhood")
    _case(tree.wushan, teams["wushan"], category="contract")

    def sheet(user: Any, **params: str) -> list[tuple[Any, ...]]:
        response = client_for(user).get(reverse("mediation:case_export"), params)
        assert response.status_code == 200
        book = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content)))
        return list(book.active.iter_rows(values_only=True))

    rows = sheet(roles.street_staff, category="contract")
    assert rows[0][0] == "案件编号"
    assert [row[0] for row in rows[1:]] == [case.number]
    # Masked even for street staff, who may reveal contacts on the case page.
    assert "139****1234" in rows[1][7] and "13905321234" not in rows[1][7]
    assert rows[1][12] == "'=HYPERLINK()"  # no formula reaches the sheet
    event = AuditEvent.objects.get(action="export", user=roles.street_staff)
    assert event.detail["rows"] == 1 and event.detail["sensitive_in_full"] is False
    assert event.detail["filters"] == ["category"]

    admin_rows = sheet(roles.district_admin)
    assert len(admin_rows) == 4
    # Secretaries and viewers have no export at all.
    assert client_for(roles.secretary_a).get(reverse("mediation:case_export")).status_code == 403
    assert client_for(roles.viewer).get(reverse("mediation:case_export")).status_code == 403


def test_it_masks_contacts_in_an_export_for_users_without_view_sensitive(
    tree: Any, roles: Any, teams: Any
) -> None:
    from volunteering.mediation.documents import case_export

    _case(tree.qiantaiju, teams["ruidu"])
    out = BytesIO()
    count = case_export(
        scope=Scope(area=tree.laoshan, role="viewer"), actor=roles.viewer, params={}, out=out
    )
    assert count == 1
    book = openpyxl.load_workbook(BytesIO(out.getvalue()))
    row = list(book.active.iter_rows(values_only=True))[1]
    assert "139****1234" in row[7] and "13905321234" not in row[7]
    assert AuditEvent.objects.get(action="export").detail["sensitive_in_full"] is False


def test_it_computes_the_figures_in_one_query(
    tree: Any, teams: Any, django_assert_num_queries: Any
) -> None:
    start, end = TODAY - timedelta(days=100), TODAY
    for i in range(5):
        case = _case(tree.qiantaiju, teams["ruidu"], received_on=TODAY - timedelta(days=50))
        if i < 3:
            case_settle(case, on=TODAY - timedelta(days=40), kind="oral")
    failed = _case(tree.ruidu, teams["ruidu"], category="contract", received_on=start)
    services.record_create(scope=EVERYTHING, actor=None, case=failed, date=start, content="谈")
    services.case_close(
        scope=EVERYTHING, actor=None, case=failed, outcome="failed", closed_on=start,
        outcome_notes="拒绝",
    )  # fmt: skip
    _case(tree.ruidu, teams["ruidu"], received_on=start - timedelta(days=1))  # before
    _case(tree.wushan, teams["wushan"], received_on=TODAY)  # another street
    scope = Scope(area=tree.jinjialing, role="street_staff")
    with django_assert_num_queries(1):
        figures = mediation_figures(scope=scope, start=start, end=end)
    assert (figures["received"], figures["resolved"], figures["settled"]) == (6, 4, 3)
    assert figures["success_rate"] == Decimal("75.0")
    assert figures["by_category"]["neighbourhood"] == 5
    assert figures["by_category"]["contract"] == 1
    assert figures["by_category"]["other"] == 0
    assert figures["by_outcome"] == {"success": 3, "failed": 1, "referred": 0}
    empty = mediation_figures(scope=scope, start=date(2000, 1, 1), end=date(2000, 12, 31))
    assert empty["received"] == 0 and empty["success_rate"] is None
