"""The idle timeout: a session in use stays open, an idle one ends, and the session is
written back at most once a minute rather than on every page.

Dates here are relative to the run's fixed clock (``clock`` in tests/conftest.py), so the
tests hold at any ``--clock`` moment.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for, let_session_idle

HOME = reverse("home")


def _session_writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].split(" ", 1)[0] in {"INSERT", "UPDATE"}
        and '"django_session"' in query["sql"]
    ]


def _time_left(client: Client) -> timedelta:
    row = Session.objects.get(session_key=client.session.session_key)
    return row.expire_date - timezone.now()


def test_it_keeps_a_working_user_signed_in_beyond_the_idle_limit(roles: Any) -> None:
    client = client_for(roles.secretary_a)
    assert client.get(HOME).status_code == 200
    for _ in range(3):  # an hour of work, a page every twenty minutes
        let_session_idle(client, 20 * 60)
        assert client.get(HOME).status_code == 200
    assert timedelta(minutes=29) < _time_left(client) <= timedelta(minutes=30)


def test_it_ends_a_session_left_idle_for_thirty_minutes(roles: Any) -> None:
    client = client_for(roles.secretary_a)
    client.get(HOME)
    let_session_idle(client, 30 * 60)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_writes_the_session_at_most_once_a_minute(roles: Any) -> None:
    client = client_for(roles.secretary_a)
    client.get(HOME)
    ends = Session.objects.get(session_key=client.session.session_key).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    assert _session_writes(queries) == []
    assert Session.objects.get(session_key=client.session.session_key).expire_date == ends
    let_session_idle(client, 61)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    assert len(_session_writes(queries)) == 1
    assert _time_left(client) > timedelta(minutes=29)


def test_it_refreshes_more_often_under_a_short_idle_limit(roles: Any, settings: Any) -> None:
    settings.SESSION_COOKIE_AGE = 60  # SESSION_IDLE_MINUTES=1
    client = client_for(roles.secretary_a)
    client.get(HOME)
    for _ in range(3):  # a page every 40 seconds keeps a one-minute session open
        let_session_idle(client, 40)
        assert client.get(HOME).status_code == 200


def test_it_gives_anonymous_visitors_no_session(db: None) -> None:
    client = Client()
    assert client.get(reverse("accounts:login")).status_code == 200
    assert client.get(HOME).status_code == 302
    assert "sessionid" not in client.cookies
    assert not Session.objects.exists()


def test_it_leaves_no_session_behind_after_logging_out(roles: Any) -> None:
    client = client_for(roles.secretary_a)
    client.get(HOME)
    let_session_idle(client, 61)  # the logout request would be due for a refresh
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.exists()


def test_a_page_reads_the_session_from_the_cache_not_the_database(roles: Any) -> None:
    client = client_for(roles.secretary_a)
    client.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    assert not [query for query in queries.captured_queries if "django_session" in query["sql"]]


def test_a_signed_out_session_opens_no_page_again(roles: Any) -> None:
    client = client_for(roles.secretary_a)
    assert client.get(HOME).status_code == 200
    cookie = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    again = Client()
    again.cookies["sessionid"] = cookie
    response = again.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
