"""The outbox flush, every minute, kept in the database for django-celery-beat.

Operators can see and change it in the admin (Periodic tasks).
"""

from django.db import migrations

TASK_NAME = "Queue tasks kept while the broker was away (outbox)"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "portal.tasks.outbox_flush",
            "interval": every_minute,
            "description": "Every minute: queue the emails and other background "
            "tasks that were kept in the database while Redis was unreachable.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name=TASK_NAME
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_outboxmessage"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
