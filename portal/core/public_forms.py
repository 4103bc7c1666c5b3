"""Form pieces for forms residents send without signing in.

``GuardedForm`` carries the guards of ``portal.core.protection``: a honeypot, an
idempotency key made each time the form is shown and a signed start time. A
form that fails a guard gets one neutral message and fresh guards, so a person
only has to send it again; nothing is stored. ``error_links`` gives the GOV.UK
error summary its (input id, message) pairs.
"""

from crispy_forms_gds.layout import Div, Field
from django import forms

from portal.core import protection

SUBMIT_BUTTON = (
    '<button type="submit" class="govuk-button" data-module="govuk-button" '
    'data-prevent-double-click="true">{}</button>'
)


def honeypot_field() -> forms.CharField:
    return forms.CharField(label="Leave this field blank", required=False)


def honeypot_layout() -> Div:
    """The honeypot, hidden from sight and from assistive technology alike."""
    return Div(
        Field.text(protection.HONEYPOT_FIELD, tabindex="-1", autocomplete="off"),
        css_class="app-honeypot",
        aria_hidden="true",
    )


class GuardedForm(forms.Form):
    """A public form with a honeypot, an idempotency key and a start time.

    Subclasses set ``guard_message``, ``min_seconds`` and ``max_age`` (or
    override ``guard_limits``) and put ``honeypot_layout()``,
    ``"idempotency_key"`` and ``"started"`` in their layout.
    """

    # GOV.UK forms validate on the server only; no browser pop-ups.
    use_required_attribute = False
    guard_message = "Check your answers and send them again"

    website = honeypot_field()
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.guard_failed = False
        if not self.is_bound:
            key = protection.new_form_key()
            self.initial["idempotency_key"] = key
            self.initial["started"] = protection.started_token(form_key=key)

    def guard_limits(self) -> tuple[float, float]:
        """(minimum seconds to fill in, maximum age of the start token)."""
        raise NotImplementedError

    def check_guards(self, cleaned_data) -> bool:
        key = cleaned_data.get("idempotency_key") or ""
        min_seconds, max_age = self.guard_limits()
        return (
            not protection.honeypot_filled(cleaned_data.get(protection.HONEYPOT_FIELD))
            and protection.FORM_KEY.fullmatch(key) is not None
            and protection.check_started(
                cleaned_data.get("started") or "",
                form_key=key,
                min_seconds=min_seconds,
                max_age=max_age,
            )
            is protection.Started.OK
        )

    def clean(self):
        cleaned_data = super().clean()
        if not self.check_guards(cleaned_data):
            self.guard_failed = True
            self.add_error(None, self.guard_message)
        return cleaned_data

    def full_clean(self):
        super().full_clean()
        if self.guard_failed:
            # Shown again with fresh guards, so a person is never stuck.
            data = self.data.copy()
            data[protection.HONEYPOT_FIELD] = ""
            key = data.get("idempotency_key", "")
            if not protection.FORM_KEY.fullmatch(key or ""):
                key = data["idempotency_key"] = protection.new_form_key()
            data["started"] = protection.started_token(form_key=key)
            self.data = data

    @staticmethod
    def input_id(bound_field) -> str:
        """The id of the first input of a field, where the summary links go."""
        if isinstance(
            bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            # crispy-forms-gds numbers radios and checkboxes from 1.
            return f"{bound_field.auto_id}_1"
        return bound_field.auto_id

    def error_links(self) -> list[tuple[str, str]]:
        """(link target, message) for each error, in the order of the page."""
        visible = [
            f for f in self.visible_fields() if f.name != protection.HONEYPOT_FIELD
        ]
        first = self.input_id(visible[0]) if visible else ""
        links = [(first, message) for message in self.non_field_errors()]
        for bound_field in visible:
            links += [(self.input_id(bound_field), m) for m in bound_field.errors]
        return links
