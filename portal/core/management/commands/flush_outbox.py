"""``manage.py flush_outbox``: queue the tasks kept while the broker was away."""

from django.core.management.base import BaseCommand

from portal.core.models import OutboxMessage
from portal.core.outbox import outbox_flush


class Command(BaseCommand):
    help = (
        "Queue the background tasks (emails, re-indexing, imports) that were kept "
        "in the database while Redis was unreachable. Celery beat does this every "
        "minute; safe to run at any time, and more than once."
    )

    def handle(self, *args, **options):
        sent = outbox_flush()
        waiting = OutboxMessage.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"Queued {sent} kept task(s); {waiting} still waiting.")
