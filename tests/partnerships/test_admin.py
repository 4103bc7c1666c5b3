"""The partnership admin writes through the partnership services: publishing
a partnership there is the same as anywhere."""

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.models import Partnership
from tests.partnerships.factories import AreaFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

NO_INLINES = {
    f"{prefix}-{name}": value
    for prefix in ("memberships", "principles", "linked_boards", "contacts")
    for name, value in (
        ("TOTAL_FORMS", 0),
        ("INITIAL_FORMS", 0),
        ("MIN_NUM_FORMS", 0),
        ("MAX_NUM_FORMS", 1000),
    )
}


@pytest.fixture
def calls(monkeypatch):
    """The partnership services the admin called, by name."""
    called = []
    for name in (
        "partnership_create",
        "partnership_update",
        "partnership_publish",
        "partnership_unpublish",
    ):
        real = getattr(services, name)

        def spy(*, _real=real, _name=name, **kwargs):
            called.append(_name)
            return _real(**kwargs)

        monkeypatch.setattr(services, name, spy)
    return called


def form_data(partnership, **changes):
    return {
        "name": partnership.name,
        "short_name": partnership.short_name,
        "slug": partnership.slug,
        "area": partnership.area_id,
        "statutory_basis": partnership.statutory_basis,
        "summary": partnership.summary,
        "description": partnership.description,
        "vision": partnership.vision,
        **NO_INLINES,
        **changes,
    }


def test_ticking_published_goes_through_the_publish_service(
    admin_client, calls, django_capture_on_commit_callbacks
):
    """The partnership is published by the service, which queues the search
    re-index; its details are saved by the update service."""
    partnership = PartnershipFactory(is_published=False)
    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(
            reverse("admin:partnerships_partnership_change", args=[partnership.pk]),
            form_data(partnership, is_published="on", vision="A safer borough."),
        )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.is_published
    assert partnership.vision == "A safer borough."
    assert calls == ["partnership_update", "partnership_publish"]
    assert callbacks  # the search re-index, once committed


def test_unticking_published_goes_through_the_unpublish_service(admin_client, calls):
    """Residents no longer see it."""
    partnership = PartnershipFactory(is_published=True)
    admin_client.post(
        reverse("admin:partnerships_partnership_change", args=[partnership.pk]),
        form_data(partnership),
    )
    assert not Partnership.objects.get(pk=partnership.pk).is_published
    assert calls == ["partnership_update", "partnership_unpublish"]


def test_adding_a_published_partnership_goes_through_the_services(admin_client, calls):
    """Created hidden by the create service, then published by the publish one."""
    response = admin_client.post(
        reverse("admin:partnerships_partnership_add"),
        {
            "name": "Safer Testborough",
            "short_name": "",
            "slug": "safer-testborough",
            "area": AreaFactory().pk,
            "statutory_basis": "The 1998 Act",
            "summary": "Keeping Testborough safe.",
            "description": "",
            "vision": "",
            "is_published": "on",
            **NO_INLINES,
        },
    )
    assert response.status_code == 302
    assert Partnership.objects.get(slug="safer-testborough").is_published
    assert calls == ["partnership_create", "partnership_publish"]
