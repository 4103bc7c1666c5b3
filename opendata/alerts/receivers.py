"""The alerts' inlet: each publication an app announces becomes an Event row."""

from django.dispatch import receiver

from opendata.alerts import services
from portal.core.events import content_published


@receiver(content_published, dispatch_uid="opendata-alerts-event")
def record_publication(sender, **announcement):
    """Recorded in the publisher's transaction; fanned out once it commits."""
    announcement.pop("signal", None)
    services.event_record(**announcement)
