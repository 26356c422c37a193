"""The five campaigns (五大行动): fixed rows, named by their codes' translated labels."""

from __future__ import annotations

from typing import Any

from django.db import migrations

CODES = ["red_heritage", "social_governance", "volunteer_backbone", "youth", "civilised_customs"]


def create(apps: Any, schema_editor: Any) -> None:
    campaign = apps.get_model("campaigns", "Campaign")
    for order, code in enumerate(CODES, start=1):
        campaign.objects.update_or_create(code=code, defaults={"sort_order": order})


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("campaigns", "Campaign").objects.filter(code__in=CODES).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
