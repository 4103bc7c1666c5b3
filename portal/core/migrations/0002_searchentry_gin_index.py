"""A GIN index on the search vector, on PostgreSQL only.

SQLite (the quickstart) has no tsvector or GIN, and searches by plain text
matching instead, so this migration does nothing there.
"""

from django.db import migrations

INDEX = "portal_searchentry_document_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON portal_searchentry USING gin (document)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
