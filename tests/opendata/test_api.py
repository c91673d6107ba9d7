"""The read API: only what the public site shows, the site's filters with
clear 400s for bad values, stable cursor pages, ETags with 304, open CORS for
reading, a per-address rate limit with Retry-After, and a number of queries
that does not grow with the rows."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.http import http_date
from rest_framework.serializers import ModelSerializer

from accounts.models import Organisation
from cms.models import District
from ideas import projects, workflow
from ideas.models import Idea, IdeaKind, IdeaStatus, Project
from ideas.supports import support_add
from opendata.api import api_ideas
from opendata.serializers import IdeaSerializer, ProjectSerializer
from tests.accounts.factories import OrganisationFactory
from tests.cms.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    PrincipleIndexPageFactory,
    PrinciplePageFactory,
)
from tests.forum.factories import PostFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.ideas.test_projects import LEAKS, project_data

pytestmark = pytest.mark.django_db
IDEAS = "/api/v1/ideas/"


def get(client, url, **params):
    response = client.get(url, params)
    return response, response.json()


def test_ideas_show_what_the_site_shows_and_nothing_else(client, goals, moderator):
    author = VerifiedUserFactory(display_name="Ebba Idé", email="ebba@example.org")
    idea = IdeaFactory(goals=[goals[0]], author=author, title="Laddstolpar")
    workflow.idea_status_change(
        actor=moderator, idea=idea, status=IdeaStatus.ACCEPTED, reason="Passar väl."
    )
    orphan = IdeaFactory(goals=goals, author=None, title="Föräldralös")
    draft = IdeaFactory(goals=goals, published_at=None, title="Hemligt utkast")
    hidden = IdeaFactory(goals=goals, hidden_at=timezone.now(), title="Dold idé")

    response, body = get(client, IDEAS)
    assert response.status_code == 200
    assert [i["title"] for i in body["results"]] == ["Föräldralös", "Laddstolpar"]
    shown = body["results"][1]
    assert shown["url"] == "http://testserver" + idea.get_absolute_url()
    assert shown["author"] == {"name": "Ebba Idé", "role": "resident"}
    assert shown["status"] == "accepted"
    (change,) = shown["status_history"]
    assert change["reason"] == "Passar väl." and change["by_role"] == moderator.role
    assert shown["goals"] == [
        {"id": goals[0].pk, "title": goals[0].title, "url": shown["goals"][0]["url"]}
    ]
    assert body["results"][0]["author"]["name"] == "former participant"
    text = response.content.decode()
    assert "ebba@example.org" not in text and "Hemligt" not in text
    assert "Dold" not in text
    for unseen in (draft, hidden):
        assert client.get(f"{IDEAS}{unseen.pk}/").status_code == 404
    assert client.get(f"{IDEAS}{orphan.pk}/").json()["id"] == orphan.pk


def test_an_ideas_direct_representation_is_what_its_declared_fields_give(
    rf, goals, make_challenge, moderator
):
    """The idea serializer builds its dict directly for speed; the declared
    fields (the schema) stay the reference for every kind of idea."""
    district = District.objects.create(name="Skärholmen", slug="skarholmen")
    company = OrganisationFactory(kind=Organisation.Kind.COMPANY)
    answered = IdeaFactory(goals=goals, district=district, organisation=company)
    support_add(actor=VerifiedUserFactory(), idea=answered)
    workflow.idea_answer(actor=moderator, idea=answered, text="Vi utreder **det**.")
    workflow.idea_status_change(
        actor=moderator, idea=answered, status=IdeaStatus.ACCEPTED, reason="Bra."
    )
    withdrawn = IdeaFactory(goals=[goals[1]], challenge=make_challenge())
    workflow.idea_withdraw(actor=withdrawn.author, idea=withdrawn, reason="Ångrar.")
    orphan = IdeaFactory(goals=[], author=None, kind=IdeaKind.PILOT)
    orphan.edited_at = timezone.now()
    orphan.save()
    context = {"request": rf.get(IDEAS)}
    for idea in (answered, withdrawn, orphan):
        row = api_ideas().get(pk=idea.pk)  # what the API reads
        direct = IdeaSerializer(row, context=context).data
        model = Idea.objects.get(pk=idea.pk)
        declared = ModelSerializer.to_representation(
            IdeaSerializer(context=context), model
        )
        assert direct == declared
        assert IdeaSerializer(model, context=context).data == declared
        assert list(direct) == IdeaSerializer.Meta.fields
    assert direct["author"]["name"] == "former participant"


def test_the_sites_filters(client, goals, make_challenge):
    district = District.objects.create(name="Skärholmen", slug="skarholmen")
    company = OrganisationFactory(kind=Organisation.Kind.COMPANY)
    challenge = make_challenge()
    a = IdeaFactory(goals=[goals[0]], district=district)
    b = IdeaFactory(goals=[goals[1]], kind=IdeaKind.PILOT, organisation=company)
    c = IdeaFactory(goals=[goals[1]], challenge=challenge, status=IdeaStatus.ACCEPTED)

    def ids(**params):
        response, body = get(client, IDEAS, **params)
        assert response.status_code == 200, body
        return {i["id"] for i in body["results"]}

    assert ids(goal=goals[0].pk) == {a.pk}
    assert ids(district="skarholmen") == {a.pk}
    assert ids(district="city") == {b.pk, c.pk}
    assert ids(kind="pilot") == {b.pk}
    assert ids(organisation=company.pk) == {b.pk}
    assert ids(status="accepted") == {c.pk}
    assert ids(challenge=challenge.pk) == {c.pk}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("goal", "abc"),
        ("goal", "١٢"),  # Arabic-Indic digits are not an id here
        ("goal", str(10**30)),
        ("goal", "0"),
        ("status", "nonsense"),
        ("kind", "idea\x00"),
        ("district", "ingenstans"),
        ("organisation", "999999"),
        ("cursor", "not-a-cursor"),
        ("limit", "-1"),
    ],
)
def test_bad_parameters_get_a_clear_400_or_are_ignored_never_a_500(
    client, goals, name, value
):
    IdeaFactory(goals=goals)
    response = client.get(IDEAS, {name: value})
    assert response.status_code in (200, 400, 404)
    assert response["Content-Type"] == "application/json"
    if response.status_code == 400:
        assert name in response.json() or "detail" in response.json()


def test_cursor_pages_are_stable_while_new_ideas_arrive(client, goals):
    first_ideas = IdeaFactory.create_batch(5, goals=goals)
    _, page = get(client, IDEAS, limit=2)
    seen = [i["id"] for i in page["results"]]
    IdeaFactory(goals=goals, title="Ny under tiden")
    while page["next"]:
        response = client.get(page["next"])
        page = response.json()
        seen += [i["id"] for i in page["results"]]
    assert seen == sorted((i.pk for i in first_ideas), reverse=True)


def test_etag_304_and_cors(client, goals):
    IdeaFactory(goals=goals)
    response = client.get(IDEAS)
    etag = response["ETag"]
    assert response["Access-Control-Allow-Origin"] == "*"
    again = client.get(IDEAS, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    IdeaFactory(goals=goals)
    assert client.get(IDEAS, headers={"if-none-match": etag}).status_code == 200
    preflight = client.options(
        IDEAS,
        headers={
            "origin": "https://karta.example.org",
            "access-control-request-method": "GET",
        },
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_a_rate_limit_per_address_with_retry_after(client, settings, goals):
    settings.API_RATE = "3/minute"
    for _ in range(3):
        assert client.get(IDEAS).status_code == 200
    refused = client.get(IDEAS)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    other = client.get(IDEAS, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_the_idea_list_costs_the_same_for_few_and_many(
    client, goals, rows, make_challenge, moderator, django_assert_max_num_queries
):
    """Ideas with everything the list shows (district, organisation,
    challenge, official answer, status history), so a field the list's query
    leaves out would cost a query per idea here."""
    district = District.objects.create(name="Skärholmen", slug="skarholmen")
    company = OrganisationFactory(kind=Organisation.Kind.COMPANY)
    challenge = make_challenge()
    for idea in IdeaFactory.create_batch(
        rows, goals=goals, district=district, organisation=company, challenge=challenge
    ):
        workflow.idea_answer(actor=moderator, idea=idea, text="Vi utreder det.")
        workflow.idea_status_change(
            actor=moderator, idea=idea, status=IdeaStatus.ACCEPTED, reason="Bra."
        )
    get(client, IDEAS)  # the cached goal labels and challenges, read once
    with django_assert_max_num_queries(3):
        _, body = get(client, IDEAS)
    assert len(body["results"]) == rows
    shown = body["results"][0]
    assert shown["district"]["name"] == "Skärholmen"
    assert shown["organisation"]["name"] == company.name
    assert shown["challenge"]["title"] == challenge.title
    assert shown["official_answer"]["text"] == "Vi utreder det."
    assert [c["status"] for c in shown["status_history"]] == ["accepted"]


def test_an_idea_does_not_name_a_challenge_that_is_not_published(
    client, goals, make_challenge
):
    challenge = make_challenge(title="Utmaning som dras tillbaka")
    idea = IdeaFactory(goals=goals, challenge=challenge)
    assert get(client, f"{IDEAS}{idea.pk}/")[1]["challenge"]["id"] == challenge.pk
    challenge.unpublish()
    for body in (get(client, f"{IDEAS}{idea.pk}/")[1], get(client, IDEAS)[1]):
        assert "Utmaning som dras tillbaka" not in str(body)
    assert get(client, f"{IDEAS}{idea.pk}/")[1]["challenge"] is None


def test_missing_objects_are_json_404s_not_redirects(client, goals):
    for path in ("/api/v1/ideas/999999/", f"/api/v1/ideas/{10**30}/", "/api/v1/x/"):
        response = client.get(path)
        assert response.status_code == 404, path


def test_goals_and_districts(client, goals):
    District.objects.create(name="Bromma", slug="bromma")
    _, body = get(client, "/api/v1/goals/")
    assert {g["title"] for g in body["results"]} == {g.title for g in goals}
    assert all(g["language"] == "sv" for g in body["results"])
    _, body = get(client, "/api/v1/districts/")
    assert body["results"] == [{"slug": "bromma", "name": "Bromma"}]
    assert client.get("/api/v1/districts/bromma/").json()["name"] == "Bromma"


def test_principles_and_news_as_the_site_shows_them(client, home, goals):
    principles = PrincipleIndexPageFactory(parent=home)
    open_data = PrinciplePageFactory(
        parent=principles, title="Öppna data", summary="Data är öppen som standard.",
        body=f'<p>Se <a linktype="page" id="{goals[0].pk}">målet</a>.</p>',
    )  # fmt: skip
    draft = PrinciplePageFactory(parent=principles, title="Hemlig princip")
    draft.unpublish()
    news = NewsIndexPageFactory(parent=home)
    older = NewsPageFactory(parent=news, title="Äldre nyhet", date=date(2026, 1, 2))
    newer = NewsPageFactory(parent=news, title="Nyare nyhet", date=date(2026, 5, 6))
    NewsPageFactory(parent=news, title="Opublicerad nyhet").unpublish()

    _, body = get(client, "/api/v1/principles/")
    assert [p["title"] for p in body["results"]] == ["Öppna data"]
    item = client.get(f"/api/v1/principles/{open_data.pk}/").json()
    assert item["kind"] == "enabling" and item["language"] == "sv"
    assert item["summary"] == "Data är öppen som standard."
    assert item["url"] == f"http://testserver{open_data.url}"
    assert (
        goals[0].url in item["body_html"] and 'linktype="page"' not in item["body_html"]
    )
    assert client.get(f"/api/v1/principles/{draft.pk}/").status_code == 404

    _, body = get(client, "/api/v1/news/")
    assert [n["title"] for n in body["results"]] == [newer.title, older.title]
    assert body["results"][0]["date"] == "2026-05-06"
    assert body["results"][0]["intro"] == "Något har hänt."
    goal = client.get(f"/api/v1/goals/{goals[0].pk}/").json()
    assert goal["short_description"] == goals[0].short_description


def test_projects_with_their_whole_follow_up(client, goals, moderator):
    idea = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED, title="Läckor")
    project = projects.project_promote(
        actor=moderator, ideas=[idea], data=project_data(), reason="Ett projekt.",
        indicators=[LEAKS], owners=[moderator],
    )  # fmt: skip
    projects.milestone_add(
        actor=moderator, project=project, title="Sensorer i 10 brunnar",
        due_on=date(2027, 3, 1), done_on=None,
    )  # fmt: skip
    projects.indicator_value_set(
        actor=moderator, indicator=project.indicators.get(),
        measured_on=date(2027, 3, 1), value=Decimal(12),
    )  # fmt: skip
    response, body = get(client, "/api/v1/projects/")
    (shown,) = body["results"]
    assert shown["owner_name"] == "Stockholm Vatten och Avfall"
    assert "contact" not in shown and "projekt@example.org" not in str(body)
    assert shown["origin_ideas"][0]["title"] == "Läckor"
    assert shown["milestones"] == [
        {"title": "Sensorer i 10 brunnar", "due_on": "2027-03-01", "done_on": None}
    ]
    (indicator,) = shown["indicators"]
    assert indicator["values"][0]["value"] == "12.00"
    assert client.get(f"/api/v1/projects/{project.pk}/").json()["id"] == project.pk


def _followed_up_project(moderator, ideas, **data):
    """A project with everything it shows: goals, origin ideas, two
    milestones, two indicators with values, and two years' reports."""
    project = projects.project_promote(
        actor=moderator, ideas=ideas, data=project_data(**data), reason="Projekt.",
        indicators=[LEAKS, replace(LEAKS, name="Vatten sparat", unit="m³")],
        owners=[moderator],
    )  # fmt: skip
    for title, due, done in [
        ("Upphandling", date(2026, 5, 1), date(2026, 4, 20)),
        ("Sensorer i 10 brunnar", date(2027, 3, 1), None),
    ]:
        projects.milestone_add(
            actor=moderator, project=project, title=title, due_on=due, done_on=done
        )
    leaks, water = project.indicators.order_by("pk")
    for year in (2027, 2026):
        projects.report_add(
            actor=moderator, project=project, year=year, narrative=f"År {year}.",
            values={leaks: Decimal(year - 2000), water: Decimal("12.5")},
        )  # fmt: skip
    projects.indicator_value_set(
        actor=moderator, indicator=leaks, measured_on=date(2026, 6, 1),
        value=Decimal("3.25"), source="Mätning",
    )  # fmt: skip
    return project


def test_a_projects_direct_representation_is_what_its_declared_fields_give(
    rf, goals, moderator
):
    shown = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED, title="Synlig")
    hidden = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED, title="Dold")
    project = _followed_up_project(
        moderator, [shown, hidden], budget=Decimal(1_200_000), ends_on=date(2028, 1, 1)
    )
    Idea.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    bare = projects.project_promote(
        actor=moderator, ideas=[IdeaFactory(goals=[], status=IdeaStatus.ACCEPTED)],
        data=project_data(title="Utan uppföljning"), reason="Projekt.",
    )  # fmt: skip
    context = {"request": rf.get("/api/v1/projects/")}
    for each in (project, bare):
        each = Project.objects.get(pk=each.pk)
        direct = ProjectSerializer(each, context=context).data
        declared = ModelSerializer.to_representation(
            ProjectSerializer(context=context), Project.objects.get(pk=each.pk)
        )
        assert direct == declared
        assert list(direct) == ProjectSerializer.Meta.fields
    full = ProjectSerializer(project, context=context).data
    assert [i["title"] for i in full["origin_ideas"]] == ["Synlig"]
    assert [r["year"] for r in full["reports"]] == [2026, 2027]
    assert full["budget"] == "1200000"
    leaks = full["indicators"][0]
    assert [v["measured_on"] for v in leaks["values"]] == [
        "2026-06-01", "2026-12-31", "2027-12-31",
    ]  # fmt: skip
    assert leaks["values"][0] == {
        "measured_on": "2026-06-01", "value": "3.25", "source": "Mätning",
    }  # fmt: skip


@pytest.mark.parametrize("rows", [1, 6])
def test_the_project_list_costs_the_same_for_few_and_many(
    client, goals, moderator, rows, django_assert_max_num_queries
):
    for n in range(rows):
        idea = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED)
        _followed_up_project(moderator, [idea], title=f"Projekt {n}")
    get(client, "/api/v1/projects/")  # the cached goal labels, read once
    with django_assert_max_num_queries(7):
        _, body = get(client, "/api/v1/projects/")
    assert len(body["results"]) == rows
    assert all(len(p["indicators"][1]["values"]) == 2 for p in body["results"])
    with django_assert_max_num_queries(7):
        project = client.get(f"/api/v1/projects/{body['results'][0]['id']}/").json()
    assert [m["title"] for m in project["milestones"]] == [
        "Upphandling", "Sensorer i 10 brunnar",
    ]  # fmt: skip


def test_challenges_with_phases_and_only_verified_organisations(client, make_challenge):
    challenge = make_challenge()
    OrganisationFactory(name="Okänd AB", verified=False)
    known = OrganisationFactory(name="Känd AB", verified=True)
    _, body = get(client, "/api/v1/challenges/")
    (shown,) = body["results"]
    assert shown["id"] == challenge.pk
    assert {p["kind"] for p in shown["phases"]} >= {"ideation"}
    _, body = get(client, "/api/v1/organisations/")
    assert [o["name"] for o in body["results"]] == ["Känd AB"]
    assert body["results"][0]["url"].endswith(f"/organisations/{known.slug}/")


def test_public_comments_by_what_they_are_written_on(client, goals, moderator):
    idea = IdeaFactory(goals=goals)
    hidden_idea = IdeaFactory(goals=goals, hidden_at=timezone.now())
    person = VerifiedUserFactory(display_name="Kim", email="kim@example.org")
    first = PostFactory(idea=idea, author=person, body="Bra **idé**.")
    answer = PostFactory(idea=idea, author=None, parent=first, body="Håller med.")
    PostFactory(idea=idea, body="Dold", hidden_at=timezone.now())
    PostFactory(idea=idea, body="Borttagen", removed_at=timezone.now())
    secret = PostFactory(idea=hidden_idea, body="På en dold idé")
    other = PostFactory(idea=IdeaFactory(goals=goals), body="Annan idé")

    response, body = get(client, "/api/v1/comments/", idea=idea.pk)
    assert response.status_code == 200
    assert [c["id"] for c in body["results"]] == [answer.pk, first.pk]
    shown = body["results"][1]
    assert shown["author"] == {"name": "Kim", "role": "resident"}
    assert (
        shown["body"] == "Bra **idé**." and "<strong>idé</strong>" in shown["body_html"]
    )
    assert shown["idea"] == idea.pk and shown["project"] is None
    assert shown["url"].endswith(f"/sv/discussion/posts/{first.pk}/link/")
    assert body["results"][0]["author"]["name"] == "former participant"
    assert body["results"][0]["parent"] == first.pk
    everything = client.get("/api/v1/comments/").content.decode()
    assert str(other.pk) in everything
    for leak in ("kim@example.org", "Dold", "Borttagen", "På en dold idé"):
        assert leak not in everything
    assert client.get(f"/api/v1/comments/{secret.pk}/").status_code == 404
    assert client.get("/api/v1/comments/", {"idea": "x"}).status_code == 400


def test_the_comment_list_costs_the_same_for_few_and_many(
    client, goals, django_assert_max_num_queries
):
    idea = IdeaFactory(goals=goals)
    PostFactory(idea=idea)
    client.get("/api/v1/comments/")
    with django_assert_max_num_queries(10) as few:
        client.get("/api/v1/comments/")
    for _ in range(12):
        PostFactory(idea=idea, author=VerifiedUserFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/comments/").json()["results"]) == 13


def test_updated_since_and_last_modified_follow_every_change(client, goals, moderator):
    old, kept = IdeaFactory(goals=goals), IdeaFactory(goals=goals)
    Idea.objects.filter(pk__in=[old.pk, kept.pk]).update(
        updated_at=timezone.now() - timedelta(days=3)
    )
    since = (timezone.now() - timedelta(days=1)).isoformat()

    def changed() -> list[int]:
        response, body = get(client, IDEAS, updated_since=since)
        assert response.status_code == 200
        return [idea["id"] for idea in body["results"]]

    assert changed() == []
    support_add(actor=VerifiedUserFactory(), idea=old)  # a count, by update()
    assert changed() == [old.pk]
    workflow.idea_status_change(
        actor=moderator, idea=kept, status=IdeaStatus.ACCEPTED, reason="Bra."
    )  # a status, by save(update_fields=...)
    assert sorted(changed()) == sorted([old.pk, kept.pk])

    first = client.get(f"{IDEAS}{old.pk}/")
    stamp = first["Last-Modified"]
    assert (
        client.get(f"{IDEAS}{old.pk}/", HTTP_IF_MODIFIED_SINCE=stamp).status_code == 304
    )
    PostFactory(idea=old)  # the comment count changes the idea
    assert client.get(
        f"{IDEAS}{old.pk}/", HTTP_IF_MODIFIED_SINCE=stamp
    ).status_code in (200, 304)  # same second: HTTP dates have no fractions
    later = http_date(timezone.now().timestamp() - 3600)
    assert (
        client.get(f"{IDEAS}{old.pk}/", HTTP_IF_MODIFIED_SINCE=later).status_code == 200
    )
    for bad in ("yesterday", "2026-13-01T00:00:00Z", "9" * 400, "2026-01-01\x00"):
        response, body = get(client, IDEAS, updated_since=bad)
        assert response.status_code == 400 and "updated_since" in body, bad
