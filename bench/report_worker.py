"""The monthly reports part of bench/bench_dashboard.py: a real Celery worker writes the
reports of every area under a district, timed from queueing to the last row done."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Issue 17: the 165 reports within 30 s with the rows fresh, 60 s with every row stale.
GOAL_FRESH_SECONDS, GOAL_STALE_SECONDS = 30, 60


class Worker:
    """``celery -A laoshan_portal worker -c 2`` in a subprocess, for the duration of a block."""

    def __init__(self, media: Path, log: Path, concurrency: int) -> None:
        self.media, self.log, self.concurrency = media, log, concurrency
        self.name = f"bench-dashboard-{os.getpid()}@localhost"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Worker:
        from laoshan_portal.celery import app

        env = {**os.environ, "DEBUG": "0", "MEDIA_ROOT": str(self.media)}
        command = [sys.executable, "-m", "celery", "-A", "laoshan_portal", "worker",
                   "-c", str(self.concurrency), "--pool", "prefork", "-n", self.name,
                   "-l", "warning", "--without-gossip", "--without-mingle"]  # fmt: skip
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"The worker stopped at start; see {self.log}")
            if app.control.ping(destination=[self.name], timeout=1.0):
                return self
        raise SystemExit(f"The worker did not answer within 120 s; see {self.log}")

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        self.process.terminate()  # a warm shutdown: running tasks finish first
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class ReportRun:
    label: str
    reports: int
    seconds: float
    failed: list[str]


def queue_and_wait(
    label: str, areas: list[Any], months: list[Any], timeout: float, *, first_rows: bool = False
) -> ReportRun:
    """Queue the reports and wait for the last; with ``first_rows``, as the monthly job
    does (``reports.tasks.prepare_then_queue``): what they read counted first for the
    whole tree, each month's summary rows and each month's care plans' coverage a task of
    the worker's, the reports queued when the last is counted (all timed together). The
    job reports on every area: the database must hold no area outside the district."""
    from django.utils import timezone

    from reports import services, tasks
    from reports.models import MonthlyReport

    finished = [MonthlyReport.Status.DONE, MonthlyReport.Status.FAILED]
    started, since = time.perf_counter(), timezone.now()
    if first_rows:
        parts = tasks.prepare_then_queue(months)
        wanted = MonthlyReport.objects.filter(
            area__in=areas, month__in=[month.start for month in months], requested_at__gte=since
        )
        deadline = time.monotonic() + timeout
        while wanted.count() < len(areas) * len(months):
            if time.monotonic() > deadline:
                raise SystemExit(f"{label}: the reports not queued after {timeout:.0f} s")
            time.sleep(0.2)
        counted = time.perf_counter() - started
        print(f"{label}: {parts} parts counted in {counted:.1f} s", file=sys.stderr)
        ids = list(wanted.values_list("pk", flat=True))
    else:
        ids = [
            report.pk
            for month in months
            for report in services.reports_queue(month=month, areas=areas)  # type: ignore[arg-type]
        ]
    deadline = time.monotonic() + timeout
    while MonthlyReport.objects.filter(pk__in=ids).exclude(status__in=finished).exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{label}: reports still running after {timeout:.0f} s")
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    failed = [
        f"{report.area.code} {report.month:%Y-%m}: {report.error[:200]}"
        for report in MonthlyReport.objects.filter(
            pk__in=ids, status=MonthlyReport.Status.FAILED
        ).select_related("area")
    ]
    print(f"{label}: {len(ids)} reports in {seconds:.1f} s", file=sys.stderr)
    return ReportRun(label, len(ids), seconds, failed)


def bench_reports(args: argparse.Namespace, district_code: str) -> tuple[list[ReportRun], int]:
    from django.conf import settings

    from laoshan_portal.accounts.models import Area
    from laoshan_portal.celery import app
    from laoshan_portal.scoping import Scope
    from reports import services
    from reports.models import AreaMonth
    from reports.periods import Month

    if not settings.REDIS_URL or app.conf.task_always_eager:
        raise SystemExit("The reports need a real broker: set REDIS_URL=redis://…/7")
    district = Area.objects.get(code=district_code)
    areas = list(services.report_areas(scope=Scope(area=district)))
    last = Month.current().previous()
    months = last.trailing(args.report_months)
    media = Path(tempfile.mkdtemp(prefix="bench-dashboard-media-"))
    settings.MEDIA_ROOT = media
    app.control.purge()  # messages left over by an interrupted run
    runs = []
    try:
        with Worker(media, media / "worker.log", args.concurrency):
            # Each worker process loads WeasyPrint and its fonts once, on its first report.
            queue_and_wait("warm-up", areas[:4], [last.shifted(-args.report_months)], 300)
            if not args.fresh_only:
                stale = AreaMonth.objects.filter(area__path__startswith=district.path)
                stale.update(stale=True)
                runs.append(
                    queue_and_wait(
                        "summary rows stale, the monthly job's one pass first",
                        areas,
                        months,
                        args.report_timeout,
                        first_rows=True,
                    )  # fmt: skip
                )
            runs.append(queue_and_wait("summary rows fresh", areas, months, args.report_timeout))
            if args.monthly_job:
                from care.coverage import coverage_changed

                coverage_changed()  # what the runs above counted is not kept on the 1st
                runs.append(
                    queue_and_wait(
                        "the monthly job: last month, rows fresh, its preparation first",
                        areas,
                        [last],
                        args.report_timeout,
                        first_rows=True,
                    )
                )
    finally:
        shutil.rmtree(media, ignore_errors=True)
    return runs, len(areas)


def print_reports(runs: list[ReportRun], areas: int, args: argparse.Namespace) -> None:
    print(f"\nMonthly reports of the {areas} Laoshan areas × {args.report_months} months, "
          f"a worker with {args.concurrency} processes:\n")  # fmt: skip
    print("| Run | reports | seconds | per report (s) | failed | goal | met |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | :---: |")
    for run in runs:
        goal = GOAL_FRESH_SECONDS if "fresh" in run.label else GOAL_STALE_SECONDS
        met = "yes" if run.seconds <= goal and not run.failed else "**no**"
        if run.reports != areas * args.report_months:  # the goals are the whole run's
            goal_cell, met = "—", "—"
        else:
            goal_cell = f"≤ {goal} s"
        print(
            f"| {run.label} | {run.reports} | {run.seconds:.1f} | "
            f"{run.seconds / run.reports:.2f} | {len(run.failed)} | "
            f"{goal_cell} | {met} |"
        )
        for line in run.failed[:5]:
            print(f"  - failed: {line}")
