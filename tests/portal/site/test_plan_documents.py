"""A plan's full document: served by a view (nothing serves /media/), only for
a public plan, only if it really is a PDF, ODT or DOCX."""

import pytest
from django.core.files.storage import default_storage
from django.forms import modelform_factory
from django.urls import reverse

from plans.models import Plan
from tests.documents import PDF_BYTES, hostile, upload
from tests.plans.factories import PlanFactory

pytestmark = pytest.mark.django_db


def document_url(plan):
    return reverse("plans:document", args=[plan.partnership.slug, plan.slug])


def test_a_public_plans_document_is_a_download_of_its_own_type(client):
    plan = PlanFactory(title="Safer Kingston Partnership Plan 2024-2029")
    plan.document.save("plan.pdf", upload("plan.pdf", PDF_BYTES))
    page = client.get(plan.get_absolute_url())
    assert document_url(plan) in page.text
    assert "/media/" not in page.text
    response = client.get(document_url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="safer-kingston-partnership-plan-2024-2029.pdf"'
    )
    assert "plan.pdf" not in plan.document.name


def test_drafts_plans_without_a_document_and_bad_files_answer_404(client):
    draft = PlanFactory(status=Plan.Status.DRAFT)
    draft.document.save("d.pdf", upload("d.pdf", PDF_BYTES))
    assert client.get(document_url(draft)).status_code == 404
    assert client.get(document_url(PlanFactory())).status_code == 404
    # A file stored before uploads were checked, that is not a document.
    old = PlanFactory()
    old.document.name = default_storage.save("plans/old.pdf", hostile("html"))
    old.save()
    assert client.get(document_url(old)).status_code == 404


@pytest.mark.parametrize("kind", ["renamed program", "html", "svg"])
def test_the_admin_refuses_a_document_that_is_not_one(kind):
    """The model field's validator: the admin's form refuses it."""
    form_class = modelform_factory(Plan, fields=["document"])
    form = form_class(data={}, files={"document": hostile(kind)})
    assert not form.is_valid()
    assert "must be a PDF, ODT or DOCX" in str(form.errors["document"])
