"""``manage.py load_boundaries FILE [FILE...]``: ward or LSOA outlines (GeoJSON)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnerships.geography import GeographyFileError, boundaries_load


class Command(BaseCommand):
    help = (
        "Load ONS ward or LSOA boundaries (GeoJSON in longitude and latitude), "
        "projected and simplified for the maps once, now."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, **options):
        for path in options["paths"]:
            try:
                report = boundaries_load(path=path)
            except GeographyFileError as error:
                raise CommandError(f"{path.name}: {error}") from error
            self.stdout.write(
                f"{path.name}: {report['created']} {report['kind']} boundaries "
                f"created, {report['updated']} updated"
            )
