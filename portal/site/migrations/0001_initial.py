# The search index, moved here from the portal app: state only, the table
# (portal_searchentry) was created by portal.0001 and is kept.
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('partnerships', '0001_initial'),
        ('plans', '0001_initial'),
        ('portal', '0005_move_searchentry_to_site'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='SearchEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('partnership', 'Partnership'), ('plan', 'Plan'), ('priority', 'Priority')], max_length=20)),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('title', models.CharField(max_length=300)),
                        ('summary', models.TextField(blank=True)),
                        ('body', models.TextField(blank=True)),
                        ('url', models.CharField(max_length=500)),
                        ('document', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                        ('indexed_at', models.DateTimeField(auto_now=True)),
                        ('partnership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='partnerships.partnership')),
                        ('plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='plans.plan')),
                    ],
                    options={
                        'db_table': 'portal_searchentry',
                        'verbose_name_plural': 'search entries',
                        'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='searchentry_unique_object')],
                    },
                ),
            ],
        ),
    ]
