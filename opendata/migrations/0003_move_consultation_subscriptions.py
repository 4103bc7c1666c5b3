"""One subscription model: consultation subscribers become alert subscribers.

Until now residents could subscribe only to "a consultation has opened"
(``engagement.Subscription``). Each of those rows becomes a ``Subscriber`` of
the same partnership that hears about new consultations, straight away, with
the same token, so the confirmation and unsubscribe links in emails already
sent keep working (the old addresses lead here: ``portal.urls``). Confirmed
and unconfirmed requests move alike; the move deletes the old rows, so nobody
is emailed by both. Reversing copies them back.
"""

import secrets

from django.db import migrations


def move_forward(apps, schema_editor):
    Subscription = apps.get_model("engagement", "Subscription")
    Subscriber = apps.get_model("opendata", "Subscriber")
    for old in Subscription.objects.order_by("pk").iterator():
        if not Subscriber.objects.filter(
            partnership_id=old.partnership_id,
            ward__isnull=True,
            email=old.email,
            unsubscribed_at__isnull=True,
        ).exists():
            new = Subscriber.objects.create(
                partnership_id=old.partnership_id,
                email=old.email,
                token=old.token,
                consultations=True,
                frequency="immediate",
                confirmed_at=old.confirmed_at,
            )
            # auto_now_add: keep when the resident first asked.
            Subscriber.objects.filter(pk=new.pk).update(created_at=old.created_at)
    Subscription.objects.all().delete()


def move_back(apps, schema_editor):
    Subscription = apps.get_model("engagement", "Subscription")
    Subscriber = apps.get_model("opendata", "Subscriber")
    for new in Subscriber.objects.filter(
        ward__isnull=True, consultations=True, unsubscribed_at__isnull=True
    ).exclude(email=""):
        Subscription.objects.get_or_create(
            partnership_id=new.partnership_id,
            email=new.email,
            defaults={
                "token": new.token or secrets.token_urlsafe(32),
                "confirmed_at": new.confirmed_at,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("opendata", "0002_schedules"),
        ("engagement", "0002_schedules"),
    ]

    operations = [migrations.RunPython(move_forward, move_back)]
