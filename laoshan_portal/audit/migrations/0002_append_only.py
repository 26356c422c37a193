"""On PostgreSQL the database itself keeps the audit trail append-only.

No row may be changed; a row may be deleted only once it is older than 180 days (the
purge command). This holds whatever code or person connects with the application's role.
(TRUNCATE, which only the owner can run, is not a row operation: test teardown uses it.)
The embedded SQLite default relies on the portal alone: no delete or change is offered.
"""

from django.db import migrations

POSTGRES = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit events cannot be changed';
    END IF;
    IF OLD."at" > now() - interval '180 days' THEN
        RAISE EXCEPTION 'audit events are kept at least 180 days';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""
POSTGRES_UNDO = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""
def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_UNDO)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
