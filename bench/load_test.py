#!/usr/bin/env python
"""A bounded load test: N signed-in sessions browse the main pages for a fixed time.

Loopback only, stops by itself. Run it against gunicorn with production settings, e.g.
through the production smoke test, which starts the whole stack and then runs it:

    SMOKE_THEN="bench/load_test.py --users 50 --seconds 120" scripts/smoke_production.sh

Prints throughput, latency percentiles and errors, per page and in all.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from smoke_client import signed_in  # noqa: E402

PAGES = [
    "/",
    "/dashboard/",
    "/cadres/",
    "/cadres/checkins/",
    "/campaigns/",
    "/volunteering/activities/",
    "/volunteering/ranking/",
    "/mediation/",
    "/reports/",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=os.environ.get("SMOKE_BASE", "http://127.0.0.1:58000"))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument(
        "--accounts",
        default=os.environ.get("SMOKE_ACCOUNTS", "jinjialing,ruidu,wushan,leader"),
        help="comma-separated user names, used in turn",
    )
    parser.add_argument("--password", default=os.environ.get("SMOKE_PASSWORD", ""))
    parser.add_argument(
        "--think", type=float, default=0.0,
        help="mean seconds a user reads a page before the next (uniform 0 to twice this)",
    )  # fmt: skip
    args = parser.parse_args()
    if urlsplit(args.base).hostname not in ("127.0.0.1", "localhost"):
        parser.error("loopback only: --base must be http://127.0.0.1:…")
    accounts = args.accounts.split(",")
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    ready = threading.Barrier(args.users + 1)
    stop_at = [0.0]

    def user(index: int) -> None:
        client = signed_in(args.base, accounts[index % len(accounts)], args.password)
        ready.wait()
        if client is None:
            with lock:
                errors["sign-in"] += 1
            return
        step = index
        while time.monotonic() < stop_at[0]:
            page = PAGES[step % len(PAGES)]
            step += 1
            started = time.monotonic()
            try:
                status, _, _ = client.request(page)
            except OSError:
                status = 0
            elapsed = (time.monotonic() - started) * 1000
            with lock:
                timings[page].append(elapsed)
                if status != 200:
                    errors[page] += 1
            if args.think:
                time.sleep(random.uniform(0, 2 * args.think))  # noqa: S311  # nosec B311

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(args.users)]
    for thread in threads:
        thread.start()
    ready.wait()  # every session signed in; the clock starts now
    began = time.monotonic()
    cpu_before = os.times()
    stop_at[0] = began + args.seconds
    for thread in threads:
        thread.join(timeout=args.seconds + 60)
    wall = time.monotonic() - began
    cpu_after = os.times()
    client_cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    every = [value for values in timings.values() for value in values]
    print(f"{args.users} sessions, think time {args.think:g} s, {wall:.0f} s, "
          f"{len(every)} requests, {len(every) / wall:.1f} requests/s, "
          f"{sum(errors.values())} errors")  # fmt: skip
    # On a machine shared with the portal, the client's own share is CPU the portal lacked.
    print(f"load client: {client_cpu:.0f} CPU seconds, "
          f"{100 * client_cpu / (wall * (os.cpu_count() or 1)):.0f} % of the machine's "
          f"{os.cpu_count()} CPUs")  # fmt: skip
    print("| page | requests | median (ms) | p95 (ms) | errors |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for page in PAGES:
        values = timings[page] or [0.0]
        print(f"| `{page}` | {len(timings[page])} | {statistics.median(values):.0f} | "
              f"{percentile(values, 0.95):.0f} | {errors[page]} |")  # fmt: skip
    print(f"| all | {len(every)} | {statistics.median(every or [0]):.0f} | "
          f"{percentile(every or [0.0], 0.95):.0f} | {sum(errors.values())} |")  # fmt: skip
    return 1 if sum(errors.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
