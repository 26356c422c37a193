"""``manage.py seed_demo``: load the Laoshan demo data; running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from laoshan_portal.accounts import demo


class Command(BaseCommand):
    help = "Load the Laoshan demo areas and accounts (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with LAOSHAN_ENV=production (this resets the demo accounts).",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if settings.PRODUCTION and not force:
            raise CommandError(
                "Refusing to load demo data into a production deployment "
                "(LAOSHAN_ENV=production); pass --force if you really mean it."
            )
        areas = demo.seed_areas()
        accounts = demo.seed_accounts(settings.DEMO_PASSWORD)
        self.stdout.write(f"Areas: {areas}")
        from cadres.demo import seed_cadres, seed_posts_needs_and_checkins

        self.stdout.write(f"Cadres added: {seed_cadres()}")
        made = seed_posts_needs_and_checkins()
        self.stdout.write("Registry: " + ", ".join(f"{k} {v}" for k, v in made.items()))
        self.stdout.write("Demo accounts (password from DEMO_PASSWORD):")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<15} {account.role.label:<10} {account.area_name}"
            )
        self.stdout.write(f"  password: {settings.DEMO_PASSWORD}")
