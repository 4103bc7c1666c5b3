# The search index moved to portal.site (label "site"); its table stays.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0004_outbox_flush_schedule'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='SearchEntry')],
            database_operations=[],
        ),
    ]
