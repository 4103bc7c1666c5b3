"""A plan's full document is served by the portal from storage (a folder or an
S3 bucket), and only while the plan is public; nothing links to /media/."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.text import slugify

from plans.models import Plan
from tests.plans.factories import PlanFactory
from tests.s3 import s3_bucket, s3_server, s3_storage

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n% a partnership plan\n"


def with_document(plan) -> Plan:
    plan.document.save("partnership-plan-2024-2029.pdf", ContentFile(PDF))
    return plan


def document_url(plan) -> str:
    return reverse(
        "plans:document",
        kwargs={"partnership_slug": plan.partnership.slug, "slug": plan.slug},
    )


def test_the_plan_page_links_to_the_portal_not_to_media(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = with_document(PlanFactory())
    page = client.get(plan.get_absolute_url()).text
    assert f'href="{document_url(plan)}"' in page
    assert "/media/" not in page


def test_a_public_plans_document_is_served_from_the_folder(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = with_document(PlanFactory())
    response = client.get(document_url(plan))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    # A download named after the plan, never the uploader's file name.
    assert response["Content-Disposition"] == (
        f'attachment; filename="{slugify(plan.title)}.pdf"'
    )


def test_a_draft_plans_document_is_not_served(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = with_document(PlanFactory(status=Plan.Status.DRAFT))
    assert client.get(document_url(plan)).status_code == 404


def test_no_document_or_a_missing_file_is_not_found(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert client.get(document_url(PlanFactory())).status_code == 404
    plan = with_document(PlanFactory())
    (tmp_path / plan.document.name).unlink()
    assert client.get(document_url(plan)).status_code == 404


def test_a_document_in_an_s3_bucket_is_served(client, settings):
    with s3_server() as endpoint:
        bucket = s3_bucket(endpoint, "portal-documents")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": s3_storage(endpoint, bucket),
        }
        plan = with_document(PlanFactory())
        response = client.get(document_url(plan))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
