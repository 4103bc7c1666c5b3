"""Shared fixtures. App fixtures live in tests/<app>/conftest.py."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty (real Redis) cache."""
    cache.clear()
    yield
    cache.clear()
