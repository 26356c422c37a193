"""The registry list's floor: what a signed-in page reads from the cache, and that each kept
value is forgotten the moment what it was derived from changes (laoshan_portal.kept)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from cadres.models import SpecialtyTag
from laoshan_portal import clock
from laoshan_portal.accounts.models import Role
from laoshan_portal.accounts.services import area_update, staff_assign
from laoshan_portal.scoping import Scope
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory

LIST = reverse("cadres:cadre_list")
EVERYTHING = Scope(area=None, unrestricted=True)


def _today() -> date:
    return clock.today()


def _born_75_years_ago() -> date:
    return date(clock.today().year - 75, 1, 1)


def _total(client: Any, params: dict[str, str] | None = None) -> int:
    response = client.get(LIST, params or {})
    assert response.status_code == 200
    count: int = response.context["page"].paginator.count
    return count


def test_the_whole_district_page_takes_two_queries(
    tree: Any, roles: Any, django_assert_num_queries: Any
) -> None:
    CadreFactory.create_batch(30, area=tree.qiantaiju)
    client = client_for(roles.district_admin)
    client.get(LIST)
    # page rows, their specialty links; the session, the account with its area and its
    # permissions, the areas in scope, the unfiltered total and the specialty and kind
    # lists are kept
    with django_assert_num_queries(2):
        assert client.get(LIST).status_code == 200


def test_the_street_page_of_an_age_band_takes_two_queries_once_counted(
    tree: Any, roles: Any, django_assert_num_queries: Any
) -> None:
    CadreFactory.create_batch(30, area=tree.qiantaiju, birth_date=_born_75_years_ago())
    client = client_for(roles.street_staff)
    client.get(LIST)
    # the two above, and the filtered total, counted exactly the first time
    with django_assert_num_queries(3):
        assert client.get(LIST, {"age": "70-79"}).status_code == 200
    # then kept until a record or an area changes, for any order of the same list
    with django_assert_num_queries(2):
        assert client.get(LIST, {"age": "70-79", "sort": "-birth_date"}).status_code == 200


def test_a_new_record_changes_the_kept_total_at_once(tree: Any, roles: Any) -> None:
    CadreFactory.create_batch(3, area=tree.qiantaiju)
    client = client_for(roles.street_staff)
    assert _total(client) == 3
    CadreFactory(area=tree.miaoling)
    assert _total(client) == 4
    CadreFactory(area=tree.wushan)  # another street's: not counted here
    assert _total(client) == 4
    assert _total(client_for(roles.district_admin)) == 5


def test_filtered_totals_are_exact(tree: Any, roles: Any) -> None:
    CadreFactory.create_batch(2, area=tree.qiantaiju, birth_date=_born_75_years_ago())
    CadreFactory(area=tree.qiantaiju, birth_date=date(clock.today().year - 62, 1, 1))
    client = client_for(roles.street_staff)
    assert _total(client, {"age": "70-79"}) == 2
    CadreFactory(area=tree.miaoling, birth_date=_born_75_years_ago())
    assert _total(client, {"age": "70-79"}) == 3
    assert _total(client) == 4


def test_a_kept_filtered_total_follows_a_specialty_given(tree: Any, roles: Any) -> None:
    tag = SpecialtyTag.objects.create(name="书法")
    first, second = CadreFactory.create_batch(2, area=tree.qiantaiju)
    first.specialties.add(tag)
    client = client_for(roles.street_staff)
    assert _total(client, {"specialty": str(tag.pk)}) == 1
    second.specialties.add(tag)
    assert _total(client, {"specialty": str(tag.pk)}) == 2


def test_a_kept_age_band_total_moves_with_the_date(tree: Any, roles: Any, clock: Any) -> None:
    tomorrow = _today() + timedelta(days=1)
    # 79 today, 80 tomorrow: out of the 70–79 band from tomorrow on
    CadreFactory(area=tree.qiantaiju, birth_date=tomorrow.replace(year=tomorrow.year - 80))
    client = client_for(roles.street_staff)
    assert _total(client, {"age": "70-79"}) == 1
    clock.shift(timedelta(days=1))
    assert _total(client_for(roles.street_staff), {"age": "70-79"}) == 0


def test_an_area_moved_out_of_scope_leaves_the_list_at_once(tree: Any, roles: Any) -> None:
    moved = CadreFactory(area=tree.qiantaiju)
    CadreFactory(area=tree.miaoling)
    client = client_for(roles.street_staff)
    assert _total(client) == 2
    area_update(
        scope=EVERYTHING,
        actor=roles.district_admin,
        area=tree.ruidu,
        name=tree.ruidu.name,
        code=tree.ruidu.code,
        parent=tree.zhonghan,
    )
    response = client.get(LIST)
    assert response.context["page"].paginator.count == 1
    assert moved.name not in {row["name"] for row in response.context["rows"]}
    assert "千泰居小区" not in response.content.decode()
    assert client.get(reverse("cadres:cadre_detail", args=[moved.pk])).status_code == 404


def test_a_new_role_changes_the_navigation_at_once(tree: Any, roles: Any) -> None:
    log = f'href="{reverse("campaigns:log")}"'
    create = reverse("cadres:cadre_create")
    client = client_for(roles.viewer)
    assert log not in client.get(LIST).content.decode()
    assert client.get(create).status_code == 403
    staff_assign(
        scope=EVERYTHING,
        user=roles.viewer,
        name=roles.viewer.name,
        area=tree.jinjialing,
        role=Role.STREET_STAFF,
    )
    assert log in client.get(LIST).content.decode()
    assert client.get(create).status_code == 200


def test_another_account_signing_in_keeps_ones_permissions(
    tree: Any, roles: Any, django_assert_num_queries: Any
) -> None:
    CadreFactory.create_batch(3, area=tree.qiantaiju)
    client = client_for(roles.street_staff)
    client.get(LIST)
    client_for(roles.viewer)  # saves the viewer's last sign-in
    with django_assert_num_queries(2):
        client.get(LIST)


def test_a_new_area_changes_the_scope_at_once(tree: Any, roles: Any) -> None:
    client = client_for(roles.secretary_a)
    assert _total(client) == 0
    CadreFactory(area=tree.wushan)
    staff_assign(
        scope=EVERYTHING,
        user=roles.secretary_a,
        name=roles.secretary_a.name,
        area=tree.wushan,
        role=roles.secretary_a.role,
    )
    assert _total(client) == 1


def test_a_new_specialty_is_offered_at_once(tree: Any, roles: Any) -> None:
    client = client_for(roles.street_staff)
    assert "篆刻" not in client.get(LIST).content.decode()
    SpecialtyTag.objects.create(name="篆刻", sort_order=99)
    assert "篆刻" in client.get(LIST).content.decode()
