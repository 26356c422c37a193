"""The audit trail's hash chain (audit.chain), and TRUNCATE refused on PostgreSQL.

Events written before this migration are chained here, in the order they were written.
"""

import django.utils.timezone
from django.db import migrations, models

from laoshan_portal.audit.chain import GENESIS, event_digest

# The hash of the chain's last event, taken under a lock that writers of the chain hold
# until their transaction ends. In one call: the read runs after the lock is granted, on a
# fresh snapshot (a volatile function's statements each take one), so it sees the event the
# previous writer committed.
CHAIN_HEAD = """
CREATE OR REPLACE FUNCTION audit_chain_head(lock_key bigint) RETURNS varchar AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    RETURN (SELECT hash FROM audit_auditevent ORDER BY id DESC LIMIT 1);
END;
$$ LANGUAGE plpgsql VOLATILE;
"""
CHAIN_HEAD_UNDO = "DROP FUNCTION IF EXISTS audit_chain_head(bigint);"

NO_TRUNCATE = """
CREATE OR REPLACE FUNCTION audit_event_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events cannot be truncated';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate();
"""
NO_TRUNCATE_UNDO = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_no_truncate();
"""


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:  # the append-only trigger refuses updates; the migration's role owns it
        schema_editor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
    prev_hash, batch = GENESIS, []
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        event.prev_hash = prev_hash
        event.hash = prev_hash = event_digest(event, prev_hash)
        batch.append(event)
        if len(batch) == 1000:
            AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
    if postgres:
        schema_editor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


def create_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CHAIN_HEAD)
        schema_editor.execute(NO_TRUNCATE)


def drop_functions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NO_TRUNCATE_UNDO)
        schema_editor.execute(CHAIN_HEAD_UNDO)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(
                blank=True, db_default="", editable=False, max_length=64, verbose_name="hash"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                blank=True,
                db_default="",
                editable=False,
                max_length=64,
                verbose_name="previous hash",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="time",
            ),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(create_functions, drop_functions),
    ]
