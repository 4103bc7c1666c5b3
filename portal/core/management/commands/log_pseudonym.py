"""``manage.py log_pseudonym VALUE...``: the log pseudonym of an email or address.

Security records name a submitted username and a client's IP address only by
a keyed pseudonym (``portal.core.logging.pseudonym``). To find the records about
one account or one address, work out its pseudonym here (with the same
SECRET_KEY as the site) and search the log for it.
"""

from django.core.management.base import BaseCommand

from portal.core.logging import pseudonym


class Command(BaseCommand):
    help = (
        "Print the pseudonym that the logs use for each email address, username "
        "or IP address given."
    )

    def add_arguments(self, parser):
        parser.add_argument("values", nargs="+", metavar="VALUE")

    def handle(self, *args, values, **options):
        for value in values:
            self.stdout.write(f"{pseudonym(value)}  {value}")
