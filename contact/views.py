"""The public contact form of a partnership and its "Message sent" page.

Never cached: each showing of the form carries its own idempotency key and
start token.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from contact.forms import ContactForm
from contact.selectors import retention_months
from contact.services import message_submit
from partnerships.selectors import partnership_list_public
from portal.core import protection
from portal.core.staff_forms import add_service_errors


def _partnership(slug: str):
    return get_object_or_404(partnership_list_public(), slug=slug)


def _crumbs(partnership, title):
    return [
        ("Home", reverse("portal:home")),
        (partnership.name, partnership.get_absolute_url()),
        (title, None),
    ]


@method_decorator(never_cache, name="dispatch")
class ContactFormView(TemplateView):
    template_name = "contact/contact_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_page(_partnership(kwargs["partnership_slug"]), ContactForm())

    def post(self, request, *args, **kwargs):
        if protection.rate_limited(
            request,
            scope="contact",
            limit=settings.CONTACT_RATE_LIMIT,
            window=settings.CONTACT_RATE_WINDOW_SECONDS,
        ):
            return protection.too_many_requests(
                request, window=settings.CONTACT_RATE_WINDOW_SECONDS
            )
        partnership = _partnership(kwargs["partnership_slug"])
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                message, _ = message_submit(
                    partnership=partnership,
                    data=form.message_data(),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect(
                    "contact:sent",
                    partnership_slug=partnership.slug,
                    reference=message.reference,
                )
        return self.render_page(partnership, form)

    def render_page(self, partnership, form):
        return self.render_to_response(
            self.get_context_data(
                partnership=partnership,
                form=form,
                error_links=form.error_links(),
                retention_months=retention_months(partnership_id=partnership.pk),
                breadcrumbs=_crumbs(partnership, "Contact the partnership"),
            )
        )


@method_decorator(never_cache, name="dispatch")
class ContactSentView(TemplateView):
    """The reference, and what happens next; nothing the resident wrote."""

    template_name = "contact/contact_sent.html"

    def get_context_data(self, **kwargs):
        partnership = _partnership(kwargs["partnership_slug"])
        message = get_object_or_404(
            partnership.contact_messages.only("reference"),
            reference=kwargs["reference"],
        )
        kwargs["reference"] = message.reference
        return super().get_context_data(
            partnership=partnership,
            breadcrumbs=_crumbs(partnership, "Message sent"),
            **kwargs,
        )
