"""``manage.py load_ward_lookup FILE``: the ONS 2021 LSOA -> ward -> borough lookup."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnerships.geography import GeographyFileError, ward_lookup_load


class Command(BaseCommand):
    help = (
        "Load the ONS best-fit lookup of 2021 LSOAs to wards and boroughs (e.g. "
        "LSOA21_WD24_LAD24). Creates boroughs and wards; ends wards that are gone."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--in-force-from",
            type=datetime.date.fromisoformat,
            help="The day the new wards came in (YYYY-MM-DD), e.g. 2022-05-05 for "
            "the London boroughs redrawn at the 2022 elections. Old wards end the "
            "day before. Default: 1 May of the lookup's year.",
        )

    def handle(self, *args, **options):
        try:
            report = ward_lookup_load(
                path=options["path"], in_force_from=options["in_force_from"]
            )
        except GeographyFileError as error:
            raise CommandError(f"{options['path'].name}: {error}") from error
        self.stdout.write(_describe(options["path"].name, report))


def _describe(name: str, report: dict) -> str:
    parts = [f"{value} {key.replace('_', ' ')}" for key, value in report.items()]
    return f"{name}: {', '.join(parts) if parts else 'nothing changed'}"
