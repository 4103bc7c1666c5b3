"""``manage.py load_postcodes PATH``: a release of OS Code-Point Open."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnerships.postcodes import PostcodeFileError, postcodes_load


class Command(BaseCommand):
    help = (
        "Load OS Code-Point Open (its headerless CSV: one file, the Data/CSV folder "
        "of the product, or its zip). The new release replaces the old one whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--allow-smaller",
            action="store_true",
            help="Accept a release with far fewer postcodes than the one loaded now "
            "(for example a few boroughs' rows instead of the national product).",
        )

    def handle(self, *args, **options):
        path = options["path"]
        try:
            report = postcodes_load(path=path, allow_smaller=options["allow_smaller"])
        except PostcodeFileError as error:
            raise CommandError(f"{path.name}: {error}") from error
        if not report.loaded:
            self.stdout.write(
                f"{path.name}: already the current release ({report.rows:,} "
                "postcodes); nothing changed"
            )
            return
        self.stdout.write(
            f"{path.name}: {report.rows:,} postcodes loaded, replacing "
            f"{report.replaced:,}"
        )
