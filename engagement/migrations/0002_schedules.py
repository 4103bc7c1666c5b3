"""Periodic jobs for consultations, kept in the database for django-celery-beat."""

from django.db import migrations

OPEN_CLOSE = "Open and close consultations"
RETENTION = "Anonymise consultation responses past their retention period"


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=OPEN_CLOSE,
        defaults={
            "task": "engagement.tasks.consultations_open_and_close",
            "interval": every_five,
            "description": "Opens and closes consultations on time and tells "
            "subscribers, once, when one opens.",
        },
    )
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="3",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=RETENTION,
        defaults={
            "task": "engagement.tasks.responses_anonymise",
            "crontab": nightly,
            "description": "Removes email addresses and answers marked personal "
            "once a consultation's retention period has passed.",
        },
    )


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[OPEN_CLOSE, RETENTION]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
