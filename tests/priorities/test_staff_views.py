"""Officers edit, preview and publish priorities through the staff pages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def form_data(priority, **changes):
    data = {
        "title": priority.title,
        "summary": priority.summary,
        "description": priority.description,
        "objectives": "\n".join(o.text for o in priority.objectives.all()),
        "version": priority.version,
        "save": "",
    }
    return {**data, **changes}


@pytest.fixture
def world(two_partnerships):
    return two_partnerships["a"] | {"users": two_partnerships["users"]}


def test_officer_saves_a_draft_residents_do_not_see_it(client, world):
    """The draft is saved; the public page still shows the published summary."""
    priority = world["priority"]
    client.force_login(world["users"]["officer_a"])
    url = reverse("manage:priority_edit", args=[priority.pk])
    assert "Save draft" in client.get(url).text
    response = client.post(url, form_data(priority, summary="A brand new summary"))
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert "A brand new summary" in page
    assert "Your draft has been saved" in page
    client.logout()
    assert "A brand new summary" not in client.get(priority.get_absolute_url()).text


def test_preview_renders_markdown_and_saves_nothing(client, world):
    """Preview shows the rendered description; the draft stays empty."""
    priority = world["priority"]
    client.force_login(world["users"]["officer_a"])
    data = form_data(priority, description="**Bold** words")
    data.pop("save")
    data["preview"] = ""
    response = client.post(reverse("manage:priority_edit", args=[priority.pk]), data)
    assert "<strong>Bold</strong>" in response.text
    priority.refresh_from_db()
    assert priority.draft is None


def test_invalid_form_shows_the_error_summary_and_saves_nothing(client, world):
    """An empty title gets a GOV.UK error and changes nothing."""
    priority = world["priority"]
    client.force_login(world["users"]["officer_a"])
    response = client.post(
        reverse("manage:priority_edit", args=[priority.pk]),
        form_data(priority, title=""),
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a title for the priority" in response.text
    assert response.text.count("<title>Error:") == 1
    priority.refresh_from_db()
    assert priority.draft is None


def test_second_save_from_the_same_version_is_refused_and_both_shown(client, world):
    """The later save is refused; the page shows both versions; nothing is lost."""
    priority = world["priority"]
    url = reverse("manage:priority_edit", args=[priority.pk])
    client.force_login(world["users"]["officer_a"])
    first = client.post(url, form_data(priority, summary="Officer one's summary"))
    assert first.status_code == 302
    client.force_login(world["users"]["editor_a"])
    second = client.post(url, form_data(priority, summary="Editor's summary"))
    assert second.status_code == 200
    assert "Someone else saved this priority while you were editing it" in second.text
    assert "Officer one&#x27;s summary" in second.text
    assert "Editor&#x27;s summary" in second.text
    priority.refresh_from_db()
    assert priority.draft["summary"] == "Officer one's summary"
    # Saving again from the refreshed form is a deliberate overwrite.
    again = client.post(url, form_data(priority, summary="Editor's summary"))
    assert again.status_code == 302


def test_editor_publishes_and_residents_see_it(client, world):
    """Publish is one confirmed POST; the public page changes at once."""
    priority = world["priority"]
    client.force_login(world["users"]["officer_a"])
    client.post(
        reverse("manage:priority_edit", args=[priority.pk]),
        form_data(priority, summary="Published summary"),
    )
    client.force_login(world["users"]["editor_a"])
    url = reverse("manage:priority_publish", args=[priority.pk])
    assert "Are you sure you want to publish this priority?" in client.get(url).text
    assert client.post(url).status_code == 302
    client.logout()
    assert "Published summary" in client.get(priority.get_absolute_url()).text


def test_officer_cannot_publish(client, world):
    """Publishing needs the editor role."""
    client.force_login(world["users"]["officer_a"])
    url = reverse("manage:priority_publish", args=[world["priority"].pk])
    assert client.post(url).status_code == 403


def test_public_history_lists_publications(client, world):
    """Anyone can read what changed each time the priority was published."""
    priority = world["priority"]
    client.force_login(world["users"]["editor_a"])
    client.post(
        reverse("manage:priority_edit", args=[priority.pk]),
        form_data(priority, title="Renamed priority"),
    )
    client.post(reverse("manage:priority_publish", args=[priority.pk]))
    client.logout()
    priority.refresh_from_db()
    url = reverse(
        "priorities:history",
        args=[priority.plan.partnership.slug, priority.plan.slug, priority.slug],
    )
    page = client.get(url).text
    assert "First published" in page
    assert "Editor A" in page


def test_sign_in_is_needed_and_pages_are_not_stored(client, world):
    """Anonymous visitors are sent to sign in; staff pages say no-store."""
    response = client.get(reverse("manage:dashboard"))
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]
    client.force_login(world["users"]["officer_a"])
    response = client.get(reverse("manage:dashboard"))
    assert "no-store" in response["Cache-Control"]
    assert world["partnership"].name in response.text


def test_a_draft_does_not_change_the_public_last_updated_date(client, world):
    """ "Last updated" on public pages moves on publish, not on a draft save."""
    import time_machine

    priority = world["priority"]
    pages = [
        priority.get_absolute_url(),
        priority.plan.get_absolute_url(),
        priority.plan.partnership.get_absolute_url(),
    ]
    edit = reverse("manage:priority_edit", args=[priority.pk])
    with time_machine.travel("2031-02-03 10:00Z", tick=False):
        client.force_login(world["users"]["editor_a"])
        saved = client.post(edit, form_data(priority, summary="Draft summary"))
        assert saved.status_code == 302
        assert saved["Location"] == reverse("manage:priority", args=[priority.pk])
        client.logout()
        for url in pages:
            assert "3 February 2031" not in client.get(url).text, url
    with time_machine.travel("2031-02-04 10:00Z", tick=False):
        client.force_login(world["users"]["editor_a"])
        client.post(reverse("manage:priority_publish", args=[priority.pk]))
        client.logout()
        for url in pages:
            assert "4 February 2031" in client.get(url).text, url
