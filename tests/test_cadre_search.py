"""The registry search finds people by specialty, everyday words for it, and former unit or
post; when it finds nothing it offers the specialty filter that would."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres.models import Cadre, SpecialtyTag
from cadres.specialty_words import SPECIALTY_WORDS, specialty_names_for
from tests.conftest import client_for
from tests.factories.cadres import CadreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(tree: Any) -> dict[str, Cadre]:
    lawyer = CadreFactory(name="张晓松", area=tree.qiantaiju)
    lawyer.specialties.add(SpecialtyTag.objects.get(name="法律"))
    doctor = CadreFactory(name="李红", area=tree.miaoling, former_post="主任医师")
    doctor.specialties.add(SpecialtyTag.objects.get(name="医疗卫生"))
    teacher = CadreFactory(name="王建国", area=tree.ruidu, former_unit="崂山区第二实验小学")
    return {"lawyer": lawyer, "doctor": doctor, "teacher": teacher}


def names(client: Any, **params: str) -> set[str]:
    response = client.get(reverse("cadres:cadre_list"), params)
    return {row.name for row in response.context["page"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("律师", {"张晓松"}),
        ("法律", {"张晓松"}),
        ("医生", {"李红"}),
        ("医师", {"李红"}),
        ("实验小学", {"王建国"}),
        ("张晓", {"张晓松"}),
        ("zxs", {"张晓松"}),
    ],
)
def test_it_finds_by_specialty_word_and_former_unit_or_post(
    query: str, expected: set[str], people: Any, roles: Any
) -> None:
    assert names(client_for(roles.street_staff), q=query) == expected


def test_the_word_table_names_only_tags_on_the_list() -> None:
    tags = set(SpecialtyTag.objects.values_list("name", flat=True))
    assert specialty_names_for("律师") == {"法律"} and specialty_names_for("医生") == {"医疗卫生"}
    assert {name for found in SPECIALTY_WORDS.values() for name in found} <= tags


def test_finding_nothing_suggests_the_specialty_filter(tree: Any, people: Any, roles: Any) -> None:
    client = client_for(roles.street_staff)
    # The lawyer lives in 瑞都, not 苗岭: the search within 苗岭 finds nobody.
    response = client.get(
        reverse("cadres:cadre_list"), {"q": "律师", "community": str(tree.miaoling.pk)}
    )
    page = response.content.decode()
    law = SpecialtyTag.objects.get(name="法律")
    assert not response.context["page"].object_list
    assert "没有找到；试试特长筛选：" in page
    assert f'?specialty={law.pk}">法律</a>' in page
    assert names(client, specialty=str(law.pk)) == {"张晓松"}


def test_finding_nothing_without_a_specialty_says_so(people: Any, roles: Any) -> None:
    response = client_for(roles.street_staff).get(reverse("cadres:cadre_list"), {"q": "宇航员"})
    page = response.content.decode()
    assert "没有找到档案。" in page and "试试特长筛选" not in page


def test_a_search_pages_its_matches_and_keeps_their_order(
    tree: Any, roles: Any, django_assert_num_queries: Any
) -> None:
    for index in range(30):
        CadreFactory(name=f"张建华{index:02d}", area=tree.ruidu)
    CadreFactory(name="李建国", area=tree.ruidu, former_unit="建华路小学")
    CadreFactory(name="王建华", area=tree.wushan)  # outside the street's scope
    client = client_for(roles.street_staff)
    url = reverse("cadres:cadre_list")
    client.get(url)  # the session warmed, the lists kept

    first = client.get(url, {"q": "建华"})
    assert first.context["page"].paginator.count == 31
    assert len(first.context["page"]) == 25 and "共 31 条" in first.content.decode()
    # kept: the next page reads its rows by key (rows, specialties)
    with django_assert_num_queries(2):
        second = client.get(url, {"q": "建华", "page": "2"})
    shown = [row.name for row in first.context["page"]] + [
        row.name for row in second.context["page"]
    ]
    assert len(set(shown)) == 31 and "王建华" not in shown and "李建国" in shown
    assert shown[0] == "李建国" and shown[1:] == [f"张建华{index:02d}" for index in range(30)]
    past = client.get(url, {"q": "建华", "page": "9"})  # past the end: the last page
    assert past.context["page"].number == 2 and len(past.context["page"]) == 6
    assert client.get(url, {"q": "建华", "page": "x"}).context["page"].number == 1
    nothing = client.get(url, {"q": "无此人"})
    assert nothing.context["page"].paginator.count == 0 and not nothing.context["rows"]

    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"q": "建华", "sort": "-name"})  # another order: found again
    assert not [q for q in queries.captured_queries if "COUNT(*) AS" in q["sql"]]


def test_kept_matches_follow_a_change_at_once(tree: Any, roles: Any) -> None:
    CadreFactory(name="张建华", area=tree.ruidu)
    client = client_for(roles.street_staff)
    url = reverse("cadres:cadre_list")
    assert client.get(url, {"q": "建华"}).context["page"].paginator.count == 1
    added = CadreFactory(name="艾建华", area=tree.miaoling)
    page = client.get(url, {"q": "建华"}).context["page"]
    assert page.paginator.count == 2 and page[0].pk == added.pk  # ai before zhang
    added.name = "艾国"
    added.save()
    assert client.get(url, {"q": "建华"}).context["page"].paginator.count == 1


def test_pages_past_the_kept_matches_are_sorted_by_the_database(
    tree: Any, roles: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cadres.selectors.KEPT_MATCHES", 30)
    for index in range(60):
        CadreFactory(name=f"张建华{index:02d}", area=tree.ruidu)
    client = client_for(roles.street_staff)
    url = reverse("cadres:cadre_list")
    names = []
    for number in ("1", "2", "3"):
        page = client.get(url, {"q": "建华", "page": number}).context["page"]
        assert page.paginator.count == 60
        names += [row.name for row in page]
    assert names == [f"张建华{index:02d}" for index in range(60)]
