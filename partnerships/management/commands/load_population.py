"""``manage.py load_population FILE``: Census 2021 usual residents per LSOA."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnerships.geography import GeographyFileError, population_load
from partnerships.management.commands.load_ward_lookup import _describe


class Command(BaseCommand):
    help = (
        "Load Census 2021 table TS007B per 2021 LSOA (the Nomis download); ward and "
        "borough populations are the sums of their LSOAs."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, **options):
        try:
            report = population_load(path=options["path"])
        except GeographyFileError as error:
            raise CommandError(f"{options['path'].name}: {error}") from error
        self.stdout.write(_describe(options["path"].name, report))
