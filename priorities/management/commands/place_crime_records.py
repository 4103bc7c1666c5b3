"""``manage.py place_crime_records``: put stored police.uk rows in current wards."""

from django.core.management.base import BaseCommand

from priorities.crime.services import crime_records_replace


class Command(BaseCommand):
    help = (
        "Place every stored police.uk row in the ward the loaded lookups give now "
        "(run after load_ward_lookup and load_lsoa_changes) and recount."
    )

    def handle(self, *args, **options):
        moved = crime_records_replace()
        self.stdout.write(f"{moved:,} crime rows moved to their current ward")
