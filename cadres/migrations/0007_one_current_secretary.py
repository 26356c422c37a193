"""One secretary in office per party organisation.

Where an organisation had several secretaries in office at once, the latest to take up
the post keeps it and the others' posts end on the day it was taken up (their last day
the one before): the records say who came after them.
"""

from django.db import migrations, models


def end_superseded_secretaries(apps, schema_editor):
    Post = apps.get_model("cadres", "Post")
    current = Post.objects.filter(kind="secretary", end_date__isnull=True)
    latest = {}
    for post in current.order_by("area_id", "organisation", "-start_date", "-pk"):
        key = (post.area_id, post.organisation)
        if key not in latest:
            latest[key] = post
            continue
        post.end_date = max(latest[key].start_date, post.start_date)
        post.save(update_fields=["end_date"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_password_history"),
        ("cadres", "0006_registry_list_indexes"),
    ]

    operations = [
        migrations.RunPython(end_superseded_secretaries, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="post",
            constraint=models.UniqueConstraint(
                condition=models.Q(("end_date__isnull", True), ("kind", "secretary")),
                fields=("area", "organisation"),
                name="one_current_secretary_per_organisation",
                violation_error_message="This party organisation has a secretary in office; end that post first.",
            ),
        ),
    ]
