"""Generic staff views: edit a draft, create an item, confirm an action.

Each concrete view names its permission, form, service and pages; these bases
do the rest the same way everywhere: permission checked on the object on the
server, GOV.UK error summary, Markdown preview, and no lost update.
"""

import contextlib
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from portal.core.drafting import EditConflict
from portal.core.markdown import render_markdown
from portal.core.staff import StaffMixin
from portal.core.staff_forms import add_service_errors

CONFLICT_MESSAGE = (
    "Someone else saved this {noun} while you were editing it. Check both versions "
    "below, then save again to keep yours."
)


def describe(form, name, value) -> str:
    """A value as an officer would read it, for the conflict comparison."""
    field = form.fields.get(name)
    if value in (None, "", []):
        return "Not set"
    if isinstance(value, str) and name in getattr(form, "draft_labels", {}):
        with contextlib.suppress(ValueError):
            value = datetime.datetime.fromisoformat(value)
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%-d %B %Y, %H:%M}"
    if isinstance(value, dict):
        labels = getattr(form, "value_labels", {}).get(name, {})
        return "\n".join(
            f"{labels.get(k, k)}: {v}" if v else str(labels.get(k, k))
            for k, v in value.items()
        )
    if isinstance(field, ModelMultipleChoiceField):
        ids = [getattr(v, "pk", v) for v in value]
        return ", ".join(str(o) for o in field.queryset.filter(pk__in=ids)) or "Not set"
    if isinstance(field, ModelChoiceField):
        pk = getattr(value, "pk", value)
        found = field.queryset.filter(pk=pk).first()
        return str(found) if found else "Not set"
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if hasattr(field, "choices") and not isinstance(field, ModelChoiceField):
        return dict(field.choices).get(value, str(value))
    return str(value)


class StaffPageView(StaffMixin, TemplateView):
    """A staff page about one object, reached by its primary key."""

    permission = ""
    view_permission = "partnerships.view_staff"

    def get_object(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
            self.require(
                self.permission, self.object, view_permission=self.view_permission
            )
        return super().dispatch(request, *args, **kwargs)


class DraftFormView(StaffPageView):
    """Shows a form for an object and hands valid data to a service."""

    template_name = "manage/form.html"
    form_class = None
    noun = "item"
    preview_field = None

    def form_context(self) -> dict:
        return {}

    def initial(self) -> dict:
        return {"version": 1}

    def save(self, form):
        raise NotImplementedError

    def success_url(self, saved) -> str:
        raise NotImplementedError

    def success_message(self, saved) -> str:
        return "Your draft has been saved. Residents will see it when it is published."

    def page(self) -> dict:
        """title, caption and breadcrumbs for the page."""
        raise NotImplementedError

    def render_form(self, form, **extra):
        context = self.get_context_data(form=form, **self.page(), **extra)
        return self.render_to_response(context)

    def get(self, request, *args, **kwargs):
        form = self.form_class(initial=self.initial(), context=self.form_context())
        return self.render_form(form)

    def post(self, request, *args, **kwargs):
        form = self.form_class(data=request.POST, context=self.form_context())
        if not form.is_valid():
            return self.render_form(form)
        if "preview" in request.POST and self.preview_field:
            preview = render_markdown(form.cleaned_data.get(self.preview_field, ""))
            return self.render_form(form, preview=preview)
        try:
            saved = self.save(form)
        except EditConflict as conflict:
            return self.render_conflict(form, conflict.current)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_form(form)
        messages.success(request, self.success_message(saved))
        return redirect(self.success_url(saved))

    def render_conflict(self, form, current):
        mine = form.draft_values()
        theirs = self.saved_values(current)
        labels = getattr(form, "draft_labels", {})
        rows = [
            {
                "label": (form.fields[name].label if name in form.fields else None)
                or labels.get(name)
                or name.replace("_", " ").capitalize(),
                "mine": describe(form, name, mine.get(name)),
                "theirs": describe(form, name, theirs.get(name)),
            }
            for name in mine
        ]
        rows = [row for row in rows if row["mine"] != row["theirs"]]
        fresh = form.with_version(current.version)
        fresh.is_valid()
        fresh.add_error(None, CONFLICT_MESSAGE.format(noun=self.noun))
        saved_by = current.draft_saved_by
        return self.render_form(
            fresh, conflict_rows=rows, conflict_saved_by=saved_by, conflict=True
        )

    def saved_values(self, current) -> dict:
        """The values now saved, in the same shape as ``form.draft_values()``."""
        return self.initial_for(current)

    def initial_for(self, obj) -> dict:
        raise NotImplementedError


class ConfirmView(StaffPageView):
    """GET asks "are you sure?"; POST does it (GOV.UK confirmation pattern)."""

    template_name = "manage/confirm.html"

    def perform(self):
        raise NotImplementedError

    def page(self) -> dict:
        raise NotImplementedError

    def success_url(self) -> str:
        raise NotImplementedError

    def success_message(self) -> str:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**self.page()))

    def post(self, request, *args, **kwargs):
        self.perform()
        messages.success(request, self.success_message())
        return redirect(self.success_url())
