"""``manage.py load_lsoa_changes FILE``: the ONS 2011 LSOA -> 2021 LSOA lookup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnerships.geography import GeographyFileError, lsoa_changes_load
from partnerships.management.commands.load_ward_lookup import _describe


class Command(BaseCommand):
    help = (
        "Load the ONS lookup of 2011 LSOAs to 2021 LSOAs (e.g. LSOA11_LSOA21_LAD22), "
        "which places older police.uk rows in current wards."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, **options):
        try:
            report = lsoa_changes_load(path=options["path"])
        except GeographyFileError as error:
            raise CommandError(f"{options['path'].name}: {error}") from error
        self.stdout.write(_describe(options["path"].name, report))
