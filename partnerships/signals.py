"""Signals of the partnerships app, for the apps above it (they import this
module; it imports none of them)."""

from django.dispatch import Signal

# An officer no longer has any role in a partnership. Sent once the change is
# committed, with ``user``, ``partnership`` and ``actor``. Plans use it to stop
# the officer's deadline reminders and calendar feed for that partnership.
officer_left_partnership = Signal()
