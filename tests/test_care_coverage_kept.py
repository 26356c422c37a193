"""The plan coverage figure is kept between readers (counting it walks every plan item
of a district) and is never older than the last change to what it counts."""

from __future__ import annotations

from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache

from cadres.models import Cadre
from care.coverage import area_coverage, page_coverage
from care.models import Visit
from care.tasks import count_coverage
from laoshan_portal.celery import app as celery_app
from laoshan_portal.scoping import Scope
from tests.care_people import person
from tests.reports_world import eager_tasks

__all__ = ["eager_tasks"]  # the fixture, used by name
pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-12-04T10:00+08:00")]
DAY = date(2026, 12, 4)


def coverage(tree: Any) -> tuple[int, int]:
    found = area_coverage(scope=Scope(area=tree.jinjialing), area=tree.jinjialing, day=DAY)
    return found.due, found.done


def test_a_visit_logged_shows_at_once(tree: Any, django_assert_max_num_queries: Any) -> None:
    alone = person(tree.qiantaiju, "甲", living_arrangement=Cadre.Living.ALONE)
    due, done = coverage(tree)
    assert due > 0 and done == 0
    with django_assert_max_num_queries(0):  # kept: the second reader counts nothing
        assert coverage(tree) == (due, done)
    Visit.objects.create(area=alone.area, cadre=alone, date=DAY, kind=Visit.Kind.ROUTINE)
    assert coverage(tree) == (due, 1)


def test_a_death_on_the_registry_shows_at_once(tree: Any) -> None:
    alone = person(tree.qiantaiju, "甲", living_arrangement=Cadre.Living.ALONE)
    due, _done = coverage(tree)
    alone.status, alone.deceased_on = Cadre.Status.DECEASED, DAY
    alone.save()
    assert coverage(tree)[0] < due


@pytest.fixture
def with_a_worker() -> Any:
    """A broker and a worker: tasks are sent, not run in the caller (restored after)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    cache.clear()  # no count of an earlier test's areas
    with mock.patch.object(count_coverage, "apply_async") as queued:
        yield queued
    celery_app.conf.task_always_eager = previous


def test_with_a_worker_a_page_does_not_wait_for_the_count(tree: Any, with_a_worker: Any) -> None:
    alone = person(tree.qiantaiju, "甲", living_arrangement=Cadre.Living.ALONE)
    scope, area = Scope(area=tree.jinjialing), tree.jinjialing

    def page() -> tuple[Any, bool]:
        return page_coverage(scope=scope, area=area, day=DAY)

    assert page() == (None, False)  # never counted: shown as being counted
    assert with_a_worker.call_count == 1
    page()
    assert with_a_worker.call_count == 1  # asked once, not on every view
    count_coverage(*with_a_worker.call_args.kwargs["args"])  # the worker's part
    found, current = page()
    assert current and (found.due, found.done) == coverage(tree)
    Visit.objects.create(area=alone.area, cadre=alone, date=DAY, kind=Visit.Kind.ROUTINE)
    cache.delete(f"care-coverage-counting-{tree.jinjialing.pk}-{tree.jinjialing.pk}-{DAY}")
    shown, current = page()
    assert not current and shown == found  # the last count, until the worker's next
    count_coverage(*with_a_worker.call_args.kwargs["args"])
    found, current = page()
    assert current and found.done == shown.done + 1


@pytest.mark.usefixtures("eager_tasks")  # no worker: tasks run in their caller
def test_without_a_worker_a_page_counts_it_now(tree: Any) -> None:
    person(tree.qiantaiju, "甲", living_arrangement=Cadre.Living.ALONE)
    found, current = page_coverage(scope=Scope(area=tree.jinjialing), area=tree.jinjialing, day=DAY)
    assert current and (found.due, found.done) == coverage(tree)
