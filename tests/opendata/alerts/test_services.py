"""Email alert services: subscribing, fan-out, sending, digests, retention."""

import datetime
import io
import smtplib

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Meeting
from opendata.alerts import services, tasks
from opendata.models import Delivery, Digest, Event, Subscriber
from plans.services import plan_unpublish
from portal.core import events
from tests.meetings.factories import MeetingFactory
from tests.opendata.factories import EventFactory, SubscriberFactory
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db
CHOICES = {"topics": ["consultations", "crime_summary"], "frequency": "immediate"}


def request(partnership, email="Resident@Example.org ", **changes):
    return services.subscriber_request(
        partnership=partnership, email=email, **{**CHOICES, **changes}
    )


# --- Subscribing -----------------------------------------------------------------


def test_asking_stores_an_unconfirmed_address_and_emails_a_link(
    borough, mailoutbox, django_capture_on_commit_callbacks
):
    """Double opt-in: the address waits, and the email holds the confirm link."""
    with django_capture_on_commit_callbacks() as queued:
        subscriber = request(borough, ward=borough.north)
    assert len(queued) == 1
    assert subscriber.email == "resident@example.org"
    assert subscriber.confirmed_at is None
    assert subscriber.topics == ["consultations", "crime_summary"]
    assert subscriber.ward == borough.north
    assert tasks.send_confirmation.run(subscriber.pk) == "sent"
    (email,) = mailoutbox
    assert f"/alerts/confirm/{subscriber.token}/" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_asking_again_before_confirming_keeps_one_row_with_the_new_choices(borough):
    """The same address and place: one subscription, its latest choices."""
    first = request(borough)
    again = request(borough, topics=["results"], frequency="weekly")
    assert again.pk == first.pk
    assert again.token == first.token
    assert Subscriber.objects.get().topics == ["results"]
    assert Subscriber.objects.get().frequency == "weekly"


def test_asking_again_once_confirmed_changes_nothing_and_sends_the_manage_link(
    borough, mailoutbox
):
    """Nobody can change someone else's choices by knowing their address."""
    subscriber = SubscriberFactory(partnership=borough, email="resident@example.org")
    again = request(borough, topics=["results"])
    assert again.pk == subscriber.pk
    assert Subscriber.objects.get().topics == subscriber.topics
    assert tasks.send_manage_link.run(subscriber.pk) == "sent"
    assert f"/alerts/manage/{subscriber.token}/" in mailoutbox[0].body


def test_a_ward_and_the_whole_partnership_are_separate_subscriptions(borough):
    """Following North and all of Testborough are two choices."""
    request(borough)
    request(borough, ward=borough.north)
    assert Subscriber.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"topics": []}, "topics"),
        ({"topics": ["everything"]}, "topics"),
        ({"frequency": "hourly"}, "frequency"),
    ],
)
def test_choices_that_do_not_fit_are_refused(borough, changes, field):
    """A clear message on the right field; nothing stored."""
    with pytest.raises(ValidationError) as refused:
        request(borough, **changes)
    assert field in refused.value.message_dict
    assert not Subscriber.objects.exists()


def test_a_ward_of_another_borough_is_refused(borough):
    """Wards come from the partnership's own area."""
    elsewhere = SubscriberFactory().partnership
    with pytest.raises(ValidationError) as refused:
        request(elsewhere, ward=borough.north)
    assert "ward" in refused.value.message_dict


def test_confirming_twice_is_harmless_and_old_links_expire(borough):
    """The first click confirms; a link unopened for 8 days no longer does."""
    subscriber = request(borough)
    assert services.subscriber_confirm(token=subscriber.token).confirmed_at
    assert services.subscriber_confirm(token=subscriber.token).pk == subscriber.pk
    assert services.subscriber_confirm(token="no-such-token") is None
    late = request(borough, email="late@example.org")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert services.subscriber_confirm(token=late.token) is None
    late.refresh_from_db()
    assert late.confirmed_at is None


def test_changing_choices(borough):
    """Topics and frequency change; a stopped subscription cannot be changed."""
    subscriber = SubscriberFactory(partnership=borough)
    services.subscriber_update(
        subscriber=subscriber, topics=["results"], frequency="weekly"
    )
    subscriber.refresh_from_db()
    assert subscriber.topics == ["results"]
    assert subscriber.frequency == "weekly"
    services.subscriber_unsubscribe(token=subscriber.token)
    with pytest.raises(ValidationError):
        services.subscriber_update(
            subscriber=subscriber, topics=["results"], frequency="weekly"
        )


def test_unsubscribing_stops_what_was_waiting_and_is_idempotent(borough, crime_event):
    """Pending deliveries and digests are dropped; doing it twice is fine; the
    same address may subscribe again."""
    subscriber = SubscriberFactory(partnership=borough, frequency="weekly")
    services.event_fan_out(event_id=crime_event.pk)
    digest = Digest.objects.create(
        subscriber=subscriber, week_start=datetime.date(2026, 11, 30)
    )
    services.subscriber_unsubscribe(token=subscriber.token)
    services.subscriber_unsubscribe(token=subscriber.token)
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert set(Delivery.objects.values_list("status", flat=True)) == {"skipped"}
    digest.refresh_from_db()
    assert digest.status == "skipped"
    again = request(borough, email=subscriber.email)
    assert again.pk != subscriber.pk


# --- Events and fan-out ------------------------------------------------------------


def test_an_announcement_is_recorded_once(borough, django_capture_on_commit_callbacks):
    """The same publication announced twice: one event, one fan-out queued."""
    with django_capture_on_commit_callbacks() as queued:
        for _ in range(2):
            events.publication_announce(
                kind=events.CRIME_FIGURES,
                partnership_id=borough.pk,
                object_id=borough.pk,
                key="2024-01",
                title="Crime figures for January 2024",
                path="/partnerships/safer-testborough/crime/",
            )
    assert Event.objects.count() == 1
    assert len(queued) == 1


def test_fan_out_reaches_active_subscribers_who_want_the_topic(borough, crime_event):
    """Confirmed, subscribed, wanting crime figures: yes. Others: no."""
    wanted = [
        SubscriberFactory(partnership=borough),
        SubscriberFactory(partnership=borough, ward=borough.north),
        SubscriberFactory(partnership=borough, frequency="weekly"),
    ]
    SubscriberFactory(partnership=borough, confirmed_at=None)
    SubscriberFactory(partnership=borough, unsubscribed_at=timezone.now())
    SubscriberFactory(partnership=borough, crime_summary=False)
    SubscriberFactory()  # another partnership
    assert services.event_fan_out(event_id=crime_event.pk) == 3
    deliveries = Delivery.objects.order_by("subscriber_id")
    assert [d.subscriber_id for d in deliveries] == [s.pk for s in wanted]
    assert [d.in_digest for d in deliveries] == [False, False, True]
    crime_event.refresh_from_db()
    assert crime_event.fanned_out_at is not None
    assert crime_event.recipients == 3


def test_fanning_out_twice_adds_nothing(
    borough, crime_event, django_capture_on_commit_callbacks
):
    """The event is marked; a second run (or a second task) finds it done."""
    SubscriberFactory.create_batch(3, partnership=borough)
    with django_capture_on_commit_callbacks() as queued:
        assert services.event_fan_out(event_id=crime_event.pk) == 3
        assert services.event_fan_out(event_id=crime_event.pk) == 0
    assert Delivery.objects.count() == 3
    assert len(queued) == 1  # one batch of three


def test_a_ward_event_reaches_that_ward_and_the_whole_partnership(borough):
    """A ward panel meeting: North's followers and the partnership's, not South's."""
    everyone = SubscriberFactory(partnership=borough, meetings=True)
    north = SubscriberFactory(partnership=borough, ward=borough.north, meetings=True)
    SubscriberFactory(partnership=borough, ward=borough.south, meetings=True)
    panel = MeetingFactory(
        partnership=borough, kind=Meeting.Kind.WARD_PANEL, ward=borough.north
    )
    event = EventFactory(
        partnership=borough,
        kind=Event.Kind.MEETING_SCHEDULED,
        area=borough.north,
        object_id=panel.pk,
    )
    services.event_fan_out(event_id=event.pk)
    assert set(Delivery.objects.values_list("subscriber_id", flat=True)) == {
        everyone.pk,
        north.pk,
    }


def test_an_event_no_longer_public_reaches_nobody(borough):
    """A plan unpublished before the fan-out is never announced."""
    plan = PlanFactory(partnership=borough)
    SubscriberFactory(partnership=borough)
    event = EventFactory(
        partnership=borough, kind=Event.Kind.PLAN_PUBLISHED, object_id=plan.pk, key="2"
    )
    plan_unpublish(plan=plan, actor=None)
    assert services.event_fan_out(event_id=event.pk) == 0
    assert not Delivery.objects.exists()


# --- Sending -----------------------------------------------------------------------


def test_each_delivery_is_sent_once_with_its_unsubscribe_headers(
    borough, crime_event, mailoutbox
):
    """A batch sends each email once; sending the batch again sends nothing."""
    subscribers = SubscriberFactory.create_batch(3, partnership=borough)
    services.event_fan_out(event_id=crime_event.pk)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    assert services.deliveries_send(delivery_ids=ids)["sent"] == 3
    assert services.deliveries_send(delivery_ids=ids)["nothing to send"] == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(s.email for s in subscribers)
    email = mailoutbox[0]
    subscriber = Subscriber.objects.get(email=email.to[0])
    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert unsubscribe == f"<http://testserver/alerts/unsubscribe/{subscriber.token}/>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/alerts/manage/{subscriber.token}/" in email.body
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_ward_subscriber_gets_the_figures_of_their_ward(
    borough, crime_event, mailoutbox
):
    """North's followers read North's count; the borough's, the borough's with
    the year before."""
    SubscriberFactory(
        partnership=borough, ward=borough.north, email="north@example.org"
    )
    SubscriberFactory(partnership=borough, email="all@example.org")
    services.event_fan_out(event_id=crime_event.pk)
    services.deliveries_send(
        delivery_ids=list(Delivery.objects.values_list("pk", flat=True))
    )
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert "Crimes recorded in North, January 2024: 30" in bodies["north@example.org"]
    assert "Burglary: 47 (63 a year before)" in bodies["all@example.org"]
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects["north@example.org"] == "Crime figures for January 2024 for North"


def test_nothing_goes_to_someone_who_unsubscribed_after_the_fan_out(
    borough, crime_event, mailoutbox
):
    """Checked again at the moment of sending."""
    subscriber = SubscriberFactory(partnership=borough)
    services.event_fan_out(event_id=crime_event.pk)
    Subscriber.objects.filter(pk=subscriber.pk).update(unsubscribed_at=timezone.now())
    done = services.deliveries_send(
        delivery_ids=list(Delivery.objects.values_list("pk", flat=True))
    )
    assert done["skipped"] == 1
    assert mailoutbox == []


def test_a_mail_server_failure_leaves_the_rest_to_retry(borough, crime_event, settings):
    """The error propagates for the task to retry; nothing is marked sent; the
    last try marks what is left failed, with the error, for the admin."""
    settings.EMAIL_BACKEND = "tests.fakes.FailingEmailBackend"
    SubscriberFactory.create_batch(2, partnership=borough)
    services.event_fan_out(event_id=crime_event.pk)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.deliveries_send(delivery_ids=ids)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"pending"}
    services.deliveries_record_failure(delivery_ids=ids, error="down", final=False)
    assert set(Delivery.objects.values_list("status", flat=True)) == {"pending"}
    services.deliveries_record_failure(delivery_ids=ids, error="down", final=True)
    assert set(Delivery.objects.values_list("status", "last_error")) == {
        ("failed", "down")
    }


# --- Digests -----------------------------------------------------------------------


def test_a_weekly_subscriber_gets_one_digest_of_the_week(borough, mailoutbox):
    """Two events in a week: one email listing both, once."""
    subscriber = SubscriberFactory(partnership=borough, frequency="weekly")
    with time_machine.travel("2026-11-24 12:00Z"):
        first = EventFactory(
            partnership=borough, key="2024-01", title="Crime figures one"
        )
        services.event_fan_out(event_id=first.pk)
    with time_machine.travel("2026-11-27 12:00Z"):
        second = EventFactory(
            partnership=borough, key="2024-02", title="Crime figures two"
        )
        services.event_fan_out(event_id=second.pk)
    assert mailoutbox == []
    with time_machine.travel("2026-11-30 07:00Z"):
        assert services.digests_prepare() == 1
        assert services.digests_prepare() == 1  # the same digest, still waiting
    digest = Digest.objects.get()
    assert digest.week_start == datetime.date(2026, 11, 23)
    assert services.digests_send(digest_ids=[digest.pk])["sent"] == 1
    assert services.digests_send(digest_ids=[digest.pk])["nothing to send"] == 1
    (email,) = mailoutbox
    assert email.to == [subscriber.email]
    assert "Crime figures one" in email.body
    assert "Crime figures two" in email.body
    assert "List-Unsubscribe" in email.extra_headers
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    with time_machine.travel("2026-11-30 08:00Z"):
        assert services.digests_prepare() == 0


def test_a_digest_with_nothing_left_to_send_is_skipped(
    borough, crime_event, mailoutbox
):
    """Unsubscribed before Monday: no digest email."""
    subscriber = SubscriberFactory(partnership=borough, frequency="weekly")
    services.event_fan_out(event_id=crime_event.pk)
    digest = Digest.objects.create(
        subscriber=subscriber, week_start=datetime.date(2026, 11, 23)
    )
    Delivery.objects.update(digest=digest)
    Subscriber.objects.filter(pk=subscriber.pk).update(unsubscribed_at=timezone.now())
    assert services.digests_send(digest_ids=[digest.pk])["skipped"] == 1
    assert mailoutbox == []


# --- Periodic jobs and retention ---------------------------------------------------


def test_the_dispatch_job_fans_out_events_whose_task_was_lost(
    borough, django_capture_on_commit_callbacks
):
    """An event recorded but never fanned out is picked up after a grace period."""
    SubscriberFactory(partnership=borough)
    event = EventFactory(partnership=borough)
    with django_capture_on_commit_callbacks() as queued:
        assert services.alerts_dispatch()["events"] == 0
        later = timezone.now() + datetime.timedelta(minutes=5)
        assert services.alerts_dispatch(now=later)["events"] == 1
    event.refresh_from_db()
    assert event.fanned_out_at is not None
    assert len(queued) == 1


def test_retention_blanks_old_unsubscribed_addresses_and_drops_stale_requests(borough):
    """30 days after unsubscribing the address goes; a request never confirmed
    goes after 7 days; everything recent stays."""
    now = timezone.now()
    old = SubscriberFactory(
        partnership=borough, unsubscribed_at=now - datetime.timedelta(days=31)
    )
    recent = SubscriberFactory(
        partnership=borough, unsubscribed_at=now - datetime.timedelta(days=3)
    )
    stale = SubscriberFactory(partnership=borough, confirmed_at=None)
    Subscriber.objects.filter(pk=stale.pk).update(
        created_at=now - datetime.timedelta(days=8)
    )
    fresh = SubscriberFactory(partnership=borough, confirmed_at=None)
    active = SubscriberFactory(partnership=borough)
    assert services.subscribers_apply_retention() == {"anonymised": 1, "deleted": 1}
    old.refresh_from_db()
    assert old.email == ""
    assert old.anonymised_at is not None
    assert services.subscriber_confirm(token=old.token) is None
    assert set(Subscriber.objects.exclude(email="").values_list("pk", flat=True)) == {
        recent.pk,
        fresh.pk,
        active.pk,
    }
    assert services.subscribers_apply_retention() == {"anonymised": 0, "deleted": 0}


def test_erasing_an_address_stops_and_blanks_every_subscription(borough):
    """A right-to-erasure request: every subscription of the address, at once."""
    SubscriberFactory(partnership=borough, email="me@example.org")
    SubscriberFactory(partnership=borough, ward=borough.north, email="me@example.org")
    other = SubscriberFactory(partnership=borough)
    assert services.subscriber_erase(email="ME@example.org") == 2
    assert list(Subscriber.objects.exclude(email="")) == [other]
    assert Subscriber.objects.filter(unsubscribed_at__isnull=False).count() == 2


def test_the_erase_command_names_how_many_it_erased(borough):
    """manage.py erase_subscriber --email ADDRESS."""
    SubscriberFactory(partnership=borough, email="me@example.org")
    out = io.StringIO()
    call_command("erase_subscriber", email="me@example.org", stdout=out)
    assert out.getvalue().strip() == "Erased 1 subscription."
    assert not Subscriber.objects.exclude(email="").exists()


def test_a_meeting_unpublished_or_held_before_the_fan_out_reaches_nobody(borough):
    """A meeting announced, then unpublished (or already held), is not sent."""
    SubscriberFactory(partnership=borough, meetings=True)
    hidden = MeetingFactory(partnership=borough, status=Meeting.Status.DRAFT)
    held = MeetingFactory(
        partnership=borough,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(hours=22),
    )
    for meeting in (hidden, held):
        event = EventFactory(
            partnership=borough,
            kind=Event.Kind.MEETING_SCHEDULED,
            object_id=meeting.pk,
        )
        assert services.event_fan_out(event_id=event.pk) == 0
    assert not Delivery.objects.exists()
