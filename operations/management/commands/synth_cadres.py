"""``manage.py synth_cadres --cadres N``: a large synthetic registry for benchmarks.

The records are made by ``operations.synthetic.cadres``; ``--clear`` removes earlier ones.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser

from laoshan_portal.signals import bulk_change
from operations.synthetic.cadres import synth_cadres, synth_clear
from operations.synthetic.command import SyntheticCommand


class Command(SyntheticCommand):
    help = "Add N synthetic cadres in bulk (for benchmarks); --clear removes earlier ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cadres", type=int, default=0, help="How many records to add.")
        super().add_arguments(parser)

    def synthesise(self, **options: Any) -> None:
        if options["cadres"] < 0:
            raise CommandError("--cadres must be 0 or more.")
        if options["clear"]:
            self.stdout.write(f"Deleted {synth_clear()} synthetic records.")
        if options["cadres"]:
            started = time.monotonic()
            made = synth_cadres(
                count=options["cadres"], seed=options["seed"], progress=self.stdout.write
            )
            self.stdout.write(f"Added {made} records in {time.monotonic() - started:.0f} s.")
        bulk_change.send(sender=None)
