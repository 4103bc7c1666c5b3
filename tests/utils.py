import pytest
from django.db import IntegrityError, transaction


def assert_refused(create):
    """``create()`` breaks a database constraint, and nothing is written."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()
