"""The base of the synthetic-data commands (``synth_cadres``, ``synth_data``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class SyntheticCommand(BaseCommand):
    """A command that adds synthetic rows: ``--seed``, ``--clear``, ``--force``, and a
    refusal on a production deployment unless forced. Subclasses write ``synthesise``."""

    rows = "records"  # what the messages call the rows it adds

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
        parser.add_argument(
            "--clear", action="store_true", help=f"Delete earlier synthetic {self.rows} first."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with LAOSHAN_ENV=production."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError(
                f"Refusing to add synthetic {self.rows} to a production deployment "
                "(LAOSHAN_ENV=production); pass --force if you really mean it."
            )
        self.synthesise(**options)

    def synthesise(self, **options: Any) -> None:
        raise NotImplementedError
