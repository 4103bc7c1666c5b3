"""``manage.py send_reminders [--dry-run] [--today YYYY-MM-DD]``

The daily deadline reminder job, for operators who run it from cron instead of
Celery beat. It queues the same emails, exactly once each, and prints them.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from plans.deadlines.services import reminders_queue


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--today must be a date like 2026-11-21, not {value!r}"
        ) from error


class Command(BaseCommand):
    help = "Queue the deadline reminders that are due, once each, and list them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be sent; send and record nothing.",
        )
        parser.add_argument(
            "--today",
            type=str,
            help="Run as if today were this date (YYYY-MM-DD).",
        )

    def handle(self, *args, **options):
        today = _date(options["today"]) if options["today"] else None
        planned = reminders_queue(today=today, dry_run=options["dry_run"])
        verb = "Would send" if options["dry_run"] else "Queued"
        for item in planned:
            self.stdout.write(f"{verb}: {item.describe()}")
        self.stdout.write(
            f"{verb} {len(planned)} reminder{'s' if len(planned) != 1 else ''}."
        )
