"""Every URL pattern of the site, and a real address for each one.

``all_routes()`` walks the URL configuration itself (includes, namespaces and
the admin's per-model patterns), so a pattern added tomorrow is in the list
without anyone editing this file; ``example_urls()`` must then give it an
address, or the tests that walk the site fail and name it.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from contact.models import ContactMessage
from contact.services import message_submit
from engagement.models import Consultation, Question, Response, ResponseExport
from meetings.models import Meeting
from opendata.alerts.services import subscriber_request
from opendata.models import Delivery, Digest, Event
from partnerships.models import Area, OfficerRole, Partnership
from plans.deadlines.calendar import calendar_token_create
from plans.models import Deadline, Plan, Reminder
from portal.core.models import AuditEvent, OutboxMessage
from priorities.models import Action, CrimeImport, Indicator
from tests.priorities.factories import ActionFactory, IndicatorFactory


@dataclass(frozen=True)
class Route:
    route: str  # the whole pattern, e.g. "manage/plans/<int:pk>/"
    name: str | None  # with its namespaces, e.g. "manage:plan"


def all_routes(resolver=None, prefix="", namespace="") -> list[Route]:
    """Every URL pattern under ``resolver`` (the site's root by default)."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            routes += all_routes(entry, route, inner)
        else:
            name = entry.name and ":".join(filter(None, [namespace, entry.name]))
            routes.append(Route(route, name))
    return routes


def demo_world():
    """The objects whose addresses the walk uses, from ``load_demo``'s data plus
    the secrets that only exist once someone asks for them (a subscription, a
    calendar feed, password and invitation links)."""
    plan = (
        Plan.objects.filter(status=Plan.Status.PUBLISHED, priorities__isnull=False)
        .select_related("partnership")
        .first()
    )
    partnership = plan.partnership
    priority = plan.priorities.order_by("order").first()
    role = OfficerRole.objects.filter(partnership=partnership).first()
    admin_user = get_user_model().objects.filter(is_superuser=True).first()
    uidb64 = urlsafe_base64_encode(force_bytes(admin_user.pk))
    closed = Consultation.objects.filter(status=Consultation.Status.CLOSED).first()
    response = Response.objects.select_related("consultation__partnership").first()
    deadline = Deadline.objects.filter(duty__partnership=partnership).first()
    subscriber = subscriber_request(
        partnership=partnership,
        email="resident@example.org",
        topics=["consultations"],
        frequency="immediate",
    )
    admin_only_objects(deadline=deadline, user=role.user, subscriber=subscriber)
    ward = (
        Area.objects.current()
        .filter(parent=partnership.area, kind=Area.Kind.WARD)
        .exclude(slug="")
        .order_by("name")
        .first()
    )
    crime_import = CrimeImport.objects.first() or CrimeImport.objects.create(
        file_name="2024-01-metropolitan-street.csv", sha256="0" * 64, status="done"
    )
    # The demo's past annual public meeting, with its minutes published.
    meeting = Meeting.objects.filter(minutes_published_at__isnull=False).first()
    message = ContactMessage.objects.filter(partnership=partnership).first()
    if message is None:
        message, _ = message_submit(
            partnership=partnership,
            data={
                "name": "Sam Resident",
                "email": "resident@example.org",
                "topic": "meeting",
                "body": "Is there a hearing loop at the annual meeting?",
            },
            idempotency_key="site-urls-example",
        )
    return SimpleNamespace(
        partnership=partnership,
        meeting=meeting,
        meeting_document=meeting.documents.order_by("pk").first(),
        message=message,
        officer=role.user,
        plan=plan,
        section=plan.sections.first(),
        priority=priority,
        # The demo has no actions yet.
        action=Action.objects.filter(priority=priority).first()
        or ActionFactory(priority=priority),
        deadline=deadline,
        indicator=Indicator.objects.filter(priority__plan=plan).first()
        or IndicatorFactory(priority=priority),
        open=Consultation.objects.filter(status=Consultation.Status.OPEN).first(),
        closed=closed,
        published=Consultation.objects.filter(
            status=Consultation.Status.PUBLISHED
        ).first(),
        question=Question.objects.filter(consultation=closed).first(),
        response=response,
        crime_import=crime_import,
        ward=ward,
        subscription_token=subscriber.token,
        export=ResponseExport.objects.create(
            consultation=closed, requested_by=admin_user
        ),
        calendar_token=calendar_token_create(
            user=role.user, partnership=partnership
        ).token,
        uidb64=uidb64,
        reset_token=default_token_generator.make_token(admin_user),
        admin_user=admin_user,
    )


def admin_only_objects(*, deadline, user, subscriber) -> None:
    """A row of each kind that only the admin shows, where there is none yet, so
    that its admin pages (change, delete, history) have an object. (The
    schedules and periodic tasks that migrations create are gone after a
    test that empties the database.)"""
    request = {
        "user_agent": "Test browser",
        "ip_address": "192.0.2.1",
        "http_accept": "text/html",
        "path_info": "/account/sign-in/",
    }
    rows = [
        (Group, {"name": "Analysts"}),
        (
            AccessAttempt,
            {
                **request,
                "username": "someone@example.org",
                "get_data": "",
                "post_data": "",
                "failures_since_start": 1,
            },
        ),
        (AccessFailureLog, {**request, "username": "someone@example.org"}),
        (AccessLog, {**request, "username": user.get_username()}),
        (ClockedSchedule, {"clocked_time": timezone.now()}),
        (SolarSchedule, {"event": "sunrise", "latitude": 51.41, "longitude": -0.3}),
        (CrontabSchedule, {"minute": "30", "hour": "3"}),
        (IntervalSchedule, {"every": 5, "period": IntervalSchedule.MINUTES}),
        (Reminder, {"deadline": deadline, "user": user, "key": "before:30"}),
        (OutboxMessage, {"task_name": "engagement.tasks.example", "args": [1]}),
        (
            Event,
            {
                "kind": Event.Kind.PLAN_PUBLISHED,
                "partnership": deadline.partnership,
                "object_id": 0,
                "title": "An example publication",
                "path": "/",
                "occurred_at": timezone.now(),
            },
        ),
        (TOTPDevice, {"user": user, "name": "Authenticator app"}),
        (StaticDevice, {"user": user, "name": "Recovery codes"}),
        (
            AuditEvent,
            {"action": "responses_viewed", "object_label": "x:1", "description": "x"},
        ),
    ]
    for model, fields in rows:
        if not model._default_manager.exists():
            model._default_manager.create(**fields)
    if not Delivery.objects.exists():
        Delivery.objects.create(event=Event.objects.first(), subscriber=subscriber)
    if not Digest.objects.exists():
        Digest.objects.create(
            subscriber=subscriber, week_start=timezone.localdate(), status="skipped"
        )
    if not PeriodicTask.objects.exists():
        PeriodicTask.objects.create(
            name="Example",
            task="portal.tasks.example",
            interval=IntervalSchedule.objects.first(),
        )


def named_examples(w) -> dict[str, str]:
    """An address for each named pattern outside the admin's model pages."""
    p = {"partnership_slug": w.partnership.slug}
    plan_kwargs = {**p, "plan_slug": w.plan.slug, "slug": w.priority.slug}
    link = {"uidb64": w.uidb64, "token": w.reset_token}
    kwargs = {
        "portal:home": {},
        "portal:search": {},
        "portal:accessibility": {},
        "portal:privacy": {},
        "portal:contacts": {},
        "portal:healthz": {},
        "portal:security_txt": {},
        "portal:calendar_feed": {"token": w.calendar_token},
        "account:sign_in": {},
        "account:sign_out": {},
        "account:two_factor": {},
        "account:signed_out": {},
        "account:password_reset": {},
        "account:password_reset_done": {},
        "account:password_reset_complete": {},
        "account:password_reset_confirm": link,
        "account:invite": {},
        "account:invitation_complete": {},
        "account:invitation_accept": link,
        "manage:dashboard": {},
        "manage:partnership": {"slug": w.partnership.slug},
        "manage:calendar": {"slug": w.partnership.slug},
        "manage:deadlines": {},
        "manage:deadline_complete": {"pk": w.deadline.pk},
        "manage:plan": {"pk": w.plan.pk},
        "manage:plan_edit": {"pk": w.plan.pk},
        "manage:plan_publish": {"pk": w.plan.pk},
        "manage:plan_unpublish": {"pk": w.plan.pk},
        "manage:plan_history": {"pk": w.plan.pk},
        "manage:section_add": {"pk": w.plan.pk},
        "manage:section_edit": {"pk": w.section.pk},
        "manage:priority_add": {"pk": w.plan.pk},
        "manage:priority": {"pk": w.priority.pk},
        "manage:priority_edit": {"pk": w.priority.pk},
        "manage:priority_publish": {"pk": w.priority.pk},
        "manage:priority_unpublish": {"pk": w.priority.pk},
        "manage:priority_move": {"pk": w.priority.pk},
        "manage:priority_history": {"pk": w.priority.pk},
        "manage:action_add": {"pk": w.priority.pk},
        "manage:action_edit": {"pk": w.action.pk},
        "manage:consultation_list": {"slug": w.closed.partnership.slug},
        "manage:consultation_add": {"slug": w.closed.partnership.slug},
        "manage:consultation": {"pk": w.closed.pk},
        "manage:consultation_edit": {"pk": w.closed.pk},
        "manage:question_add": {"pk": w.closed.pk},
        "manage:question_edit": {"pk": w.question.pk},
        "manage:question_delete": {"pk": w.question.pk},
        "manage:question_move": {"pk": w.question.pk},
        "manage:consultation_preview": {"pk": w.closed.pk},
        "manage:consultation_schedule": {"pk": w.closed.pk},
        "manage:consultation_close": {"pk": w.open.pk},
        "manage:consultation_results": {"pk": w.closed.pk},
        "manage:consultation_export": {"pk": w.closed.pk},
        "manage:consultation_export_detail": {"pk": w.export.pk},
        "manage:audit": {},
        "manage:response_add": {"pk": w.open.pk},
        "manage:outcome_publish": {"pk": w.closed.pk},
        "manage:crime_imports": {},
        "manage:ward": {"pk": w.ward.pk},
        "manage:ward_contact_edit": {"pk": w.ward.pk, "kind": "ward_panel"},
        "areas:find": {},
        "areas:borough": {"slug": w.partnership.area.slug},
        "areas:ward": {"borough_slug": w.partnership.area.slug, "slug": w.ward.slug},
        "manage:crime_import": {"pk": w.crime_import.pk},
        "manage:priority_evidence": {"pk": w.priority.pk},
        "manage:indicator_add": {"pk": w.priority.pk},
        "manage:indicator_edit": {"pk": w.indicator.pk},
        "manage:meeting_list": {"slug": w.meeting.partnership.slug},
        "manage:meeting_add": {"slug": w.meeting.partnership.slug},
        "manage:meeting": {"pk": w.meeting.pk},
        "manage:meeting_edit": {"pk": w.meeting.pk},
        "manage:meeting_publish": {"pk": w.meeting.pk},
        "manage:meeting_unpublish": {"pk": w.meeting.pk},
        "manage:meeting_history": {"pk": w.meeting.pk},
        "manage:meeting_document_add": {"pk": w.meeting.pk},
        "manage:meeting_document": {"pk": w.meeting_document.pk},
        "manage:meeting_document_remove": {"pk": w.meeting_document.pk},
        "manage:meeting_attendance": {"pk": w.meeting.pk},
        "manage:meeting_minutes_publish": {"pk": w.meeting.pk},
        "manage:contact_inbox": {"slug": w.partnership.slug},
        "manage:contact_message": {"pk": w.message.pk},
        "manage:contact_reply": {"pk": w.message.pk},
        "manage:contact_message_status": {"pk": w.message.pk},
        "manage:officer_list": {"slug": w.partnership.slug},
        "manage:officer_roles": {"slug": w.partnership.slug, "user_id": w.officer.pk},
        "manage:officer_revoke": {"slug": w.partnership.slug, "user_id": w.officer.pk},
        "meetings:list": {"partnership_slug": w.meeting.partnership.slug},
        "meetings:feed": {"partnership_slug": w.meeting.partnership.slug},
        "meetings:detail": {
            "partnership_slug": w.meeting.partnership.slug,
            "slug": w.meeting.slug,
        },
        "meetings:ics": {
            "partnership_slug": w.meeting.partnership.slug,
            "slug": w.meeting.slug,
        },
        "meetings:document": {
            "partnership_slug": w.meeting.partnership.slug,
            "slug": w.meeting.slug,
            "pk": w.meeting_document.pk,
        },
        "contact:form": p,
        "contact:sent": {**p, "reference": w.message.reference},
        "plans:document": {**p, "slug": w.plan.slug},
        "partnerships:detail": {"slug": w.partnership.slug},
        "engagement:list": {},
        "engagement:subscribe_confirm": {"token": w.subscription_token},
        "engagement:subscribe": p,
        "engagement:subscribe_sent": p,
        "engagement:unsubscribe": {"token": w.subscription_token},
        "engagement:detail": {
            "partnership_slug": w.open.partnership.slug,
            "slug": w.open.slug,
        },
        "engagement:done": {
            "partnership_slug": w.response.consultation.partnership.slug,
            "slug": w.response.consultation.slug,
            "reference": w.response.reference,
        },
        "engagement:results": {
            "partnership_slug": w.published.partnership.slug,
            "slug": w.published.slug,
        },
        "plans:detail": {**p, "slug": w.plan.slug},
        "api:root": {},
        "api:schema": {},
        "api:partnership-list": {},
        "api:partnership-detail": {"slug": w.partnership.slug},
        "api:organisation-list": {},
        "api:organisation-detail": {
            "slug": w.partnership.memberships.first().organisation.slug
        },
        "api:membership-list": {},
        "api:ward-list": {},
        "api:ward-detail": {"code": w.ward.code},
        "api:plan-list": {},
        "api:plan-detail": {"pk": w.plan.pk},
        "api:section-list": {},
        "api:section-detail": {"pk": w.section.pk},
        "api:priority-list": {},
        "api:priority-detail": {"pk": w.priority.pk},
        "api:action-list": {},
        "api:action-detail": {"pk": w.action.pk},
        "api:indicator-list": {},
        "api:indicator-detail": {"pk": w.indicator.pk},
        "api:deadline-list": {},
        "api:deadline-detail": {"pk": w.deadline.pk},
        "api:consultation-list": {},
        "api:consultation-detail": {"pk": w.published.pk},
        "api:consultation-results": {"pk": w.published.pk},
        "api:meeting-list": {},
        "api:meeting-detail": {"pk": w.meeting.pk},
        "api:crime-count-list": {},
        "api:ward-crime-count-list": {},
        "opendata:developers": {},
        "opendata:api_reference": {},
        "feeds:publications": p,
        "feeds:consultations": p,
        "feeds:meetings": p,
        "alerts:subscribe": p,
        "alerts:sent": p,
        "alerts:confirm": {"token": w.subscription_token},
        "alerts:manage": {"token": w.subscription_token},
        "alerts:unsubscribe": {"token": w.subscription_token},
        "alerts_legacy:subscribe": p,
        "alerts_legacy:confirm": {"token": w.subscription_token},
        "alerts_legacy:unsubscribe": {"token": w.subscription_token},
        "crime:statistics": p,
        "crime:csv_by_month": p,
        "crime:csv_year_on_year": p,
        "crime:csv_by_ward": p,
        "priorities:detail": plan_kwargs,
        "priorities:history": plan_kwargs,
        # The admin's own pages (its per-model pages are in admin_model_example).
        "admin:index": {},
        "admin:login": {},
        "admin:logout": {},
        "admin:password_change": {},
        "admin:password_change_done": {},
        "admin:autocomplete": {},
        "admin:jsi18n": {},
        "admin:view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(Partnership).pk,
            "object_id": w.partnership.pk,
        },
        "admin:app_list": {"app_label": "partnerships"},
    }
    return {name: reverse(name, kwargs=values) for name, values in kwargs.items()}


# The admin's per-model patterns, after "admin/<app label>/<model name>/".
_ADMIN_MODEL_SUFFIXES = {
    "": "",
    "add/": "add/",
    "<path:object_id>/history/": "{pk}/history/",
    "<path:object_id>/delete/": "{pk}/delete/",
    "<path:object_id>/change/": "{pk}/change/",
    # Redirects to the change page (Django keeps it for old links).
    "<path:object_id>/": "{pk}/",
    # A user's password, set by an administrator.
    "<id>/password/": "{pk}/password/",
    # django-otp: an authenticator device's setup key and QR code.
    "<int:pk>/config/": "{pk}/config/",
    "<int:pk>/qrcode/": "{pk}/qrcode/",
    # django-simple-history: one past version of the object.
    "^([^/]+)/history/([^/]+)/$": "{pk}/history/{history_id}/",
}
# Unnamed patterns of the admin site itself.
_ADMIN_SITE_UNNAMED = {
    # Any other address under /admin/ answers "not found" (or sign in).
    "admin/(?P<url>.*)$": "/admin/no-such-page/",
}


def admin_model_example(route: str) -> str | None:
    """An address for one of the admin's per-model patterns, with a real object."""
    for model in admin.site._registry:
        prefix = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        if not route.startswith(prefix):
            continue
        template = _ADMIN_MODEL_SUFFIXES.get(route[len(prefix) :])
        if template is None:
            return None
        obj = model._default_manager.order_by("pk").first()
        if obj is None and "{pk}" in template:
            return None
        values = {"pk": obj.pk if obj is not None else ""}
        if "{history_id}" in template:
            version = obj.history.order_by("pk").first()
            if version is None:
                return None
            values["history_id"] = version.history_id
        return "/" + prefix + template.format(**values)
    return None


def example_urls(world) -> tuple[dict[str, str], list[Route]]:
    """(route -> address) for every pattern, and the patterns with none."""
    named = named_examples(world)
    urls, missing = {}, []
    for route in all_routes():
        url = (
            named.get(route.name)
            or _ADMIN_SITE_UNNAMED.get(route.route)
            or admin_model_example(route.route)
        )
        if url is None:
            missing.append(route)
        else:
            urls[route.route] = url
    return urls, missing
