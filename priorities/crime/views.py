"""Public crime statistics of a partnership, with CSV downloads of every table."""

import csv

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import TemplateView

from partnerships.selectors import partnership_list_public
from priorities.crime.selectors import crime_statistics


class CrimeStatisticsMixin:
    def statistics(self):
        self.partnership = get_object_or_404(
            partnership_list_public(), slug=self.kwargs["partnership_slug"]
        )
        return crime_statistics(partnership=self.partnership)


class CrimeStatisticsView(CrimeStatisticsMixin, TemplateView):
    template_name = "priorities/crime_statistics.html"

    def get_context_data(self, **kwargs):
        stats = self.statistics()
        partnership = self.partnership
        return super().get_context_data(
            partnership=partnership,
            stats=stats,
            breadcrumbs=[
                ("Home", "/"),
                (partnership.name, partnership.get_absolute_url()),
                ("Crime statistics", None),
            ],
            last_updated=None,
            **kwargs,
        )


class CrimeCsvView(CrimeStatisticsMixin, View):
    """One table of the statistics page as CSV."""

    table = ""

    def get(self, request, *args, **kwargs):
        stats = self.statistics()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"{self.partnership.slug}-crime-{self.table}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        writer = csv.writer(response)
        if stats["has_data"]:
            getattr(self, f"write_{self.table.replace('-', '_')}")(writer, stats)
        writer.writerow([])
        if stats["has_data"]:
            covered = stats["coverage"]
            writer.writerow(
                [
                    f"Covers: {covered['total_label']}, "
                    f"{covered['first']:%Y-%m} to {covered['latest']:%Y-%m}"
                ]
            )
        writer.writerow([stats["attribution"]])
        return response

    def write_by_month(self, writer, stats):
        writer.writerow(["Crime type", *[m.strftime("%Y-%m") for m in stats["months"]]])
        for row in stats["monthly_rows"]:
            writer.writerow([row["crime_type"], *row["counts"]])

    def write_year_on_year(self, writer, stats):
        writer.writerow(
            [
                "Crime type",
                f"Offences {stats['latest']:%Y-%m}",
                f"Offences {stats['year_before']:%Y-%m}",
                "Change",
                "Change (%)",
                "Target (%)",
                "Result",
                "Note",
            ]
        )
        for row in stats["year_on_year"]:
            writer.writerow(
                [
                    row["crime_type"],
                    row["offences"],
                    "" if row["before"] is None else row["before"],
                    "" if row["change"] is None else row["change"],
                    "" if row["percent"] is None else row["percent"],
                    "" if row["target"] is None else row["target"],
                    row["result"],
                    row["result_note"],
                ]
            )

    def write_by_ward(self, writer, stats):
        writer.writerow(["Ward", "ONS code", f"Offences {stats['latest']:%Y-%m}"])
        for row in stats["wards"]:
            writer.writerow([row["name"], row["code"], row["count"]])
