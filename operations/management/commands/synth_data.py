"""``manage.py synth_data --cadres N --records M``: a large world for the dashboards' benchmark.

It adds, in bulk, to the Laoshan tree (``--tree laoshan``) or to a synthetic province
(``--tree province``, 16 cities × 10 districts × 8 streets × 10 communities × 3 compounds
by default, codes starting with 99, which no Chinese province has): N cadres spread over
the compounds, volunteer teams in every community in proportion to its cadres, and M
service records (10 × N by default) of those cadres at activities spread over the last 24
months, most accepted, some declined with a reason, 0.5 to 8 hours each.

Rows are written with ``bulk_create`` (cadres 5,000 at a time, encrypted on the way as
the fields do), so no signal fires and no audit entry is written: these are not records
anybody entered. At the end it sends ``bulk_change``, which marks every summary row
stale. Synthetic rows carry ``SYNTH_MARK`` (cadres in their address, teams in their
name, the province in its code), so that ``--clear`` removes exactly them, including the
cadres of ``synth_cadres``.
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from faker import Faker

from laoshan_portal.accounts.models import Area
from laoshan_portal.signals import bulk_change
from operations.synthetic.activity import synth_activity
from operations.synthetic.areas import DEFAULT_SHAPE, SHAPE_LIMITS, laoshan_tree, province_tree
from operations.synthetic.cadres import synth_cadres
from operations.synthetic.clearing import synth_data_clear
from operations.synthetic.command import SyntheticCommand


class Command(SyntheticCommand):
    rows = "data"
    help = (
        "Add synthetic cadres, volunteer teams, activities and service records in bulk "
        "(for the dashboards' benchmark); --clear removes earlier ones."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cadres", type=int, default=0, help="How many cadres to add.")
        parser.add_argument(
            "--records", type=int, default=None, help="How many service records (10 × cadres)."
        )
        parser.add_argument("--tree", choices=["laoshan", "province"], default="laoshan")
        parser.add_argument(
            "--shape",
            default=",".join(map(str, DEFAULT_SHAPE)),
            help="The province: cities,districts,streets,communities,compounds per parent.",
        )
        super().add_arguments(parser)

    def synthesise(self, **options: Any) -> None:
        cadres = options["cadres"]
        records = 10 * cadres if options["records"] is None else options["records"]
        if cadres < 0 or records < 0:
            raise CommandError("--cadres and --records must be 0 or more.")
        shape = parse_shape(options["shape"])
        write = self.stdout.write
        started = time.monotonic()
        if options["clear"]:
            cleared = synth_data_clear()
            write("Deleted " + ", ".join(f"{n:,} {what}" for what, n in cleared.items()) + ".")
        if cadres or records:
            step = time.monotonic()
            root = province_tree(shape) if options["tree"] == "province" else laoshan_tree()
            areas = Area.objects.filter(path__startswith=root.path).count()
            write(f"Tree {root.name} ({root.code}): {areas:,} areas ({_since(step)}).")
            rng = random.Random(options["seed"])  # noqa: S311 - synthetic data  # nosec B311
            fake = Faker("zh_CN")
            fake.seed_instance(options["seed"])
            if cadres:
                step = time.monotonic()
                made = synth_cadres(count=cadres, seed=options["seed"], progress=write, root=root)
                write(f"Cadres: {made:,} ({_since(step)}).")
            step = time.monotonic()
            made_rows = synth_activity(
                root=root, records=records, rng=rng, fake=fake, progress=write
            )
            write(
                ", ".join(f"{what.capitalize()}: {n:,}" for what, n in made_rows.items())
                + f" ({_since(step)})."
            )
        bulk_change.send(sender=None)
        write(f"Done in {_since(started)}; the dashboards' summary rows are marked stale.")


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.1f} s"


def parse_shape(text: str) -> tuple[int, ...]:
    try:
        shape = tuple(int(part) for part in text.split(","))
    except ValueError:
        shape = ()
    if len(shape) != len(SHAPE_LIMITS) or not all(
        1 <= size <= limit for size, limit in zip(shape, SHAPE_LIMITS, strict=True)
    ):
        limits = ",".join(map(str, SHAPE_LIMITS))
        raise CommandError(f"--shape: five counts from 1 up to {limits}, not {text!r}.")
    return shape
