"""``manage.py load_demo``: load the three demo partnerships."""

from django.core.management.base import BaseCommand

from portal.site.demo.loader import MODELS, demo_load
from portal.site.services import search_index_rebuild_all


class Command(BaseCommand):
    help = (
        "Load the demo partnerships (Kingston, Kensington and Chelsea, "
        "Westminster). Safe to run again: a second run changes nothing."
    )

    def handle(self, *args, **options):
        counts = demo_load()
        for model in MODELS:
            self.stdout.write(f"{model.__name__}: {counts[model.__name__]} created")
        indexed = search_index_rebuild_all()
        self.stdout.write(f"Search index: {indexed} entries written or removed")
        if not any(counts.values()) and not indexed:
            self.stdout.write(self.style.SUCCESS("The demo data was already loaded."))
