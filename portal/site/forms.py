from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fluid, Layout, Size
from django import forms
from django.urls import reverse_lazy

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search partnerships, plans and priorities",
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
