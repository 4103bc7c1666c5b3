"""The page where a manager follows and downloads a background export."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from engagement.audit import record_responses_exported
from engagement.models import ResponseExport
from portal.core.staff_views import StaffPageView

PERMISSION = "engagement.view_results"


class ResponseExportDetailView(StaffPageView):
    """Waiting, ready (with the download) or failed."""

    template_name = "engagement/manage/export_detail.html"
    permission = PERMISSION

    def get_object(self):
        self.export = get_object_or_404(
            ResponseExport.objects.select_related("consultation__partnership"),
            pk=self.kwargs["pk"],
        )
        return self.export.consultation

    def get(self, request, *args, **kwargs):
        export = self.export
        if "download" in request.GET:
            if export.status != ResponseExport.Status.DONE or not export.file:
                raise Http404
            self.downloaded(export)
            return FileResponse(
                export.file.open("rb"),
                as_attachment=True,
                filename=export.file.name.rpartition("/")[2],
                content_type="text/csv; charset=utf-8",
            )
        consultation = export.consultation
        return self.render_to_response(
            self.get_context_data(
                export=export,
                consultation=consultation,
                download_url=reverse(
                    "manage:consultation_export_detail", args=[export.pk]
                )
                + "?download=1",
                breadcrumbs=[
                    ("Your partnerships", "/manage/"),
                    (
                        consultation.title,
                        reverse("manage:consultation", args=[consultation.pk]),
                    ),
                    ("Download", None),
                ],
            )
        )

    def downloaded(self, export):
        record_responses_exported(
            export.consultation, actor=self.request.user, export=export
        )
