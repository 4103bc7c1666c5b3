"""Residents' area pages: find an area, a borough's ward map, a ward's page.

Privacy (see the README, "Residents' area pages"): the finder is POST only
and answers with a redirect to the page found (POST-redirect-GET), so a
postcode never appears in an address, and so never in an access log, the
page cache's keys, browser history or a Referer header. The page that
answers a refused or outside postcode is never stored (``Cache-Control:
no-store``) and nothing is logged about it.
"""

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from partnerships.selectors import borough_public, ward_public
from portal.site.area_selectors import (
    POLICE_UK_FIND,
    area_find,
    borough_page,
    ward_page,
)
from portal.site.forms import AreaFindForm, blank_form_html


class SeeOther(HttpResponseRedirect):
    status_code = 303


# A lookup writes nothing, so cross-site requests can do no harm; without a
# CSRF token the home page carrying the form can be kept in the page cache.
@method_decorator(csrf_exempt, name="dispatch")
class AreaFindView(TemplateView):
    template_name = "portal/area_find.html"
    http_method_names = ["get", "post"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breadcrumbs=[("Home", reverse("portal:home")), ("Find your area", None)],
            police_uk_url=POLICE_UK_FIND,
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        # Never read a query string: postcodes do not travel in addresses.
        return self.render_to_response(
            self.get_context_data(form=AreaFindForm(label_size=None))
        )

    def post(self, request, *args, **kwargs):
        form = AreaFindForm(data=request.POST, label_size=None)
        result = None
        if form.is_valid():
            result = area_find(query=form.cleaned_data["area"])
            if result.url:
                return SeeOther(result.url)
            if result.error:
                form.add_error("area", result.error)
        response = self.render_to_response(
            self.get_context_data(form=form, result=result)
        )
        add_never_cache_headers(response)
        return response


class BoroughMapView(TemplateView):
    template_name = "portal/area_borough.html"

    def get_context_data(self, **kwargs):
        borough = borough_public(slug=kwargs["slug"])
        if borough is None:
            raise Http404
        page = borough_page(borough=borough)
        partnership = page["partnership"]
        return super().get_context_data(
            **page,
            area_form=blank_form_html(AreaFindForm),
            breadcrumbs=[
                ("Home", reverse("portal:home")),
                (partnership.name, partnership.get_absolute_url()),
                (f"Wards of {borough.name}", None),
            ],
            **kwargs,
        )


class WardView(TemplateView):
    template_name = "portal/area_ward.html"

    def get_context_data(self, **kwargs):
        ward = ward_public(borough_slug=kwargs["borough_slug"], slug=kwargs["slug"])
        if ward is None:
            raise Http404
        page = ward_page(ward=ward)
        partnership, borough = page["partnership"], page["borough"]
        return super().get_context_data(
            **page,
            breadcrumbs=[
                ("Home", reverse("portal:home")),
                (partnership.name, partnership.get_absolute_url()),
                (f"Wards of {borough.name}", borough.get_absolute_url()),
                (ward.name, None),
            ],
            **kwargs,
        )
