"""Benchmark of the area dashboards against the naive aggregates, and of the monthly
reports on a real worker; run by hand.

    DATABASE_URL=postgres://user:pw@host:port/db REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/bench_dashboard.py

The database must hold the demo and a large synthetic world: ``manage.py migrate &&
manage.py seed_demo && manage.py synth_data --cadres 200000 --records 2000000 --tree
laoshan`` (or ``--tree province``), then ``VACUUM ANALYZE``. Dashboards: the Laoshan
district (as its administrator, ``laoshan_admin``) and the synthetic province's root (as a
superuser, ``bench_superuser``, made here if missing), when they hold service records;
``--area CODE`` adds others. For each:

- the naive dashboard: six aggregate queries in raw SQL over the base tables, each
  joining the area tree on ``path LIKE 'prefix%'`` (active cadres, cadres by child area
  from the path, hours this month, hours this year, distinct volunteers this month, a
  12-month trend of hours);
- our page, ``GET /dashboard/<pk>/?month=…``, with its summary rows fresh: a few warm-up
  requests, then the median of ``--runs`` requests, taking turns with the naive queries
  so that a change in the machine's load weighs on both alike;
- the cold first view: the subtree's summary rows marked stale (as after a bulk change),
  then one request, ``--cold-runs`` times; and the first view of a never-opened area: the
  rows of the months the page reads deleted from the subtree (and every kept comparison
  forgotten), then one request, after which the rows are counted again. With ``REDIS_URL``
  set tasks go to the broker (no worker runs meanwhile): a stale row is shown as it was and
  queued, a missing month other than the one shown and the one before is queued and shown
  as being counted. Without it, tasks run in the page (the worst case);
- one change: a service record entered in a community (saved as the service saves it,
  its part added to the rows of the community and every area above it), the write timed,
  then one request; the record is removed again (its part taken away) after each run;
- the queries of one fresh request (``--queries`` prints them).

Reports: a Celery worker with two processes (``celery -A laoshan_portal worker -c 2``) is
started against ``REDIS_URL``, the reports of every Laoshan area (district, streets,
communities) for the ``--report-months`` months before this one are queued as the monthly
job queues them, and the clock stops when every row is done or failed: once with the
summary rows stale, once more with them fresh. ``--counts-only`` prints the query counts
and nothing else (to compare two data sizes). Prints Markdown, ready for
docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_registry import (  # noqa: E402 - the sibling script's helpers
    get_page,
    login,
    machine,
    median_ms,
    paired_median_ms,
    query_log,
    raw_sql,
    setup_django,
)
from report_worker import bench_reports, print_reports  # noqa: E402 - the reports' half

LAOSHAN, PROVINCE = "370212", "990000"
SUPERUSER = "bench_superuser"
GOAL_RATIO = 0.2


@dataclass
class Target:
    area: Any
    user: Any
    cadres: int
    records: int

    @property
    def label(self) -> str:
        return f"{self.area.name} ({self.area.code}, {self.area.get_level_display()})"


@cache
def superuser() -> Any:
    """The reader of the synthetic areas (no demo account sits there); made once."""
    from django.utils import timezone

    from laoshan_portal.accounts.models import User

    user, created = User.objects.get_or_create(
        username=SUPERUSER,
        defaults={"name": "基准测试", "is_superuser": True, "is_staff": True},
    )
    if created:
        user.set_unusable_password()
    user.password_changed_at = timezone.now()  # not sent to the password page first
    user.save()
    return user


def subtree_size(area: Any) -> tuple[int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM cadres_cadre c JOIN accounts_area a ON a.id = c.area_id "
            "WHERE a.path LIKE %s AND c.status = 'active'",
            [area.path + "%"],
        )
        cadres = cursor.fetchone()[0]
        cursor.execute(
            "SELECT COUNT(*) FROM volunteering_servicerecord r "
            "JOIN volunteering_serviceactivity v ON v.id = r.activity_id "
            "JOIN volunteering_team t ON t.id = v.team_id "
            "JOIN accounts_area a ON a.id = t.area_id WHERE a.path LIKE %s",
            [area.path + "%"],
        )
        records = cursor.fetchone()[0]
    return cadres, records


def targets(codes: list[str]) -> list[Target]:
    from laoshan_portal.accounts.models import Area, User

    found = []
    for code in [LAOSHAN, PROVINCE, *codes]:
        area = Area.objects.filter(code=code).first()
        if area is None:
            print(f"{code}: no such area, skipped", file=sys.stderr)
            continue
        cadres, records = subtree_size(area)
        if not records and code in (LAOSHAN, PROVINCE):
            print(f"{area.name}: no service records, skipped", file=sys.stderr)
            continue
        user = User.objects.get(username="laoshan_admin") if code == LAOSHAN else superuser()
        found.append(Target(area, user, cadres, records))
    if not found:
        raise SystemExit("Load data first: seed_demo, then synth_data --cadres 200000")
    return found


_RECORDS_IN = (
    "FROM volunteering_servicerecord r "
    "JOIN volunteering_serviceactivity v ON v.id = r.activity_id "
    "JOIN volunteering_team t ON t.id = v.team_id "
    "JOIN accounts_area a ON a.id = t.area_id "
    "WHERE a.path LIKE %s AND r.status = 'accepted' "
)


def naive_queries(area: Any, month: Any) -> list[tuple[str, str, list[Any]]]:
    """What a dashboard without a summary would ask the base tables."""
    prefix = area.path + "%"
    start, end = month.start, month.end
    year_start = month.year_so_far()[0].start
    trend_start = month.trailing(12)[0].start
    return [
        (
            "active cadres in the subtree",
            "SELECT COUNT(*) FROM cadres_cadre c JOIN accounts_area a ON a.id = c.area_id "
            "WHERE a.path LIKE %s AND c.status = 'active'",
            [prefix],
        ),
        (
            "active cadres by child area, from the path",
            "SELECT split_part(a.path, '/', %s) AS child, COUNT(*) FROM cadres_cadre c "
            "JOIN accounts_area a ON a.id = c.area_id "
            "WHERE a.path LIKE %s AND c.status = 'active' GROUP BY child ORDER BY child",
            [area.depth + 3, prefix],
        ),
        (
            "hours this month",
            f"SELECT COALESCE(SUM(r.hours), 0) {_RECORDS_IN} AND r.date BETWEEN %s AND %s",
            [prefix, start, end],
        ),
        (
            "hours this year",
            f"SELECT COALESCE(SUM(r.hours), 0) {_RECORDS_IN} AND r.date BETWEEN %s AND %s",
            [prefix, year_start, end],
        ),
        (
            "distinct volunteers this month",
            "SELECT COUNT(DISTINCT r.cadre_id) + COUNT(DISTINCT r.member_id) "
            f"{_RECORDS_IN} AND r.date BETWEEN %s AND %s",
            [prefix, start, end],
        ),
        (
            "12-month trend of hours",
            "SELECT date_trunc('month', r.date) AS m, SUM(r.hours) "
            f"{_RECORDS_IN} AND r.date BETWEEN %s AND %s GROUP BY m ORDER BY m",
            [prefix, trend_start, end],
        ),
    ]


def all_of(calls: list[Callable[[], Any]]) -> Callable[[], Any]:
    def call() -> None:
        for one in calls:
            one()

    return call


def mark_subtree_stale(area: Any) -> int:
    from reports.models import AreaMonth

    return AreaMonth.objects.filter(area__path__startswith=area.path).update(stale=True)


def delete_subtree_months(area: Any, month: Any) -> None:
    """A never-opened area: no rows for the months its page reads, nothing kept."""
    from reports import versions
    from reports.models import AreaMonth

    months = [one.start for one in month.trailing(13)]
    AreaMonth.objects.filter(area__path__startswith=area.path, month__in=months).delete()
    versions.changed(None)


def count_subtree_months(area: Any, month: Any) -> None:
    from reports import summary

    for one in month.trailing(13):
        summary.refresh_tree(area, one)


def one_record(area: Any, month: Any) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """Writing one new service record in ``area`` on the month's first day, and taking it
    away again (both through ``save``/``delete``, so the summary keeps up)."""
    from django.db import transaction

    from cadres.models import Cadre
    from volunteering.models import ServiceActivity, ServiceRecord, Team

    team = Team.objects.filter(area__path__startswith=area.path).order_by("pk").first()
    cadre = Cadre.objects.filter(area__path__startswith=area.path).order_by("pk").first()
    activity = ServiceActivity.objects.create(team=team, date=month.start, title="基准测试")
    made: list[Any] = []

    @transaction.atomic
    def write() -> None:
        made.append(ServiceRecord.objects.create(
            activity=activity, cadre=cadre, date=activity.date, hours=2
        ))  # fmt: skip

    @transaction.atomic
    def undo() -> None:
        made.pop().delete()
        activity.delete()

    return write, undo


def time_once(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


@dataclass
class DashboardResult:
    target: Target
    naive_ms: float
    ours_ms: float
    queries: int
    sql_ms: float
    cold_ms: list[float]
    cold_queries: int
    missing_ms: list[float]
    missing_queries: int
    changed_ms: list[float]
    write_ms: list[float]
    parts: list[tuple[str, float]]


def bench_dashboard(target: Target, month: Any, args: argparse.Namespace) -> DashboardResult:
    from django.urls import reverse

    from laoshan_portal.accounts.models import Area

    client = login(target.user)
    page = get_page(
        client, reverse("reports:dashboard_area", args=[target.area.pk]), {"month": str(month)}
    )
    # The first request of a process imports and compiles what every later one reuses.
    small = Area.objects.filter(path__startswith=target.area.path, level=Area.Level.COMMUNITY)
    first = small.order_by("path").first() or target.area
    get_page(client, reverse("reports:dashboard_area", args=[first.pk]), {"month": str(month)})()
    cold_ms, cold_queries = [], 0
    for _ in range(args.cold_runs):
        mark_subtree_stale(target.area)
        started = time.perf_counter()
        log = query_log(page)
        cold_ms.append((time.perf_counter() - started) * 1000)
        cold_queries = len(log)
        print(f"{target.label}: cold view {cold_ms[-1]:.0f} ms", file=sys.stderr)
    missing_ms, missing_queries = [], 0
    for _ in range(args.cold_runs):
        delete_subtree_months(target.area, month)
        started = time.perf_counter()
        log = query_log(page)
        missing_ms.append((time.perf_counter() - started) * 1000)
        missing_queries = len(log)
        count_subtree_months(target.area, month)
        print(f"{target.label}: rows missing {missing_ms[-1]:.0f} ms", file=sys.stderr)
    # One change: a service record entered in a community, then the next view.
    changed_ms, write_ms = [], []
    for _ in range(args.cold_runs):
        page()
        write, undo = one_record(first, month)
        write_ms.append(time_once(write))
        changed_ms.append(time_once(page))
        undo()
    print(f"{target.label}: one record written in {write_ms[-1]:.0f} ms", file=sys.stderr)
    print(f"{target.label}: after one change {changed_ms[-1]:.0f} ms", file=sys.stderr)
    queries = naive_queries(target.area, month)
    naive = all_of([raw_sql(sql, params) for _label, sql, params in queries])
    naive_ms, ours_ms = paired_median_ms([naive, page], args.runs, args.warmup)
    log = query_log(page)
    if args.queries:
        print(f"  {target.label}: {len(log)} queries, {sum(t for t, _ in log):.1f} ms in SQL")
        for spent, sql in log:
            print(f"    {spent:7.1f} ms  {sql[:300]}")
    parts = [
        (label, median_ms(raw_sql(sql, params), args.runs, 1)) for label, sql, params in queries
    ]
    print(f"{target.label}: naive {naive_ms:.1f} ms, ours {ours_ms:.1f} ms", file=sys.stderr)
    return DashboardResult(
        target,
        naive_ms,
        ours_ms,
        len(log),
        sum(t for t, _ in log),
        cold_ms,
        cold_queries,
        missing_ms,
        missing_queries,
        changed_ms,
        write_ms,
        parts,
    )


def count_queries(target: Target, month: Any) -> int:
    from django.urls import reverse

    client = login(target.user)
    page = get_page(
        client, reverse("reports:dashboard_area", args=[target.area.pk]), {"month": str(month)}
    )
    page()  # the rows fresh
    return len(query_log(page))


# ----------------------------------------------------------------------------- output


def print_dashboards(results: list[DashboardResult], month: Any, args: argparse.Namespace) -> None:
    print(f"\nDashboards for {month}; median of {args.runs} requests after {args.warmup} "
          f"warm-up requests, the naive queries and the page taking turns.\n")  # fmt: skip
    print("| Dashboard | active cadres / service records in it | naive, 6 raw SQL (ms) "
          "| ours, rows fresh (ms) | ours / naive | goal | met | queries (SQL ms) "
          "| one record written (ms) | view after it (ms) | cold first view (ms) "
          "| cold queries | rows missing, first view (ms) | its queries |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: "
          "| ---: | ---: |")  # fmt: skip
    for r in results:
        ratio = r.ours_ms / r.naive_ms
        met = "yes" if ratio <= GOAL_RATIO else "**no**"
        cold = " / ".join(f"{ms:,.0f}" for ms in r.cold_ms) or "-"
        missing = " / ".join(f"{ms:,.0f}" for ms in r.missing_ms) or "-"
        changed = " / ".join(f"{ms:,.0f}" for ms in r.changed_ms) or "-"
        written = " / ".join(f"{ms:,.0f}" for ms in r.write_ms) or "-"
        print(
            f"| {r.target.label} | {r.target.cadres:,} / {r.target.records:,} "
            f"| {r.naive_ms:.1f} | {r.ours_ms:.1f} | {ratio:.2f} | ≤ {GOAL_RATIO} | {met} "
            f"| {r.queries} ({r.sql_ms:.1f}) | {written} | {changed} | {cold} | {r.cold_queries} "
            f"| {missing} | {r.missing_queries} |"
        )
    print("\n| Naive query | " + " | ".join(r.target.area.name + " (ms)" for r in results) + " |")
    print("| --- |" + " ---: |" * len(results))
    for index, (label, _ms) in enumerate(results[0].parts):
        cells = " | ".join(f"{r.parts[index][1]:.1f}" for r in results)
        print(f"| {label} | {cells} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--month", default="", help="YYYY-MM; this month by default.")
    parser.add_argument("--area", action="append", default=[], help="Another area code.")
    parser.add_argument("--queries", action="store_true", help="Print each page's SQL.")
    parser.add_argument("--counts-only", action="store_true", help="Only the query counts.")
    parser.add_argument("--skip-reports", action="store_true")
    parser.add_argument("--reports-only", action="store_true", help="No dashboards.")
    parser.add_argument("--report-months", type=int, default=5)
    parser.add_argument("--report-timeout", type=float, default=900)
    parser.add_argument(
        "--fresh-only", action="store_true", help="Only the reports run with fresh rows."
    )
    parser.add_argument(
        "--monthly-job", action="store_true",
        help="Then last month's reports as the job writes them on the 1st: rows fresh, "
        "the care plans' coverage not yet counted, the job's preparation timed with them.",
    )  # fmt: skip
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    setup_django()
    from reports.periods import Month

    month = Month.parse(args.month) if args.month else Month.current()
    chosen = targets(args.area)
    if args.counts_only:
        print("| Dashboard | active cadres / service records in it | queries |")
        print("| --- | ---: | ---: |")
        for target in chosen:
            count = count_queries(target, month)
            print(f"| {target.label} | {target.cadres:,} / {target.records:,} | {count} |")
        return
    info = machine()
    load_before = " / ".join(f"{n:.2f}" for n in os.getloadavg())
    results = [] if args.reports_only else [bench_dashboard(t, month, args) for t in chosen]
    runs, areas = ([], 0) if args.skip_reports else bench_reports(args, LAOSHAN)
    info["load average (1/5/15 min) before / after"] = (
        f"{load_before}; {' / '.join(f'{n:.2f}' for n in os.getloadavg())}"
    )
    print(f"\n### Dashboards ({info['date']}, {info['CPU']}, {info['nproc']} CPUs)\n")
    info["tasks"] = "queued to the broker" if os.environ.get("REDIS_URL") else "run in the page"
    for key, value in info.items():
        print(f"- {key}: {value}")
    if results:
        print_dashboards(results, month, args)
    if runs:
        print_reports(runs, areas, args)


if __name__ == "__main__":
    main()
