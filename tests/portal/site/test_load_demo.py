"""The demo data: the seed partnerships' facts, loaded idempotently."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from partnerships.models import Area, Membership, Partnership
from plans.models import Plan, PlanSection
from portal.core.models import OutboxMessage
from portal.site.models import SearchEntry
from priorities import services
from priorities.models import Indicator, Priority

DOMAIN_APPS = (
    "partnerships",
    "plans",
    "priorities",
    "portal",
    "engagement",
    "meetings",
    "contact",
)
# Queues and process state, not content: the outbox relay may send (and delete)
# a waiting task between the two runs, and beat writes its heartbeat.
NOT_CONTENT = {"portal.OutboxMessage", "portal.Heartbeat"}


def snapshot():
    """Every row of every domain table, as plain values."""
    rows = {}
    for app_label in DOMAIN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.label in NOT_CONTENT:
                continue
            rows[model._meta.label] = list(model.objects.order_by("pk").values())
            for field in model._meta.many_to_many:
                through = getattr(model, field.name).through
                rows[through._meta.label] = list(
                    through.objects.order_by("pk").values()
                )
    return rows


@pytest.fixture
def demo(demo_database, db):
    """The demo as ``load_demo`` leaves it (loaded once per session)."""


def test_running_twice_changes_nothing(demo):
    """The second run leaves every row and every timestamp as it was."""
    before = snapshot()
    last_task = OutboxMessage.objects.aggregate(last=Max("pk"))["last"] or 0
    call_command("load_demo", verbosity=0)
    assert snapshot() == before
    # and it queued no background task
    assert not OutboxMessage.objects.filter(pk__gt=last_task).exists()


def test_kingston_members_plan_and_alignments(demo):
    """Kingston: authorities and co-operating bodies, the 2024-2029 plan, alignments."""
    kingston = Partnership.objects.get(slug="safer-kingston")
    assert kingston.area.code == "E09000021"
    roles = set(kingston.memberships.values_list("role", flat=True))
    assert roles >= {
        Membership.Role.RESPONSIBLE_AUTHORITY,
        Membership.Role.CO_OPERATING_BODY,
    }
    assert kingston.memberships.filter(
        role=Membership.Role.CO_OPERATING_BODY,
        organisation__name__icontains="Policing and Crime",
    ).exists()
    plan = kingston.plans.get(title="Safer Kingston Partnership Plan 2024-2029")
    assert (plan.start_year, plan.end_year, plan.status) == (2024, 2029, "published")
    aligned = " ".join(plan.alignments.values_list("title", flat=True))
    assert "Police and Crime Plan 2022-25" in aligned
    assert "Council Plan 2023-27" in aligned


def test_kensington_and_chelsea_priorities_and_evidence(demo):
    """The four priorities in order, each informed by all four kinds of evidence."""
    plan = Plan.objects.get(partnership__slug="safer-kensington-and-chelsea")
    titles = list(plan.priorities.values_list("title", flat=True))
    assert titles == [
        "Violence Against Women and Girls",
        "Antisocial behaviour",
        "Youth Violence and Exploitation",
        "Drug related offending",
    ]
    for priority in plan.priorities.all():
        assert priority.evidence.count() == 4


def test_westminster_authorities_vision_principles_and_groups(demo):
    """Seven responsible authorities, two principles, four delivery groups."""
    westminster = Partnership.objects.get(slug="safer-westminster")
    assert (
        westminster.memberships.filter(
            role=Membership.Role.RESPONSIBLE_AUTHORITY
        ).count()
        == 7
    )
    assert westminster.vision.startswith("Making Westminster safer")
    assert westminster.principles.count() == 2
    groups = westminster.boards.filter(kind="delivery_group")
    assert set(groups.values_list("name", flat=True)) == {
        "Victim",
        "Offender",
        "Location",
        "CONTEST",
    }
    assert all(group.objectives.exists() for group in groups)
    places = set(
        Area.objects.filter(priorities__plan__partnership=westminster).values_list(
            "name", flat=True
        )
    )
    assert {"Queen's Park", "Church Street", "The West End"} <= places


def test_kingston_2009_10_performance_table(demo):
    """Seven indicators with the published changes and results."""
    table = {
        i.name: (i.change_value, str(i.change_percent), i.result)
        for i in Indicator.objects.filter(period="2009/10", baseline_period="2008/09")
    }
    assert table["Residential burglary"] == (36, "5.9", "missed")
    assert table["Total robbery"] == (-7, "-2.6", "missed")
    assert table["Theft from vehicles"] == (-186, "-22.1", "achieved")
    assert table["Gun crime"] == (5, "29.4", "missed")
    assert len(table) == 7


def test_demo_content_is_searchable(demo):
    """load_demo leaves the search index complete."""
    public_priorities = Priority.objects.filter(plan__in=Plan.objects.public()).count()
    assert SearchEntry.objects.filter(kind="priority").count() == public_priorities
    assert SearchEntry.objects.filter(kind="partnership").count() == 3


def test_demo_consultations(demo):
    """One open, one closed and one published consultation, with responses."""
    from engagement.models import Consultation

    states = dict(Consultation.objects.values_list("status", "title"))
    assert set(states) == {"open", "closed", "published"}
    for consultation in Consultation.objects.all():
        assert consultation.responses.count() >= 60
    published = Consultation.objects.get(status="published")
    assert published.outcome.actions.get().priority.title == "Antisocial behaviour"
    open_one = Consultation.objects.get(status="open")
    assert open_one.is_accepting_responses()


def test_demo_content_went_through_the_services(demo):
    """Each priority and plan was created, then published, by the system, and
    each partnership was published: the demo has the history real content has."""
    for priority in Priority.objects.all():
        records = list(priority.history.order_by("history_date", "history_id"))
        # (Setting its places is recorded as part of creating it.)
        assert records[0].history_change_reason == "Created"
        assert records[-1].history_change_reason == "Published"
        assert {r.history_user for r in records} == {None}
    superseded = Plan.objects.get(slug="kingston-local-policing-summary-2009-10")
    assert list(
        superseded.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", flat=True
        )
    ) == ["Created", "Published", "Superseded"]
    assert all(
        section.is_published and section.version == 2
        for section in PlanSection.objects.all()
    )
    assert Partnership.objects.public().count() == 3


def test_running_again_leaves_officers_changes_alone(demo):
    """An officer's draft, an unpublished priority and a removed member stay as
    the officers left them; only the missing member comes back."""
    priority = Priority.objects.get(slug="antisocial-behaviour")
    services.priority_save_draft(
        priority=priority,
        actor=None,
        data={"summary": "An officer's new summary"},
        version=priority.version,
    )
    hidden = Priority.objects.get(slug="drug-related-offending")
    services.priority_unpublish(priority=hidden, actor=None)
    kingston = Partnership.objects.get(slug="safer-kingston")
    removed = kingston.memberships.get(organisation__slug="mopac")
    removed.delete()
    call_command("load_demo", verbosity=0)
    priority.refresh_from_db()
    assert priority.draft == {"summary": "An officer's new summary"}
    assert not Priority.objects.get(pk=hidden.pk).is_published
    assert Membership.objects.filter(
        partnership=kingston, organisation__slug="mopac"
    ).exists()


def test_every_ward_of_the_three_boroughs_has_a_working_page(demo, client, settings):
    """55 current wards, each with its people, crime figures, map and team."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    wards = Area.objects.current().filter(
        kind=Area.Kind.WARD, parent__code__in=["E09000020", "E09000021", "E09000033"]
    )
    assert wards.count() == 18 + 19 + 18
    for ward in wards.select_related("parent"):
        response = client.get(ward.get_absolute_url())
        assert response.status_code == 200, ward
        assert response.context["crime"]["has_data"], ward
        assert response.context["map"] is not None, ward
        assert response.context["team"] is not None, ward
        assert ward.population


def test_a_residents_postcode_leads_to_the_demo_ward(demo, client):
    response = client.post("/areas/find/", {"area": "kt1 1ae"})
    assert response["Location"] == "/areas/kingston-upon-thames/kingston-town/"
    page = client.get(response["Location"]).text
    assert "Evening patrols and taxi marshals" in page
    assert "Kingston town centre" in page


def test_the_pre_2022_wards_stay_for_history(demo):
    """Kingston's Beverley, Grove and Tolworth and Hook Rise have ended."""
    old = Area.objects.filter(
        parent__code="E09000021",
        name__in=["Beverley", "Grove", "Tolworth and Hook Rise"],
    )
    assert old.count() == 3
    assert all(area.valid_to is not None and area.covers.exists() for area in old)


def test_a_former_ward_name_points_to_the_wards_that_replaced_it(demo, client):
    """A resident who still says "Grove" is told it ended and where it went."""
    page = client.post("/areas/find/", {"area": "Grove"}).text
    assert "Choose your area" in page
    assert "A ward of Kingston upon Thames until 4 May 2022" in page
    grove = Area.objects.get(
        parent__code="E09000021", name="Grove", valid_to__isnull=False
    )
    for ward in grove.covers.all():
        assert f'href="{ward.get_absolute_url()}"' in page
    assert grove.covers.count() >= 1


def test_a_borough_name_leads_to_the_demo_ward_map(demo, client):
    response = client.post("/areas/find/", {"area": "kingston upon thames"})
    assert response["Location"] == "/areas/kingston-upon-thames/"
    assert client.get(response["Location"]).status_code == 200


def test_pages_carry_the_seeds_dates_not_the_load_date(demo, client, settings):
    """Westminster's page says 7 June 2018, Kensington and Chelsea's 12 October
    2022; Kingston's partnership was last changed on 5 August 2022 at 16:35."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    westminster = client.get("/partnerships/safer-westminster/").text
    assert 'Last updated: <time datetime="2018-06-07">7 June 2018</time>' in westminster
    chelsea = client.get("/partnerships/safer-kensington-and-chelsea/").text
    assert 'Last updated: <time datetime="2022-10-12">12 October 2022</time>' in chelsea
    kingston = Partnership.objects.get(slug="safer-kingston")
    assert timezone.localtime(kingston.updated_at).strftime("%Y-%m-%d %H:%M:%S") == (
        "2022-08-05 16:35:55"
    )


def test_westminster_shows_its_expired_strategy_and_past_members(
    demo, client, settings
):
    """The 2017-2020 strategy has ended with nothing newer; the CCG and the two
    probation bodies are past members, with what took over."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    page = client.get("/partnerships/safer-westminster/")
    assert page.context["current_period"]["ended"]
    assert page.context["current_period"]["newer"] is None
    assert "No newer one has been published on this site" in page.text
    past = {item["organisation"].name: item for item in page.context["past_members"]}
    assert past["Central London Commissioning Group"]["successor"].name == (
        "NHS North West London Integrated Care Board"
    )
    for name in (
        "National Probation Service",
        "Community Rehabilitation Company (MTC Novo)",
    ):
        assert past[name]["successor"].name == "Probation Service"
    current = {
        m.organisation.name for g in page.context["member_groups"] for m in g["members"]
    }
    assert not current & set(past)


def test_kingston_priorities_have_example_actions(demo):
    """Each of Kingston's four priorities has an action, each marked as an
    example; the burglary target is labelled as an assumption."""
    from priorities.models import Action

    plan = Plan.objects.get(slug="safer-kingston-partnership-plan-2024-2029")
    for priority in plan.priorities.all():
        actions = Action.objects.filter(priority=priority)
        assert actions.exists(), priority.title
        assert all(action.is_example for action in actions)
    burglary = Indicator.objects.get(priority__plan=plan, name="Residential burglary")
    assert burglary.is_assumption
    assert "2010/11" in burglary.provenance_note


def test_demo_meetings(demo):
    """Kingston's past annual meeting with minutes and attendance completed its
    public-meeting deadline; Westminster's Safer Neighbourhood Board is to come;
    Kensington and Chelsea has a ward panel for Colville. Loading again adds
    nothing."""
    from django.utils import timezone

    from meetings.models import Meeting
    from meetings.selectors import reg12_status
    from plans.models import Deadline

    now = timezone.now()
    kingston = Meeting.objects.get(partnership__slug="safer-kingston")
    assert kingston.kind == "annual_public"
    assert kingston.ends_at < now
    assert kingston.minutes_published
    assert kingston.documents.filter(kind="minutes").exists()
    assert reg12_status(meeting=kingston).met
    done = Deadline.objects.get(pk=kingston.deadline_id)
    assert done.duty.kind == "public_meeting"
    assert done.evidence_path == kingston.get_absolute_url()
    assert Deadline.objects.filter(
        duty=done.duty, completed_on__isnull=True, due_date__gt=done.due_date
    ).exists()
    board = Meeting.objects.get(partnership__slug="safer-westminster")
    assert (board.kind, board.status) == ("safer_neighbourhood_board", "published")
    assert board.starts_at > now
    panel = Meeting.objects.get(partnership__slug="safer-kensington-and-chelsea")
    assert (panel.kind, panel.ward.name) == ("ward_panel", "Colville")
    call_command("load_demo", verbosity=0)
    assert Meeting.objects.count() == 3
    assert Deadline.objects.filter(completed_on__isnull=False).count() == 1
