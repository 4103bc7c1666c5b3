"""``manage.py load_ons_lookups FILE [FILE...]``: load ONS LSOA lookup CSV files.

Give the 2011 lookup (LSOA11 -> ward -> local authority) before the 2021 one
(LSOA21 -> local authority), so unchanged 2021 areas keep their ward.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnerships.lookups import LookupFileError, lsoa_lookups_load


class Command(BaseCommand):
    help = "Load ONS LSOA to ward and local authority lookups."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, **options):
        for path in sorted(options["paths"], key=lambda p: "21" in p.name):
            if not path.is_file():
                raise CommandError(f"{path} is not a file")
            try:
                year, count = lsoa_lookups_load(path=path)
            except (LookupFileError, UnicodeDecodeError) as error:
                raise CommandError(f"{path.name}: {error}") from error
            self.stdout.write(f"{path.name}: {count} {year} LSOAs created or updated")
