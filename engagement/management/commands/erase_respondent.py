"""``manage.py erase_respondent --email ADDRESS | --reference R-XXXX-XXXX``

Removes one respondent's personal data (a right-to-erasure request): their
email address and their answers to questions marked personal. Choices stay, so
published counts do not change. Their subscriptions are deleted too.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from engagement.services import respondent_erase


class Command(BaseCommand):
    help = "Remove one respondent's personal data from consultation responses."

    def add_arguments(self, parser):
        parser.add_argument(
            "--email", default="", help="The respondent's email address."
        )
        parser.add_argument("--reference", default="", help="A response reference.")

    def handle(self, *args, **options):
        try:
            count = respondent_erase(
                email=options["email"], reference=options["reference"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Removed personal data from {count} response{'s' if count != 1 else ''}."
        )
