import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthy_when_database_and_redis_answer(client):
    """200 with both services named ok."""
    response = client.get(reverse("portal:healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok"}


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_names_redis_when_it_is_unreachable(client):
    """503 naming Redis when nothing listens at its address."""
    response = client.get(reverse("portal:healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "redis": "unavailable"}


@pytest.mark.django_db(transaction=True)
def test_names_the_database_when_it_is_unreachable(client):
    """503 naming the database when its server cannot be reached."""
    connection.close()
    original = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = "1"
    try:
        response = client.get(reverse("portal:healthz"))
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original
    assert response.status_code == 503
    assert response.json() == {"database": "unavailable", "redis": "ok"}
