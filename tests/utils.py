import pytest
from django.db import IntegrityError, transaction


def assert_refused(create):
    """``create()`` breaks a database constraint, and nothing is written."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def page_text(response) -> str:
    """The words of a page's main content, without tags, on one line."""
    import html as markup
    import re

    html = response.content.decode()
    if 'id="main-content"' in html:
        html = html.split('id="main-content"', 1)[1].split("</main>", 1)[0]
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())
