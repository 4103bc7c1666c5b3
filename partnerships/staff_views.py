"""Staff pages of the partnerships app: a ward's contacts.

The ward's own staff page, which also lists the actions placed in it, composes
apps and lives in ``portal.site``.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from partnerships.forms import WardContactForm
from partnerships.models import Area, WardContact
from partnerships.selectors import partnership_for_officer_ward
from partnerships.services import WARD_CONTACT_FIELDS, ward_contact_save
from portal.core.staff_views import DraftFormView


def ward_crumbs(ward: Area, *extra):
    partnership = partnership_for_officer_ward(ward=ward)
    crumbs = [("Your partnerships", reverse("manage:dashboard"))]
    if partnership is not None:
        crumbs.append(
            (partnership.name, reverse("manage:partnership", args=[partnership.slug]))
        )
    return [*crumbs, *extra]


class WardObjectMixin:
    view_permission = "partnerships.view_ward"

    def get_object(self):
        return get_object_or_404(
            Area.objects.current().filter(kind=Area.Kind.WARD).select_related("parent"),
            pk=self.kwargs["pk"],
        )


class WardContactEditView(WardObjectMixin, DraftFormView):
    """Add or change a ward's Safer Neighbourhood team or ward panel contact."""

    form_class = WardContactForm
    permission = "partnerships.change_ward_contacts"
    noun = "contact"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in WardContact.Kind.values:
            raise Http404
        self.kind = WardContact.Kind(kwargs["kind"])
        return super().dispatch(request, *args, **kwargs)

    def contact(self):
        return WardContact.objects.filter(ward=self.object, kind=self.kind).first()

    def initial(self):
        contact = self.contact()
        return self.initial_for(contact) if contact else {"version": 0}

    def initial_for(self, obj):
        values = {name: getattr(obj, name) for name in WARD_CONTACT_FIELDS}
        return {**values, "version": obj.version}

    def saved_values(self, current):
        return {name: getattr(current, name) for name in WARD_CONTACT_FIELDS}

    def save(self, form):
        return ward_contact_save(
            ward=self.object,
            kind=self.kind,
            actor=self.request.user,
            data=form.draft_values(),
            version=form.cleaned_data["version"],
        )

    def success_url(self, saved):
        return reverse("manage:ward", args=[self.object.pk]) + "#contacts"

    def success_message(self, saved):
        return f"The {self.kind.label} contact has been saved. Residents see it now."

    def page(self):
        ward = self.object
        return {
            "title": f"{self.kind.label} contact",
            "caption": f"{ward.name} ward",
            "breadcrumbs": ward_crumbs(
                ward,
                (f"{ward.name} ward", reverse("manage:ward", args=[ward.pk])),
                (self.kind.label, None),
            ),
        }
