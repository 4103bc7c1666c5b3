"""``manage.py erase_subscriber --email ADDRESS``

A right-to-erasure request for email alerts: every subscription of the
address stops at once and its address is blanked (the record of what was sent
stays, without the address). ``erase_respondent`` does the same for
consultation responses.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from opendata.alerts.services import subscriber_erase


class Command(BaseCommand):
    help = "Stop and anonymise every email alert subscription of one address."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The email address.")

    def handle(self, *args, **options):
        try:
            count = subscriber_erase(email=options["email"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Erased {count} subscription{'s' if count != 1 else ''}.")
