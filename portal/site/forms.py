import functools

from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fluid, Layout, Size
from django import forms
from django.urls import reverse_lazy
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the site",
        help_text="Partnerships, their plans, priorities, members and "
        "consultations, and wards. For example, ASB or youth justice",
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        error_messages={
            "required": "Enter words to search for",
            "max_length": (
                f"Search words must be {MAX_QUERY_LENGTH} characters or fewer"
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse_lazy("portal:search")
        self.helper.form_tag = True
        self.helper.disable_csrf = True
        self.helper.label_size = Size.MEDIUM
        self.helper.layout = Layout(
            Field.text("q", field_width=Fluid.FULL),
            # A nameless button keeps the search address short (?q=...).
            HTML(
                '<button type="submit" class="govuk-button" '
                'data-module="govuk-button">Search</button>'
            ),
        )


class AreaFindForm(forms.Form):
    """A postcode, or a ward or place name. Sent by POST, never in an address:
    a resident's postcode must not reach access logs, caches or Referer headers.
    """

    area = forms.CharField(
        label="Postcode, or ward or place name",
        help_text="For example, KT1 1AE or Norbiton",
        max_length=100,
        strip=True,
        error_messages={
            "required": "Enter a postcode, or the name of a ward or place",
            "max_length": "Enter 100 characters or fewer",
        },
    )

    def __init__(self, *args, label_size=Size.SMALL, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].widget.attrs.update(
            {"autocomplete": "postal-code", "spellcheck": "false"}
        )
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = reverse_lazy("areas:find")
        self.helper.form_tag = True
        # A lookup changes nothing, so it needs no CSRF token; without one the
        # home page that carries this form stays in the page cache.
        self.helper.disable_csrf = True
        self.helper.label_size = label_size
        self.helper.layout = Layout(
            Field.text("area", field_width=Fluid.TWO_THIRDS),
            HTML(
                '<button type="submit" class="govuk-button" '
                'data-module="govuk-button">Find</button>'
            ),
        )


@functools.cache
def blank_form_html(form_class, **kwargs) -> str:
    """An empty, unbound ``form_class(**kwargs)`` rendered once per process.

    For the forms that read-only public pages carry (the area finder, the
    search box): unbound and without a CSRF token, their markup is the same
    for every visitor, so rendering them through crispy-forms' layout on each
    request only costs time (a third of the home page's, measured by
    bench/profile_pages.py). A form shown again with errors is rendered as
    usual, by its own page.
    """
    return mark_safe(render_crispy_form(form_class(**kwargs)))  # noqa: S308 - our own markup
