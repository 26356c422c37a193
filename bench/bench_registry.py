"""Benchmark of the registry list against Django's stock admin changelist; run by hand.

    DATABASE_URL=postgres://user:pw@host:port/db .venv/bin/python bench/bench_registry.py

The database must hold the demo tree and accounts and a large registry:
``manage.py migrate && manage.py seed_demo && manage.py synth_cadres --cadres 200000``.
Each page is requested in-process with Django's test client (DEBUG off, a forced login):
a few warm-up requests, then the median of ``--runs`` (15) requests. The two pages of a pair
take turns, so that a change in the machine's load weighs on both alike. The stock admin
is a plain ``ModelAdmin`` on a private ``AdminSite`` mounted at /bench-admin/, signed in as
the district administrator. The raw SQL of the naive queries is timed too, for context.
``--queries`` prints every SQL statement of one request of each page with its time.
Prints a Markdown table, ready to paste into docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoshan_portal.settings")
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("Run this against PostgreSQL: set DATABASE_URL=postgres://...")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    mount_stock_admin()


def mount_stock_admin() -> None:
    """The portal's URLs plus a stock admin of Cadre at /bench-admin/."""
    from django.conf import settings
    from django.contrib import admin
    from django.urls import clear_url_caches, include, path

    from cadres.models import Cadre

    class StockCadreAdmin(admin.ModelAdmin):
        list_display = ["name", "gender", "birth_date", "area", "political_status", "status"]
        list_filter = ["status", "area", "specialties"]
        search_fields = ["name"]

    site = admin.AdminSite(name="bench_admin")
    site.register(Cadre, StockCadreAdmin)
    urls = types.ModuleType("bench_registry_urls")
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path("bench-admin/", site.urls),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    clear_url_caches()


def machine() -> dict[str, str]:
    from django.db import connection

    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        ram = "?"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
        cursor.execute("SHOW lc_ctype")
        ctype = cursor.fetchone()[0]
    return {
        "date": date.today().isoformat(),  # noqa: DTZ011 - the day of the run
        "nproc": str(os.cpu_count()),
        "RAM": ram,
        "CPU": cpu,
        "PostgreSQL": f"{version} (shared_buffers {shared_buffers}, LC_CTYPE {ctype})",
        "Python": platform.python_version(),
        "commit": _git_head(),
    }


def _git_head() -> str:
    try:
        head = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(  # noqa: S603
            ["git", "-C", str(ROOT), "status", "--porcelain"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return f"{head}{' + uncommitted changes' if dirty else ''}"


def median_ms(call: Callable[[], Any], runs: int, warmup: int) -> float:
    return paired_median_ms([call], runs, warmup)[0]


def paired_median_ms(calls: list[Callable[[], Any]], runs: int, warmup: int) -> list[float]:
    """Median time of each call, the calls taking turns so that a change in the machine's
    load during the run weighs on each of them alike."""
    for _ in range(warmup):
        for call in calls:
            call()
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(runs):
        for spent, call in zip(times, calls, strict=True):
            started = time.perf_counter()
            call()
            spent.append((time.perf_counter() - started) * 1000)
    return [statistics.median(spent) for spent in times]


def get_page(client: Any, url: str, params: dict[str, str]) -> Callable[[], Any]:
    def call() -> Any:
        response = client.get(url, params)
        if response.status_code != 200:
            raise SystemExit(f"{url} {params} answered {response.status_code}")
        return response

    return call


def first_time(call: Callable[[], Any]) -> Callable[[], Any]:
    """``call`` as after a change to a record: what the cache kept for the registry's
    records (totals, a search's matches) is forgotten first."""
    from laoshan_portal.kept import forget

    def after_a_change() -> Any:
        forget("cadres")
        return call()

    return after_a_change


def query_log(call: Callable[[], Any]) -> list[tuple[float, str]]:
    """Every statement one call runs, with its time in ms."""
    from django.db import connection

    log: list[tuple[float, str]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            log.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(record):
        call()
    return log


def raw_sql(sql: str, params: list[Any]) -> Callable[[], Any]:
    from django.db import connection

    def call() -> Any:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return call


def pick_inputs() -> dict[str, Any]:
    """The filter values: the most used specialty, common name fragments, a street."""
    from django.db.models import Count

    from cadres.filters import age_band_range
    from cadres.models import Cadre, SpecialtyTag
    from laoshan_portal.accounts.models import Area, User

    tag = SpecialtyTag.objects.annotate(n=Count("cadres")).order_by("-n", "pk").first()
    if tag is None or Cadre.objects.count() < 1000:
        raise SystemExit("Load data first: seed_demo, then synth_cadres --cadres 200000")
    # A two-character fragment of the form surname + first given character ("张晓" of
    # 张晓松), and one from inside the given name, both taken from the commonest names.
    names = list(Cadre.objects.order_by("pk").values_list("name", flat=True)[:2000])
    heads: dict[str, int] = {}
    tails: dict[str, int] = {}
    for name in names:
        if len(name) == 3:
            heads[name[:2]] = heads.get(name[:2], 0) + 1
            tails[name[1:]] = tails.get(name[1:], 0) + 1
    head = max(heads, key=lambda k: (heads[k], k))
    tail = max(tails, key=lambda k: (tails[k], k))
    example = Cadre.objects.filter(name__startswith=head).order_by("pk").first()
    born_after, born_by = age_band_range("70-79", date.today())  # noqa: DTZ011
    return {
        "tag": tag,
        "head": head,
        "tail": tail,
        "initials": example.name_initials if example else "zxs",
        "pinyin": example.name_pinyin[:6] if example else "zhang",
        "street": Area.objects.get(name="金家岭街道", level=Area.Level.STREET),
        "admin": User.objects.get(username="laoshan_admin"),
        "staff": User.objects.get(username="jinjialing"),
        "born_after": born_after,
        "born_by": born_by,
    }


def login(user: Any) -> Any:
    from django.test import Client

    from laoshan_portal.accounts.twofactor import SESSION_KEY, otp_required

    client = Client()
    client.force_login(user)
    if otp_required(user):
        session = client.session
        session[SESSION_KEY] = "bench"
        session.save()
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--queries", action="store_true", help="Print each page's SQL.")
    args = parser.parse_args()
    setup_django()
    from django.urls import reverse

    from cadres.models import Cadre

    inputs = pick_inputs()
    admin_client = login(inputs["admin"])
    staff_client = login(inputs["staff"])
    stock = "/bench-admin/cadres/cadre/"
    ours = reverse("cadres:cadre_list")
    tag = str(inputs["tag"].pk)
    band = {
        "birth_date__gt": inputs["born_after"].isoformat(),
        "birth_date__lte": inputs["born_by"].isoformat(),
    }
    # (label, goal ratio, stock admin request, our request)
    pairs: list[tuple[str, float, Callable[[], Any], Callable[[], Any]]] = [
        (
            "Whole district, unfiltered (district admin)",
            0.5,
            get_page(admin_client, stock, {}),
            get_page(admin_client, ours, {}),
        ),
        (
            f"金家岭 street staff, specialty {inputs['tag'].name}",
            0.3,
            get_page(admin_client, stock, {"specialties__id__exact": tag}),
            get_page(staff_client, ours, {"specialty": tag}),
        ),
        (
            "金家岭 street staff, age 70–79",
            0.3,
            get_page(admin_client, stock, band),
            get_page(staff_client, ours, {"age": "70-79"}),
        ),
    ]

    def search(label: str, admin_types: str, client: Any, we_type: str) -> list[Any]:
        """The stock admin searching ``admin_types`` against ours searching ``we_type``:
        the first time since a record changed (its matches found and sorted) and again
        (kept: ``cadres.selectors.registry_matches``)."""
        stock_call = get_page(admin_client, stock, {"q": admin_types})
        our_call = get_page(client, ours, {"q": we_type})
        return [
            (f"{label}, first time", 0.3, stock_call, first_time(our_call)),
            (f"{label}, again", 0.3, stock_call, our_call),
        ]

    head, tail = inputs["head"], inputs["tail"]
    pairs += [
        *search(f"Name search “{head}” (district admin)", head, admin_client, head),
        *search(f"Name search “{tail}” (district admin)", tail, admin_client, tail),
        *search(f"One character “{head[0]}” (district admin)", head[0], admin_client, head[0]),
        *search(
            f"One pinyin letter “{inputs['initials'][0]}” vs admin “{head[0]}”",
            head[0],
            admin_client,
            inputs["initials"][0],
        ),
        *search(
            f"Pinyin initials “{inputs['initials']}” vs admin “{head}”",
            head,
            admin_client,
            inputs["initials"],
        ),
        *search(
            f"Full pinyin “{inputs['pinyin']}” vs admin “{head}”",
            head,
            admin_client,
            inputs["pinyin"],
        ),
        *search(f"Name search “{head}” (金家岭 street staff)", head, staff_client, head),
    ]
    info = machine()
    load_before = " / ".join(f"{n:.2f}" for n in os.getloadavg())
    total = Cadre.objects.count()
    active = Cadre.objects.filter(status="active").count()
    in_street = Cadre.objects.filter(area__path__startswith=inputs["street"].path).count()
    rows = []
    for label, goal, stock_call, our_call in pairs:
        stock_ms, our_ms = paired_median_ms([stock_call, our_call], args.runs, args.warmup)
        ratio = our_ms / stock_ms
        ours_log = query_log(our_call)
        rows.append((label, stock_ms, our_ms, ratio, goal, ours_log))
        print(f"{label}: admin {stock_ms:.1f} ms, ours {our_ms:.1f} ms", file=sys.stderr)
        if args.queries:
            for call, who in ((stock_call, "admin"), (our_call, "ours")):
                log = query_log(call)
                print(f"  {who}: {len(log)} queries, {sum(t for t, _ in log):.1f} ms in SQL")
                for spent, sql in log:
                    print(f"    {spent:7.1f} ms  {sql[:300]}")
    street_path = inputs["street"].path + "%"
    head, tail = f"%{inputs['head']}%", f"%{inputs['tail']}%"
    naive = [
        ("COUNT(*) of every record (admin's full count)", "SELECT COUNT(*) FROM cadres_cadre", []),
        (
            "COUNT(*) of the street's active records, joined on the area path",
            "SELECT COUNT(*) FROM cadres_cadre c JOIN accounts_area a ON a.id = c.area_id "
            "WHERE a.path LIKE %s AND c.status = 'active'",
            [street_path],
        ),
        (
            "COUNT(DISTINCT) of the street's records with the specialty",
            "SELECT COUNT(*) FROM (SELECT DISTINCT c.id FROM cadres_cadre c "
            "JOIN accounts_area a ON a.id = c.area_id "
            "JOIN cadres_cadre_specialties s ON s.cadre_id = c.id "
            "WHERE a.path LIKE %s AND c.status = 'active' AND s.specialtytag_id = %s) t",
            [street_path, inputs["tag"].pk],
        ),
        (
            "First page of the street, joined, ordered by pinyin",
            "SELECT c.id, c.name, a.name FROM cadres_cadre c JOIN accounts_area a "
            "ON a.id = c.area_id WHERE a.path LIKE %s AND c.status = 'active' "
            "ORDER BY c.name_pinyin, c.id LIMIT 25",
            [street_path],
        ),
        (
            f"COUNT(*) name LIKE '{head}'",
            "SELECT COUNT(*) FROM cadres_cadre WHERE name LIKE %s",
            [head],
        ),
        (
            f"COUNT(*) name LIKE '{tail}'",
            "SELECT COUNT(*) FROM cadres_cadre WHERE name LIKE %s",
            [tail],
        ),
        (
            f"COUNT(*) UPPER(name) LIKE UPPER('{tail}') (admin's search)",
            "SELECT COUNT(*) FROM cadres_cadre WHERE UPPER(name::text) LIKE UPPER(%s)",
            [tail],
        ),
    ]
    sql_rows = [(label, median_ms(raw_sql(sql, p), args.runs, 2)) for label, sql, p in naive]

    # Other work on the machine shows here: the pairs take turns, so their ratios suffer
    # less from it than their times.
    info["load average (1/5/15 min) before / after"] = (
        f"{load_before}; {' / '.join(f'{n:.2f}' for n in os.getloadavg())}"
    )
    print(f"\n### Registry list ({info['date']}, {info['CPU']}, {info['nproc']} CPUs)\n")
    for key, value in info.items():
        print(f"- {key}: {value}")
    print(
        f"- data: {total:,} records ({active:,} active), {in_street:,} of them in 金家岭街道; "
        f"median of {args.runs} requests after {args.warmup} warm-up requests each\n"
    )
    print(
        "| Page | stock admin (ms) | ours (ms) | ours / admin | goal | met | our queries (SQL ms) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | :---: | ---: |")
    for label, stock_ms, our_ms, ratio, goal, log in rows:
        met = "yes" if ratio <= goal else "**no**"
        sql_ms = sum(spent for spent, _ in log)
        print(
            f"| {label} | {stock_ms:.1f} | {our_ms:.1f} | {ratio:.2f} | ≤ {goal} | {met} "
            f"| {len(log)} ({sql_ms:.1f}) |"
        )
    print("\n| Raw SQL, for context | ms |")
    print("| --- | ---: |")
    for label, spent in sql_rows:
        print(f"| {label.replace('|', '/')} | {spent:.1f} |")


if __name__ == "__main__":
    main()
