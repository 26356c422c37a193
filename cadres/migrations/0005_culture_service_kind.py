"""The bureau's sheets name 文化活动 as a kind of service; the list offers it too."""

from django.db import migrations


def add(apps, schema_editor):
    ServiceKind = apps.get_model("cadres", "ServiceKind")
    ServiceKind.objects.get_or_create(name="文化活动", defaults={"sort_order": 9})


class Migration(migrations.Migration):
    dependencies = [("cadres", "0004_name_label")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
