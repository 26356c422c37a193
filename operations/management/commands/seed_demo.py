"""``manage.py seed_demo``: load the Laoshan demo data; running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from laoshan_portal.accounts import demo
from laoshan_portal.signals import bulk_change


def demo_steps() -> list[Any]:
    """Each app's demo step, in the order of INSTALLED_APPS (an app after those it builds
    on): the app configs that define ``seed_demo() -> dict[str, int]`` (and, for apps
    with accounts of their own, ``demo_accounts() -> list[str]``, lines of the list)."""
    return [config for config in apps.get_app_configs() if hasattr(config, "seed_demo")]


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
        for config in demo_steps():
            made = config.seed_demo()
            summary = ", ".join(f"{key} {value}" for key, value in made.items())
            self.stdout.write(f"{config.label}: {summary}")
        bulk_change.send(sender=None)
        self.stdout.write("Demo accounts (password from DEMO_PASSWORD):")
        for account in accounts:
            self.stdout.write(
                f"  {account.username:<15} {account.role.label:<10} {account.area_name}"
            )
        for config in demo_steps():
            for line in getattr(config, "demo_accounts", list)():
                self.stdout.write(line)
        self.stdout.write(f"  password: {settings.DEMO_PASSWORD}")
