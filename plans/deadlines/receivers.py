"""What deadlines do when something happens in the apps below them."""

from django.db import transaction
from django.utils import timezone

from plans.models import CalendarToken, Deadline, StatutoryDuty


def on_officer_left_partnership(sender, user, partnership, actor=None, **kwargs):
    """Someone with no role left in a partnership owns none of its deadlines,
    gets none of its reminders and loses their calendar address for it."""
    with transaction.atomic():
        for deadline in Deadline.objects.filter(
            partnership=partnership, owners=user, completed_on__isnull=True
        ):
            deadline.owners.remove(user)
        for duty in StatutoryDuty.objects.filter(
            partnership=partnership, default_owners=user
        ):
            duty.default_owners.remove(user)
        CalendarToken.objects.filter(
            user=user, partnership=partnership, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
