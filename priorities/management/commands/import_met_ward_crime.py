"""``manage.py import_met_ward_crime FILE``: the Met's ward-level series."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from priorities.crime.met import met_ward_path_import
from priorities.models import MetWardImport


class Command(BaseCommand):
    help = (
        "Import a London Datastore file 'MPS Ward Level Crime (most recent 24 "
        "months)'. A newer file revises the months it covers; the same file again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--borough",
            action="append",
            dest="boroughs",
            metavar="ONS_CODE",
            help="Only this borough's wards (repeat for more), e.g. E09000021.",
        )

    def handle(self, *args, **options):
        path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        record = met_ward_path_import(path=path, boroughs=options["boroughs"])
        if record.status == MetWardImport.Status.FAILED:
            raise CommandError(f"{path.name}: {record.error}")
        self.stdout.write(
            f"{path.name}: {record.first_month:%B %Y} to {record.last_month:%B %Y}, "
            f"{record.values_read:,} values read: {record.values_new:,} new, "
            f"{record.values_changed:,} changed, {record.values_unchanged:,} "
            f"unchanged, {record.values_removed:,} removed"
            + (
                f", {record.values_kept_newer:,} kept from a newer file"
                if record.values_kept_newer
                else ""
            )
        )
