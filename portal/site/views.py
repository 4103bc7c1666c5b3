"""Site-wide pages: home, search, information pages, health check, errors,
and the public pages that compose several apps (a partnership, a plan)."""

import datetime
import secrets

from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from engagement.selectors import (
    consultation_list_open,
    consultations_informing_priority,
)
from meetings.selectors import meeting_list_public
from partnerships.selectors import (
    membership_groups,
    partnership_cards_public,
    partnership_detail_public,
    partnership_parts_public,
    past_memberships,
)
from plans.deadlines.selectors import statutory_documents_for_partnership
from plans.selectors import (
    plan_current,
    plan_detail_public,
    plan_list_public_for_partnership,
    plan_period,
)
from portal.core.dates import latest
from portal.core.documents import document_response
from portal.site.area_selectors import POLICE_UK_FIND, search_shortcut
from portal.site.context_processors import service_navigation
from portal.site.forms import AreaFindForm, SearchForm, blank_form_html
from portal.site.selectors import (
    health_status,
    plan_last_published,
    plans_with_last_published,
    search_entries,
)
from priorities.selectors import priority_list_for_plan
from priorities.views import PriorityDetailView

RESULTS_PER_PAGE = 20

# Dates shown on the information pages; change them when the text changes.
ACCESSIBILITY_STATEMENT_PREPARED = datetime.date(2026, 11, 21)
ACCESSIBILITY_STATEMENT_REVIEWED = datetime.date(2026, 11, 21)
PRIVACY_NOTICE_UPDATED = datetime.date(2026, 12, 7)
USEFUL_CONTACTS_CHECKED = datetime.date(2026, 11, 21)


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        partnerships = partnership_cards_public()
        return super().get_context_data(
            partnerships=partnerships,
            open_consultations=consultation_list_open(),
            area_form=blank_form_html(AreaFindForm, label_size=None),
            search_form=blank_form_html(SearchForm),
            last_updated=max((p["updated_at"] for p in partnerships), default=None),
            **kwargs,
        )


class SearchView(TemplateView):
    """Words search the index; a postcode or a ward's name goes to the area page.

    A postcode is never searched as words, indexed or logged: it is answered as
    the area finder answers it (a redirect to the ward's page, or a message),
    and that answer is never stored (``Cache-Control: no-store``).
    """

    template_name = "portal/search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(request.GET if "q" in request.GET else None)
        context = self.get_context_data(
            form=form,
            breadcrumbs=[("Home", reverse("portal:home")), ("Search", None)],
            police_uk_url=POLICE_UK_FIND,
            **kwargs,
        )
        if not (form.is_bound and form.is_valid()):
            return self.render_to_response(context)
        query = form.cleaned_data["q"]
        area = search_shortcut(query=query)
        if area is not None and area.url:
            response = redirect(area.url)
            add_never_cache_headers(response)
            return response
        if area is not None:  # a postcode with no area page here
            response = self.render_to_response({**context, "area": area})
            add_never_cache_headers(response)
            return response
        paginator = Paginator(search_entries(query=query), RESULTS_PER_PAGE)
        context["page"] = paginator.get_page(request.GET.get("page"))
        context["query"] = query
        return self.render_to_response(context)


class InformationPageView(TemplateView):
    """A page of fixed text, with the date the text last changed."""

    title = ""
    last_updated = None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=[("Home", reverse("portal:home")), (self.title, None)],
            last_updated=self.last_updated,
            **kwargs,
        )


class AccessibilityStatementView(InformationPageView):
    template_name = "portal/accessibility_statement.html"
    title = "Accessibility statement"
    last_updated = ACCESSIBILITY_STATEMENT_REVIEWED

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statement_prepared=ACCESSIBILITY_STATEMENT_PREPARED,
            ACCESSIBILITY_EMAIL=settings.PORTAL_ACCESSIBILITY_EMAIL,
            **kwargs,
        )


class PrivacyNoticeView(InformationPageView):
    template_name = "portal/privacy_notice.html"
    title = "Privacy notice"
    last_updated = PRIVACY_NOTICE_UPDATED

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            PRIVACY_EMAIL=settings.PORTAL_PRIVACY_EMAIL,
            ALERTS_CONFIRM_DAYS=settings.ALERTS_CONFIRM_WITHIN_DAYS,
            ALERTS_KEEP_DAYS=settings.ALERTS_UNSUBSCRIBED_KEEP_DAYS,
            **kwargs,
        )


class UsefulContactsView(InformationPageView):
    template_name = "portal/useful_contacts.html"
    title = "Useful contacts"
    last_updated = USEFUL_CONTACTS_CHECKED


@never_cache
def healthz(request):
    """200 when everything checked is ok; 503 naming what failed otherwise.

    ``/healthz`` checks what this web process needs (the database and Redis);
    ``/healthz?full`` also the cache, the broker, beat and the workers.
    """
    status = health_status(full="full" in request.GET)
    healthy = all(value in ("ok", "not configured") for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    """The 400 page in the site layout (a bad Host header, a malformed form).

    Rendered without the request context processors, like the 500 page: the
    request itself is what is wrong.
    """
    try:
        return render(None, "400.html", {"SITE_NAME": settings.SITE_NAME}, status=400)
    except Exception:  # a 400 must never turn into a 500
        # For example static files not collected yet (the manifest storage
        # cannot name the stylesheet): plain text still says what happened.
        return HttpResponseBadRequest(
            "Bad request", content_type="text/plain; charset=utf-8"
        )


def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability."""
    expires = timezone.now() + datetime.timedelta(days=180)
    base = settings.PORTAL_BASE_URL.rstrip("/")
    lines = [
        f"Contact: {settings.PORTAL_SECURITY_CONTACT}",
        f"Expires: {expires.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}",
        "Preferred-Languages: en",
    ]
    if base:
        lines.append(f"Canonical: {base}/.well-known/security.txt")
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


def error_reference() -> str:
    """A short random reference that a person can read out or type: 12 hex digits."""
    return secrets.token_hex(6).upper()


def server_error(request):
    """The 500 page, with a reference that is also in the log.

    The reference is left on the request; Django logs the error and its
    traceback on ``django.request`` just after this handler returns, and
    ``portal.core.logging.RequestFieldsFilter`` adds the reference to that record.
    """
    reference = error_reference()
    if request is not None:
        request.error_reference = reference
    # Rendered without the request context processors: a failing database or
    # template tag must not stop the error page itself. The navigation has the
    # public pages only, none current.
    return render(
        None,
        "500.html",
        {
            "SITE_NAME": settings.SITE_NAME,
            "reference": reference,
            "service_navigation": service_navigation(),
        },
        status=500,
    )


class PartnershipDetailView(TemplateView):
    template_name = "partnerships/partnership_detail.html"

    def get_context_data(self, **kwargs):
        partnership = get_object_or_404(
            partnership_detail_public(), slug=kwargs["slug"]
        )
        parts = partnership_parts_public(partnership=partnership)
        # With what "Last updated" reads of the current plan (one query, not two).
        plans = plan_list_public_for_partnership(
            partnership=partnership, annotate=plans_with_last_published
        )
        current_plan = plan_current(plans=plans)
        priorities = priority_list_for_plan(plan=current_plan) if current_plan else []
        meetings = meeting_list_public(partnership=partnership, limit=3)
        boards = parts["boards"]
        return super().get_context_data(
            partnership=partnership,
            member_groups=membership_groups(memberships=parts["memberships"]),
            past_members=past_memberships(memberships=parts["memberships"]),
            principles=parts["principles"],
            linked_boards=parts["linked_boards"],
            contacts=parts["contacts"],
            current_plan=current_plan,
            current_period=plan_period(plan=current_plan, plans=plans)
            if current_plan
            else None,
            other_plans=[p for p in plans if p != current_plan],
            statutory_documents=statutory_documents_for_partnership(
                partnership=partnership, plans=plans
            ),
            priorities=priorities,
            open_consultations=consultation_list_open(partnership=partnership),
            upcoming_meetings=meetings.upcoming,
            past_meetings=meetings.past,
            delivery_groups=[b for b in boards if b.kind == b.Kind.DELIVERY_GROUP],
            other_boards=[b for b in boards if b.kind != b.Kind.DELIVERY_GROUP],
            breadcrumbs=[("Home", "/"), (partnership.name, None)],
            last_updated=latest(
                partnership.updated_at,
                plan_last_published(plan=current_plan) if current_plan else None,
            ),
            **kwargs,
        )


class PlanDetailView(TemplateView):
    template_name = "plans/plan_detail.html"

    def get_context_data(self, **kwargs):
        plan = get_object_or_404(
            plans_with_last_published(
                plan_detail_public(partnership_slug=kwargs["partnership_slug"])
            ),
            slug=kwargs["slug"],
        )
        priorities = priority_list_for_plan(plan=plan)
        partnership = plan.partnership
        return super().get_context_data(
            plan=plan,
            period=plan_period(
                plan=plan,
                plans=plan_list_public_for_partnership(partnership=partnership),
            ),
            partnership=partnership,
            sections=list(plan.sections.all()),
            # An alignment with an unpublished plan stays hidden until it is public.
            alignments=[
                a
                for a in plan.alignments.all()
                if a.aligned_plan is None or a.aligned_plan.is_public
            ],
            priorities=priorities,
            breadcrumbs=[
                ("Home", "/"),
                (partnership.name, partnership.get_absolute_url()),
                (plan.title, None),
            ],
            last_updated=plan_last_published(plan=plan),
            **kwargs,
        )


class PriorityPageView(PriorityDetailView):
    """A priority's public page, with "we asked, you said, we did": the
    consultations that informed it, and on each action the consultations whose
    outcome it answers (composed here: priorities do not know engagement)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        links = consultations_informing_priority(
            priority=context["priority"], actions=context["actions"]
        )
        for action in context["actions"]:
            action.informed_by = links["by_action"].get(action.pk, [])
        context["consultations"] = links["consultations"]
        return context


@require_safe
def plan_document(request, partnership_slug: str, slug: str):
    """A public plan's full document (PDF, ODT or DOCX), as a download read
    from storage (a folder or an S3 bucket) by the portal itself, so it is
    served wherever uploads are kept and only while the plan is public."""
    plan = get_object_or_404(
        plan_detail_public(partnership_slug=partnership_slug), slug=slug
    )
    if not plan.document:
        raise Http404("This plan has no document.")
    return document_response(file=plan.document, title=plan.title)
