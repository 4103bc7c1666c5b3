import pytest
from django.db import IntegrityError, transaction


def assert_refused(create):
    """``create()`` breaks a database constraint, and nothing is written."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def sign_in(client, user):
    """Sign ``user`` in on the test client, as the sign-in pages would."""
    client.force_login(user)
    return client
