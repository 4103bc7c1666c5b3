from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.conf import settings


class CrimeUploadForm(forms.Form):
    file = forms.FileField(
        label="Police.uk street-level crime file",
        help_text="A CSV file from data.police.uk, for example "
        "2024-01-metropolitan-street.csv.",
        error_messages={"required": "Choose a police.uk CSV file to upload"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("file", label_size=Size.SMALL), Button("upload", "Upload and import")
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.CRIME_UPLOAD_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(f"The file must be smaller than {limit} MB")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file")
        return upload
