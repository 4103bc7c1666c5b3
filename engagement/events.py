"""Tell the rest of the portal when a consultation opens or its results go out.

A consultation reaches residents in two steps that subscribers hear about: it
opens (the beat job, ``consultations_open_and_close``, saves it as open) and
its results are published (``outcome_publish`` saves it as published). This
module follows those saves (connected in ``EngagementConfig.ready()``) and
announces them through ``portal.core.events``, inside the same transaction, so
it catches the services, the beat job and the admin alike without a line in
the services. Saving the same state again announces the same publication,
which is recorded only once.
"""

from django.db.models.signals import post_save
from django.urls import reverse

from engagement.models import Consultation
from portal.core import events

ANNOUNCED = {
    Consultation.Status.OPEN: events.CONSULTATION_OPENED,
    Consultation.Status.PUBLISHED: events.CONSULTATION_RESULTS,
}


def consultation_saved(sender, instance: Consultation, raw=False, **kwargs):
    kind = ANNOUNCED.get(instance.status)
    if raw or kind is None or not instance.partnership.is_published:
        return
    path = (
        instance.get_absolute_url()
        if kind == events.CONSULTATION_OPENED
        else reverse(
            "engagement:results",
            kwargs={
                "partnership_slug": instance.partnership.slug,
                "slug": instance.slug,
            },
        )
    )
    events.publication_announce(
        kind=kind,
        partnership_id=instance.partnership_id,
        object_id=instance.pk,
        title=instance.title,
        summary=instance.summary,
        path=path,
        occurred_at=instance.opens_at if kind == events.CONSULTATION_OPENED else None,
    )


def connect() -> None:
    post_save.connect(
        consultation_saved, sender=Consultation, dispatch_uid="engagement-events"
    )
