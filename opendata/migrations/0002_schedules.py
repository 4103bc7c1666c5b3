"""Periodic jobs for email alerts, kept in the database for django-celery-beat."""

from django.db import migrations

DISPATCH = "Email alerts: queue again anything lost on the way"
DIGEST = "Email alerts: weekly digests"
RETENTION = "Email alerts: blank old unsubscribed addresses"


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_five, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=DISPATCH,
        defaults={
            "task": "opendata.tasks.alerts_dispatch",
            "interval": every_five,
            "description": "Fans out publications not yet fanned out and queues "
            "again alerts and digests still waiting after an hour. Every send is "
            "idempotent, so nothing goes twice.",
        },
    )
    monday_morning, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="7",
        day_of_week="1",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=DIGEST,
        defaults={
            "task": "opendata.tasks.alerts_weekly_digest",
            "crontab": monday_morning,
            "description": "Monday 07:00 UK time: one email per weekly subscriber "
            "with last week's news, once.",
        },
    )
    nightly, _ = CrontabSchedule.objects.get_or_create(
        minute="45",
        hour="3",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.get_or_create(
        name=RETENTION,
        defaults={
            "task": "opendata.tasks.alerts_retention",
            "crontab": nightly,
            "description": "Blanks email addresses that unsubscribed more than "
            "ALERTS_UNSUBSCRIBED_KEEP_DAYS ago and deletes requests never "
            "confirmed.",
        },
    )


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[DISPATCH, DIGEST, RETENTION]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("opendata", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
