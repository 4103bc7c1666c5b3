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


def run_queued_tasks() -> int:
    """Run, here and now, the tasks the services stored in the outbox.

    For tests inside one transaction, which no worker can see: each task runs
    through Celery's own ``apply`` (its real code, in this process) and its
    row goes, as the relay would do. Real workers are tested elsewhere.
    """
    from portal.core.models import OutboxMessage
    from portal.core.outbox import _task

    ran = 0
    for message in OutboxMessage.objects.filter(sent_at__isnull=True).order_by("pk"):
        _task(message.task_name).apply(args=message.args).get()
        message.delete()
        ran += 1
    return ran


def page_text(response) -> str:
    """The words of a page's main content, without tags, on one line."""
    import html as markup
    import re

    html = response.content.decode()
    if 'id="main-content"' in html:
        html = html.split('id="main-content"', 1)[1].split("</main>", 1)[0]
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())
