"""Benchmark of the pages that read everyone on the care list; run by hand.

    DATABASE_URL=postgres://user:pw@host:port/db REDIS_URL=redis://… \
        .venv/bin/python bench/bench_todo.py

The database must hold the demo tree and accounts and a large registry (as for
``bench_registry.py``: ``manage.py synth_data --tree laoshan``). Each page is requested
in-process with Django's test client (DEBUG off, a forced login) as the district
administrator and as the 金家岭 street's staff: once after a change to every area (what
the cache keeps about the care plans forgotten: the first view of the day, or after a plan
or an area changed), once after that and the worker's morning task
(``todo.tasks.keep_care_figures``: every area's parts worked out for the whole tree), then
``--runs`` (3) times more, then once after a change to one person of the street (their
area's part forgotten: after a visit is logged). The to-do
badge is fetched by every staff page once it is drawn, and the home page's block by the
home page. With ``REDIS_URL`` set, after a change to many areas, the badge, the block and
the lists show the figures last worked out (if any: the first run of a new cache works
them out) and queue the work for a worker (none consumes it here: flush the database
afterwards); without it they work them out at once. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_registry import login, machine, setup_django  # noqa: E402

PAGES = (
    ("to-do badge (every staff page)", "todo:todo_badge", ""),
    ("home page's to-do block", "todo:todo_home", ""),
    ("to-do list", "todo:todo_list", ""),
    ("to-do list, page 11 (past the kept pages)", "todo:todo_list", "?page=11"),
    ("visit plans' coverage", "care:coverage", ""),
    ("visit plans' coverage, page 11", "care:coverage", "?page=11"),
    ("birthdays", "care:birthdays", ""),
)


def timed(client: Any, url: str) -> tuple[float, int]:
    """Milliseconds and queries of one request."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        spent = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return spent, len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from django.urls import reverse

    from cadres.models import Cadre
    from care.selectors import PLANS_TOPIC
    from laoshan_portal import clock
    from laoshan_portal.accounts.models import User
    from laoshan_portal.kept import forget
    from laoshan_portal.kept_parts import forget_areas
    from todo.selectors import keep_care_parts

    people = {
        "district admin": User.objects.get(username="laoshan_admin"),
        "金家岭 street staff": User.objects.get(username="jinjialing"),
    }
    street = people["金家岭 street staff"].area
    # the area of one person of the street, whose part a visit logged would forget
    touched = Cadre.objects.filter(area__path__startswith=street.path).values("area_id")[0]
    info = machine()
    tasks: list[float] = []  # how long the morning task took, each time
    rows = []
    for who, user in people.items():
        client = login(user)
        client.get(reverse("todo:todo_badge"))  # the session and the process warmed
        for label, name, query in PAGES:
            url = reverse(name) + query
            forget(PLANS_TOPIC)
            first, first_queries = timed(client, url)
            forget(PLANS_TOPIC)
            started = time.perf_counter()
            keep_care_parts(clock.today())
            tasks.append((time.perf_counter() - started) * 1000)
            morning, _queries = timed(client, url)
            again = statistics.median(timed(client, url)[0] for _run in range(args.runs))
            forget_areas(PLANS_TOPIC, [touched["area_id"]])
            one, _queries = timed(client, url)
            rows.append((who, label, first, first_queries, morning, again, one))
            print(
                f"{who}, {label}: {first:.0f}, {morning:.0f}, {again:.0f}, {one:.0f} ms",
                file=sys.stderr,
            )
    print(f"\n### Care and to-do pages ({info['date']}, {info['CPU']}, {info['nproc']} CPUs)\n")
    for key, value in info.items():
        print(f"- {key}: {value}")
    print(f"- load average after: {' / '.join(f'{n:.2f}' for n in os.getloadavg())}\n")
    print(f"- the morning task (median of {len(tasks)}): {statistics.median(tasks):,.0f} ms\n")
    print(
        "| who | page | after a change to every area (ms) | queries | after the morning task "
        "(ms) | again, median (ms) | after a change to one person (ms) |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for who, label, first, queries, morning, again_ms, one in rows:
        print(
            f"| {who} | {label} | {first:,.0f} | {queries} | {morning:,.0f} | {again_ms:,.0f} "
            f"| {one:,.0f} |"
        )


if __name__ == "__main__":
    main()
