"""``manage.py import_police_csv PATH [PATH...]``

Import police.uk street-level crime CSV files, or folders of them (every
``*-street.csv`` below a folder). Importing a month again adds nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from priorities.crime.services import crime_path_import
from priorities.models import CrimeImport


def _files(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.csv") if "street" in p.name)
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{path} is not a file or folder")
    return found


class Command(BaseCommand):
    help = "Import police.uk street-level crime CSV files."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, **options):
        failed = 0
        for path in _files(options["paths"]):
            result = crime_path_import(path=path)
            if result.status == CrimeImport.Status.FAILED:
                failed += 1
                self.stderr.write(f"{path.name}: refused. {result.error}")
                continue
            skipped = ", ".join(
                f"{n} {why}" for why, n in result.skipped_reasons.items()
            )
            self.stdout.write(
                f"{path.name}: {result.rows_read} rows read, "
                f"{result.rows_loaded} loaded, "
                f"{result.rows_already_loaded} already loaded, "
                f"{result.rows_without_location} without a location"
                + (f", skipped: {skipped}" if skipped else "")
            )
        if failed:
            raise CommandError(
                f"{failed} file(s) refused; nothing was loaded from them."
            )
