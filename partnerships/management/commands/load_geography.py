"""``manage.py load_geography [FOLDER]``: every geography file of a folder."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partnerships.geography import GeographyFileError, geography_folder_load


class Command(BaseCommand):
    help = (
        "Load the ward lookup, LSOA changes, Census population, boundaries and "
        "postcodes found in a folder laid out like ../shared/data/geography "
        "(PORTAL_GEOGRAPHY_DATA_DIR by default). Each step is idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", nargs="?", type=Path, default=settings.PORTAL_GEOGRAPHY_DATA_DIR
        )
        parser.add_argument(
            "--in-force-from",
            type=datetime.date.fromisoformat,
            help="The day the current wards came in (see load_ward_lookup).",
        )
        parser.add_argument(
            "--borough",
            action="append",
            dest="boroughs",
            metavar="ONS_CODE",
            help="Load only this borough (repeat for more), e.g. E09000021.",
        )

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        try:
            geography_folder_load(
                folder=folder,
                in_force_from=options["in_force_from"],
                boroughs=set(options["boroughs"]) if options["boroughs"] else None,
                log=self.stdout.write,
            )
        except GeographyFileError as error:
            raise CommandError(str(error)) from error
