"""The site admin writes through the services too.

Content residents see goes through drafts, versions and history, and is
published by services that also supersede, re-index and complete deadlines.
An admin page that saved such a row itself would skip all of that. So:

- ``ServiceSavedAdmin`` hands the saving of its object to services (its
  ``create`` and ``update``), then lets the admin save inlines against the row
  the service saved;
- workflow fields (published or not, status, dates, versions, drafts) are
  read-only in the admin, and ``staff_page_note`` says where that work happens,
  with a link to the staff page;
- ``publish_actions`` gives a model admin "Publish" and "Unpublish" actions
  that call the services for each selected row, as the staff pages do.
"""

from django.contrib import admin, messages
from django.utils.html import format_html


class ServiceSavedAdmin(admin.ModelAdmin):
    """A model admin whose object is saved by services.

    Subclasses implement ``create(request, form)`` and ``update(request, obj,
    form)``, each returning the row the service saved. ``form.changed_data``
    says what the administrator changed.
    """

    def create(self, request, form):
        raise NotImplementedError

    def update(self, request, obj, form):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        saved = (
            self.update(request, obj, form) if change else self.create(request, form)
        )
        # The admin carries on with ``obj``: its inlines, log entry and
        # redirect point at it. Make it the row the service saved.
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        obj._state.db = saved._state.db

    @staticmethod
    def changed(form, names) -> dict:
        """The administrator's changes among the fields ``names``."""
        return {
            name: form.cleaned_data[name] for name in form.changed_data if name in names
        }


def staff_page_note(
    url: str,
    what: str,
    *,
    why: str = "so that it goes through drafts, versions and the change history",
):
    """A line for a read-only admin field: ``what`` happens on the staff page."""
    return format_html('{} on <a href="{}">its staff page</a>, {}.', what, url, why)


def publish_actions(*, noun: str, publish, unpublish):
    """Admin actions that publish and unpublish each selected row through the
    services ``publish(obj, actor)`` and ``unpublish(obj, actor)``."""

    def run(modeladmin, request, queryset, service, done):
        count = 0
        for obj in queryset:
            service(obj, request.user)
            count += 1
        modeladmin.message_user(request, f"{done} {count} {noun}.", messages.SUCCESS)

    @admin.action(description=f"Publish selected {noun}")
    def publish_selected(modeladmin, request, queryset):
        run(modeladmin, request, queryset, publish, "Published")

    @admin.action(description=f"Unpublish selected {noun}")
    def unpublish_selected(modeladmin, request, queryset):
        run(modeladmin, request, queryset, unpublish, "Unpublished")

    return [publish_selected, unpublish_selected]
