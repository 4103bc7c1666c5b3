"""Generic staff views: a page about one object, a form that hands valid data
to one service, a draft editor, and "are you sure?" confirmations.

Each concrete view names its permission, form, service and pages; these bases
do the rest the same way everywhere: permission checked on the object on the
server, a refusal page with the reason when the object's state does not allow
the action at the moment, the GOV.UK error summary for a service's
ValidationError, Markdown preview, and no lost update.

    StaffPageView          a page about one object
    ├── ServiceFormView    form -> one service (NotNowMixin)
    │   └── DraftFormView  ... of a versioned draft, with edit conflicts shown
    └── ConfirmView        "are you sure?" -> one service (NotNowMixin)
"""

import contextlib
import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.shortcuts import redirect
from django.template.response import TemplateResponse
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


class NotNowMixin:
    """A page whose action the object's state does not allow at the moment
    answers with the reason, instead of a form that cannot succeed.

    ``not_now()`` says why (or None); the refusal page has the title, caption
    and breadcrumbs of ``page()`` and a link back to the nearest page in the
    breadcrumbs.
    """

    not_now_template = "manage/not_now.html"

    def not_now(self) -> str | None:
        """Why the action cannot be done now, or None when it can."""
        return None

    def page(self) -> dict:
        """title, caption and breadcrumbs for the page."""
        raise NotImplementedError

    def back_link(self, breadcrumbs) -> tuple[str, str]:
        """(url, label) of the link on the refusal page."""
        label, url = next((label, url) for label, url in reversed(breadcrumbs) if url)
        return url, f"Back to {label}"

    def refuse(self, reason: str):
        page = self.page()
        back_url, back_label = self.back_link(page["breadcrumbs"])
        return TemplateResponse(
            self.request,
            self.not_now_template,
            self.get_context_data(
                title=page["title"],
                caption=page.get("caption"),
                breadcrumbs=page["breadcrumbs"],
                reason=reason,
                back_url=back_url,
                back_label=back_label,
            ),
        )

    def refuse_if_not_now(self):
        reason = self.not_now()
        return self.refuse(reason) if reason else None


class ServiceFormView(NotNowMixin, StaffPageView):
    """Shows a form and hands valid data to one service; the service's
    ValidationError goes into the GOV.UK error summary."""

    template_name = "manage/form.html"
    form_class = None
    preview_field = None
    # What save() may raise for the page to answer (see service_error).
    service_errors = (ValidationError,)

    def form_kwargs(self) -> dict:
        """Keyword arguments of the form besides its data and initial values."""
        return {}

    def initial(self) -> dict:
        return {}

    def error_aliases(self, form) -> dict:
        """Field names of the service's errors that the form names differently."""
        return {}

    def save(self, form):
        raise NotImplementedError

    def success_url(self, saved) -> str:
        raise NotImplementedError

    def success_message(self, saved) -> str:
        raise NotImplementedError

    def render_form(self, form, **extra):
        context = self.get_context_data(form=form, **self.page(), **extra)
        return self.render_to_response(context)

    def get(self, request, *args, **kwargs):
        if refused := self.refuse_if_not_now():
            return refused
        form = self.form_class(initial=self.initial(), **self.form_kwargs())
        return self.render_form(form)

    def post(self, request, *args, **kwargs):
        if refused := self.refuse_if_not_now():
            return refused
        form = self.form_class(data=request.POST, **self.form_kwargs())
        if not form.is_valid():
            return self.render_form(form)
        if "preview" in request.POST and self.preview_field:
            preview = render_markdown(form.cleaned_data.get(self.preview_field, ""))
            return self.render_form(form, preview=preview)
        try:
            saved = self.save(form)
        except self.service_errors as error:
            return self.service_error(form, error)
        messages.success(request, self.success_message(saved))
        return redirect(self.success_url(saved))

    def service_error(self, form, error):
        """The form again, with the service's problems in its error summary."""
        add_service_errors(form, error, self.error_aliases(form))
        return self.render_form(form)


class DraftFormView(ServiceFormView):
    """Edits the draft of a versioned item (``VersionedForm``); an edit that
    crosses someone else's shows both versions instead of overwriting."""

    noun = "item"
    service_errors = (EditConflict, ValidationError)

    def form_context(self) -> dict:
        return {}

    def form_kwargs(self) -> dict:
        return {"context": self.form_context()}

    def initial(self) -> dict:
        return {"version": 1}

    def success_message(self, saved) -> str:
        return "Your draft has been saved. Residents will see it when it is published."

    def service_error(self, form, error):
        if isinstance(error, EditConflict):
            return self.render_conflict(form, error.current)
        return super().service_error(form, error)

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
        # Drafts name who saved the draft; items edited live, who saved them.
        saved_by = getattr(current, "draft_saved_by", None) or getattr(
            current, "updated_by", None
        )
        return self.render_form(
            fresh, conflict_rows=rows, conflict_saved_by=saved_by, conflict=True
        )

    def saved_values(self, current) -> dict:
        """The values now saved, in the same shape as ``form.draft_values()``."""
        return self.initial_for(current)

    def initial_for(self, obj) -> dict:
        raise NotImplementedError


class ConfirmView(NotNowMixin, StaffPageView):
    """GET asks "are you sure?"; POST does it (GOV.UK confirmation pattern).

    Refused with the reason when ``not_now()`` says so, or when the service
    raises a ValidationError (the state changed since the page was shown).
    """

    template_name = "manage/confirm.html"

    def perform(self):
        raise NotImplementedError

    def success_url(self) -> str:
        raise NotImplementedError

    def success_message(self) -> str:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        if refused := self.refuse_if_not_now():
            return refused
        return self.render_to_response(self.get_context_data(**self.page()))

    def post(self, request, *args, **kwargs):
        if refused := self.refuse_if_not_now():
            return refused
        try:
            self.perform()
        except ValidationError as error:
            return self.refuse(" ".join(error.messages))
        messages.success(request, self.success_message())
        return redirect(self.success_url())
