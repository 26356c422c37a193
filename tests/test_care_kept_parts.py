"""The care figures kept by area (``laoshan_portal.kept_parts``): a change works out the
part of the area it touched, and the pages show the same as working out everyone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from cadres.models import Cadre
from care.coverage import counted_by_area
from care.models import CarePlan, Visit
from care.selectors import PLANS_TOPIC, due_visits, living_people, plan_coverage
from care.tasks import keep_plan_figures
from laoshan_portal.accounts.selectors import scope_areas
from laoshan_portal.kept import forget
from laoshan_portal.kept_parts import MergedHeads, kept_by_area, merged_head
from laoshan_portal.pages import paged
from laoshan_portal.scoping import Scope
from laoshan_portal.signals import bulk_change
from tests.care_people import person
from tests.conftest import client_for
from todo.tasks import keep_care_figures, keep_todo_summaries

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 4)


class PeopleCounted:
    """A figure kept by area (how many people live in each), noting which areas' parts
    it had to work out."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.asked: list[set[int]] = []

    def __call__(self) -> int:
        ids = [pk for pk, _path in scope_areas(scope=self.scope)]
        return kept_by_area(PLANS_TOPIC, "test-people", ids, self.work_out, sum)

    def work_out(self, ids: list[int]) -> dict[int, int]:
        self.asked.append(set(ids))
        people = living_people(scope=self.scope, areas=ids).values_list("area_id", flat=True)
        found = dict.fromkeys(ids, 0)
        for area_id in people:
            found[area_id] += 1
        return found


def test_a_change_works_out_the_part_of_its_area_only(tree: Any) -> None:
    district = Scope(tree.laoshan, "admin")
    counted = PeopleCounted(district)
    a = person(tree.qiantaiju, "甲")
    person(tree.wushan, "乙")
    everywhere = {pk for pk, _path in scope_areas(scope=district)}
    assert counted() == 2 and counted.asked == [everywhere]
    assert counted() == 2 and len(counted.asked) == 1  # kept: nothing worked out
    Visit.objects.create(area=a.area, cadre=a, date=TODAY, kind=Visit.Kind.ROUTINE)
    assert counted() == 2 and counted.asked[-1] == {tree.qiantaiju.pk}
    person(tree.miaoling, "丙")
    assert counted() == 3 and counted.asked[-1] == {tree.miaoling.pk}
    a.area = tree.wushan  # moved: both areas' parts
    a.save()
    assert counted() == 3 and counted.asked[-1] == {tree.qiantaiju.pk, tree.wushan.pk}
    Visit.objects.filter(cadre=a).delete()  # its person's area now
    assert counted() == 3 and counted.asked[-1] == {tree.wushan.pk}
    a.delete()
    assert counted() == 2 and counted.asked[-1] == {tree.wushan.pk}
    CarePlan.objects.create(area=tree.ruidu, half_decades=True)  # a plan: every area's
    assert counted() == 2 and counted.asked[-1] == everywhere
    bulk_change.send(sender=Cadre)  # a bulk write: every area's
    assert counted() == 2 and counted.asked[-1] == everywhere


@pytest.mark.clock("2026-12-04T10:00+08:00")
def test_the_plans_page_shows_what_working_out_everyone_shows_at_every_level(
    tree: Any, roles: Any
) -> None:
    """Coverage rows and the people not yet visited, for the district, a street chosen
    by the district and the street's own staff (whose rows are the same areas' without
    the street's own row), before and after a visit is logged."""
    alone = person(tree.qiantaiju, "独居", living_arrangement=Cadre.Living.ALONE)
    person(tree.jinjialing, "街道直属", hardship=True)  # lives at the street itself
    person(tree.wushan, "午山", hardship=True)
    person(tree.miaoling, "苗岭", hardship=True)
    district, street = Scope(tree.laoshan, "admin"), Scope(tree.jinjialing, "street_staff")
    admin, staff = client_for(roles.district_admin), client_for(roles.street_staff)
    views = [
        (admin, {}, district, None),
        (admin, {"area": tree.jinjialing.pk}, district, tree.jinjialing),
        (staff, {}, street, None),
        (admin, {"plan": Visit.Kind.SPRING_FESTIVAL}, district, None),
    ]

    def check() -> None:
        for client, query, scope, area in views:
            page = client.get(reverse("care:coverage"), query).context
            rows, missing = plan_coverage(
                scope=scope, today=TODAY, area=area, plan=query.get("plan", "")
            )
            assert page["rows"] == rows, query
            assert list(page["page"]) == missing and page["page"].paginator.count == len(missing)

    check()
    own_rows = [
        row.name for row in admin.get(reverse("care:coverage"), views[1][1]).context["rows"]
    ]
    assert own_rows[-1] == "金家岭街道"  # the street's own people, in a row of their own
    assert "金家岭街道" not in [
        row.name for row in staff.get(reverse("care:coverage")).context["rows"]
    ]
    Visit.objects.create(area=alone.area, cadre=alone, date=TODAY, kind=Visit.Kind.ROUTINE)
    check()


@pytest.mark.clock("2026-12-04T10:00+08:00")
def test_a_person_who_moved_keeps_the_visits_paid_before(tree: Any) -> None:
    """A visit settles the person's plan wherever it was logged: in the to-do list, the
    plans page and the dashboard's coverage alike."""
    moved = person(tree.qiantaiju, "搬家", living_arrangement=Cadre.Living.ALONE)
    Visit.objects.create(area=tree.qiantaiju, cadre=moved, date=TODAY, kind=Visit.Kind.ROUTINE)
    moved.area = tree.wushan
    moved.save()
    for scope in (Scope(tree.laoshan, "admin"), Scope(tree.zhonghan, "street_staff")):
        assert not any(
            item.cadre.pk == moved.pk and item.plan == "monthly"
            for item in due_visits(scope, TODAY)
        )
        rows, _missing = plan_coverage(scope=scope, today=TODAY, area=tree.zhonghan)
        counted = counted_by_area(scope=scope, today=TODAY, area=tree.zhonghan)
        assert sum(row.done for row in rows) == sum(count.paid for count in counted) >= 1


@pytest.mark.clock("2026-12-04T10:00+08:00")
def test_the_morning_task_keeps_every_areas_figures_for_every_scopes_first_view(
    tree: Any, roles: Any, monkeypatch: Any
) -> None:
    """After the beat's task, the to-do list, the plans page and the birthdays of the
    district, a street and a community show their figures without working anyone's
    plans or birthdays out."""
    person(tree.qiantaiju, "独居", living_arrangement=Cadre.Living.ALONE)
    person(tree.wushan, "困难", hardship=True, born=date(1946, 12, 5))  # 80 tomorrow
    person(tree.miaoling, "寿星", born=date(1936, 12, 20))
    viewers = [roles.district_admin, roles.street_staff, roles.secretary_a]
    pages = {  # each page's lists
        reverse("todo:todo_list"): ("page",),
        reverse("care:coverage"): ("page", "rows"),
        reverse("care:birthdays"): ("week", "month"),
    }
    shown = {
        (user.username, url): _lists(client_for(user).get(url).context, names)
        for user in viewers
        for url, names in pages.items()
    }
    assert all(any(lists) for lists in shown.values())
    forget(PLANS_TOPIC)  # as a new day: every area's part to work out again
    assert keep_care_figures() == len(scope_areas(scope=Scope(None, unrestricted=True)))

    def not_again(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("worked out again")

    monkeypatch.setattr("care.selectors._planned", not_again)
    monkeypatch.setattr("care.selectors.birthdays_between", not_again)
    monkeypatch.setattr("todo.sources.birthdays_between", not_again)
    for user in viewers:
        client = client_for(user)
        for url, names in pages.items():
            assert _lists(client.get(url).context, names) == shown[user.username, url]


def _lists(context: Any, names: tuple[str, ...]) -> list[list[Any]]:
    """The rows a page lists (a page of a paged list, with the count of them all)."""
    found = []
    for name in names:
        value = context[name]
        found.append([value.paginator.count, *value] if hasattr(value, "paginator") else value)
    return found


def test_the_beat_keeps_the_care_figures_after_midnight() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["care-figures"]
    assert entry["task"] == "todo.tasks.keep_care_figures"
    assert entry["schedule"].hour == {0} and entry["schedule"].minute == {5}


def test_a_plan_changed_asks_a_worker_to_keep_them_again(
    tree: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    queued: list[str] = []
    monkeypatch.setattr("laoshan_portal.celery.has_worker", lambda: True)
    monkeypatch.setattr(
        "laoshan_portal.celery.queue_once", lambda name, args, **kwargs: queued.append(name)
    )
    with django_capture_on_commit_callbacks(execute=True):
        CarePlan.objects.create(area=tree.ruidu, half_decades=True)
    assert queued == ["todo.tasks.keep_care_figures"]
    monkeypatch.setattr("laoshan_portal.celery.has_worker", lambda: False)
    with django_capture_on_commit_callbacks(execute=True):
        CarePlan.objects.filter(area=tree.ruidu).get().delete()
    assert queued == ["todo.tasks.keep_care_figures"]  # no worker: the pages work them out


def test_merged_heads_read_the_parts_as_far_as_they_hold_every_row() -> None:
    """Parts of 1…11: one kept its first three of five, the others all of theirs; rows up
    to 7 (that part's last kept) come from the parts, past it from every row."""
    everything = list(range(1, 12))
    asked: list[int] = []

    def whole() -> list[int]:
        asked.append(1)
        return everything

    parts = [(5, [1, 4, 7]), (2, [2, 3]), (4, [5, 6, 8, 9])]
    assert merged_head(parts, int, 5) == [1, 2, 3, 4, 5]
    assert merged_head(parts, int, 100) == [1, 2, 3, 4, 5, 6, 7]  # what the parts hold
    rows = MergedHeads(parts, int, whole)
    assert len(rows) == 11
    assert rows[0:7] == everything[0:7] and rows[6] == 7 and not asked
    assert rows[5:8] == everything[5:8] and asked == [1]
    assert rows[10] == 11 and rows[-1] == 11


@pytest.mark.clock("2026-12-04T10:00+08:00")
def test_a_page_past_the_first_ones_is_read_from_the_areas_parts(
    tree: Any, roles: Any, monkeypatch: Any
) -> None:
    """Three areas, two people in each due both festival visits; each area keeps its
    first three of four, the list its first three. Pages 2 and 3 come from the areas'
    parts without working anyone out; page 4 goes past what they hold."""
    monkeypatch.setattr("care.selectors.KEPT_MISSING", 3)
    monkeypatch.setattr("care.selectors.PART_ROWS", 3)
    monkeypatch.setattr(paged, "__defaults__", (2,))  # two to a page
    for area in (tree.qiantaiju, tree.wushan, tree.miaoling):
        for index in range(2):
            person(area, f"{area.name}{index}", hardship=True)
    _rows, missing = plan_coverage(scope=Scope(tree.laoshan, "admin"), today=TODAY, area=None)
    assert len(missing) == 12
    client = client_for(roles.district_admin)
    assert list(client.get(reverse("care:coverage")).context["page"]) == missing[0:2]

    def not_again(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("worked out again")

    monkeypatch.setattr("care.selectors.plan_status", not_again)
    for number in (2, 3):
        page = client.get(reverse("care:coverage"), {"page": number}).context["page"]
        assert list(page) == missing[2 * number - 2 : 2 * number]
    with pytest.raises(AssertionError, match="worked out again"):
        client.get(reverse("care:coverage"), {"page": 4})
    monkeypatch.undo()
    monkeypatch.setattr("care.selectors.KEPT_MISSING", 3)
    monkeypatch.setattr("care.selectors.PART_ROWS", 3)
    monkeypatch.setattr(paged, "__defaults__", (2,))
    page = client.get(reverse("care:coverage"), {"page": 4}).context["page"]
    assert list(page) == missing[6:8]


@pytest.mark.clock("2026-12-04T10:00+08:00")
@pytest.mark.usefixtures("fresh_cache")  # no last lists of an earlier test's areas
def test_with_a_worker_the_lists_show_the_last_ones_while_it_works_every_area_out(
    tree: Any, roles: Any, monkeypatch: Any
) -> None:
    """After a change to every area's part (a plan, an area, a bulk change), the to-do
    list, the plans page and the birthdays of a district and a street show the lists
    last worked out, say so, and ask the worker once instead of working everyone out;
    once the worker has, they show the same as working everyone out. A community's few
    parts are worked out in the request."""
    person(tree.qiantaiju, "独居", living_arrangement=Cadre.Living.ALONE)
    person(tree.miaoling, "寿星", born=date(1936, 12, 20))
    pages = _pages()
    viewers = [roles.district_admin, roles.street_staff]
    before = {
        (user, url): _lists(client_for(user).get(url).context, pages[url])
        for user in viewers
        for url in pages
    }
    held: dict[str, tuple[str, list[Any]]] = {}  # by lock, as queue_once sends a task
    monkeypatch.setattr("laoshan_portal.kept_parts.has_worker", lambda: True)
    monkeypatch.setattr(
        "laoshan_portal.kept_parts.queue_once",
        lambda name, args, lock: held.setdefault(lock, (name, args)) and True,
    )
    person(tree.qiantaiju, "新来", living_arrangement=Cadre.Living.ALONE, born=date(1946, 12, 5))
    forget(PLANS_TOPIC)  # every area's part to work out again
    with monkeypatch.context() as worked_out:
        for name in ("care.selectors._planned", "care.selectors.birthdays_between"):
            worked_out.setattr(name, _not_again)
        worked_out.setattr("todo.sources.birthdays_between", _not_again)
        for user in viewers:
            for url, names in pages.items():
                response = client_for(user).get(url)
                assert 'data-testid="counting"' in response.content.decode()
                assert _lists(response.context, names) == before[user, url]
    queued = list(held.values())
    assert sorted(name for name, _args in queued) == [
        "care.tasks.keep_plan_figures",
        "care.tasks.keep_plan_figures",
        "care.tasks.keep_plan_figures",
        "care.tasks.keep_plan_figures",
        "todo.tasks.keep_todo_summaries",
        "todo.tasks.keep_todo_summaries",
    ]  # each page of each scope once
    secretary = client_for(roles.secretary_a).get(reverse("todo:todo_list"))
    assert "新来" in secretary.content.decode()  # two parts: worked out at once
    assert 'data-testid="counting"' not in secretary.content.decode()
    tasks = {"care.tasks.keep_plan_figures": keep_plan_figures}
    tasks["todo.tasks.keep_todo_summaries"] = keep_todo_summaries
    for name, args in queued:  # the worker's turn
        tasks[name](*args)
    after = {}
    for user in viewers:
        for url, names in pages.items():
            response = client_for(user).get(url)
            assert 'data-testid="counting"' not in response.content.decode()
            assert "新来" in response.content.decode()
            after[user, url] = _lists(response.context, names)
    cache.clear()
    monkeypatch.setattr("laoshan_portal.kept_parts.has_worker", lambda: False)
    for user in viewers:
        for url, names in pages.items():
            assert _lists(client_for(user).get(url).context, names) == after[user, url]


@pytest.mark.clock("2026-12-04T10:00+08:00")
@pytest.mark.usefixtures("fresh_cache")
def test_with_a_worker_a_first_view_or_a_past_days_plans_are_worked_out(
    tree: Any, roles: Any, monkeypatch: Any
) -> None:
    """No list kept before (a new cache), or the plans as they stood on a past day: the
    page works them out rather than show nothing or another day's."""
    person(tree.qiantaiju, "独居", living_arrangement=Cadre.Living.ALONE, born=date(1946, 12, 20))
    monkeypatch.setattr("laoshan_portal.kept_parts.has_worker", lambda: True)
    monkeypatch.setattr("laoshan_portal.kept_parts.queue_once", lambda *args, **kwargs: True)
    client = client_for(roles.district_admin)
    for url in _pages():
        page = client.get(url).content.decode()
        assert 'data-testid="counting"' not in page and "独居" in page
    person(tree.qiantaiju, "新来", living_arrangement=Cadre.Living.ALONE)
    forget(PLANS_TOPIC)
    today = client.get(reverse("care:coverage")).content.decode()
    assert 'data-testid="counting"' in today and "新来" not in today
    past = client.get(reverse("care:coverage"), {"on": "2026-12-03"})
    assert 'data-testid="counting"' not in past.content.decode()
    assert "新来" in past.content.decode()


@pytest.mark.usefixtures("fresh_cache")
@pytest.mark.clock("2026-12-04T10:00+08:00")
def test_the_morning_task_leaves_a_streets_lists_to_show_while_the_worker_counts(
    tree: Any, roles: Any, monkeypatch: Any
) -> None:
    """The morning task combines a street's lists too: after a change to every area,
    its staff's pages show them at once (marked as being counted), though nobody of the
    street opened them before."""
    person(tree.qiantaiju, "独居", living_arrangement=Cadre.Living.ALONE, born=date(1946, 12, 20))
    keep_care_figures()
    monkeypatch.setattr("laoshan_portal.kept_parts.has_worker", lambda: True)
    monkeypatch.setattr("laoshan_portal.kept_parts.queue_once", lambda *args, **kwargs: True)
    person(tree.qiantaiju, "新来", living_arrangement=Cadre.Living.ALONE, born=date(1946, 12, 21))
    forget(PLANS_TOPIC)
    for name in ("care.selectors._planned", "care.selectors.birthdays_between"):
        monkeypatch.setattr(name, _not_again)
    monkeypatch.setattr("todo.sources.birthdays_between", _not_again)
    client = client_for(roles.street_staff)
    for url in _pages():
        page = client.get(url).content.decode()
        assert 'data-testid="counting"' in page and "独居" in page and "新来" not in page


def _pages() -> dict[str, tuple[str, ...]]:
    """The care lists' pages and the names of the lists each shows."""
    return {
        reverse("todo:todo_list"): ("page",),
        reverse("care:coverage"): ("page", "rows"),
        reverse("care:birthdays"): ("week", "month"),
    }


def _not_again(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("worked out again")
