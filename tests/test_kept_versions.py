"""Kept values read in one round trip: the versions a request reads once, and the value
fetched with its versions under those this process saw last, never a stale one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from laoshan_portal import kept as kept_module
from laoshan_portal.kept import forget, kept


class Counting:
    """``compute`` for a kept value: how many times it was worked out, and its value."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


@pytest.fixture
def in_request() -> Iterator[None]:
    kept_module.request_started_receiver()
    yield
    kept_module.request_finished_receiver()


def another_process_forgets(topic: str) -> None:
    """What ``forget`` in another process does to the shared cache."""
    cache.delete(f"kept-version-{topic}")


def test_a_value_is_worked_out_once_until_its_topic_changes() -> None:
    compute = Counting()
    assert kept(["areas"], "t", compute) == 1
    assert kept(["areas"], "t", compute) == 1
    forget("areas")
    assert kept(["areas"], "t", compute) == 2


def test_a_change_in_another_process_is_seen_though_this_one_saw_older_versions() -> None:
    compute = Counting()
    kept(["areas", "cadres"], "t", compute)
    another_process_forgets("cadres")
    assert kept(["areas", "cadres"], "t", compute) == 2
    assert kept(["areas", "cadres"], "t", compute) == 2


def test_a_request_reads_the_versions_once(in_request: None, monkeypatch: Any) -> None:
    kept(["areas"], "a", Counting())
    reads: list[Any] = []
    monkeypatch.setattr(kept_module.cache, "get_many", lambda keys: reads.append(keys) or {})
    kept(["cadres"], "b", Counting())  # a shared topic: its version was read with the first
    kept(["registry-lists", "areas"], "c", Counting())
    assert reads == []


def test_a_value_kept_after_forgetting_in_the_same_request_is_worked_out_again(
    in_request: None,
) -> None:
    compute = Counting()
    assert kept(["areas"], "t", compute) == 1
    forget("areas")
    assert kept(["areas"], "t", compute) == 2
    forget()
    assert kept(["areas"], "t", compute) == 3


def test_the_next_request_sees_what_another_process_changed(in_request: None) -> None:
    compute = Counting()
    assert kept(["permissions", "account-1"], "t", compute) == 1
    another_process_forgets("account-1")
    assert kept(["permissions", "account-1"], "t", compute) == 1  # this request's moment
    kept_module.request_finished_receiver()
    kept_module.request_started_receiver()
    assert kept(["permissions", "account-1"], "t", compute) == 2
