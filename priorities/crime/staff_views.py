"""Officers upload police.uk files and follow their imports."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from portal.core.staff import StaffMixin
from priorities.crime.forms import CrimeUploadForm
from priorities.crime.services import crime_upload_queue
from priorities.models import CrimeImport

PERMISSION = "priorities.import_crime_data"


class CrimeImportListView(StaffMixin, TemplateView):
    template_name = "priorities/manage/crime_imports.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require(PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            imports=CrimeImport.objects.select_related("uploaded_by")[:50],
            breadcrumbs=[("Your partnerships", "/manage/"), ("Crime data", None)],
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=CrimeUploadForm()))

    def post(self, request, *args, **kwargs):
        form = CrimeUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        crime_import = crime_upload_queue(
            uploaded_file=form.cleaned_data["file"],
            actor=request.user,
        )
        messages.success(
            request,
            f"{crime_import.file_name} is being imported. "
            "This page shows its progress.",
        )
        return redirect("manage:crime_import", pk=crime_import.pk)


class CrimeImportDetailView(StaffMixin, TemplateView):
    template_name = "priorities/manage/crime_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require(PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        crime_import = get_object_or_404(CrimeImport, pk=self.kwargs["pk"])
        return super().get_context_data(
            crime_import=crime_import,
            breadcrumbs=[
                ("Your partnerships", "/manage/"),
                ("Crime data", "/manage/crime-data/"),
                (crime_import.file_name, None),
            ],
            **kwargs,
        )
