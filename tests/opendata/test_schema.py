"""The OpenAPI document describes what the API really answers: every
endpoint's real responses, over data that fills every field, validate against
it (OpenAPI 3.1 schemas are JSON Schema 2020-12)."""

from datetime import date
from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from accounts.models import Organisation
from cms.models import District
from ideas import projects, workflow
from ideas.models import IdeaKind, IdeaStatus
from tests.accounts.factories import OrganisationFactory
from tests.cms.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    PrincipleIndexPageFactory,
    PrinciplePageFactory,
)
from tests.forum.factories import PostFactory
from tests.ideas.factories import IdeaFactory
from tests.ideas.test_projects import LEAKS, project_data

pytestmark = pytest.mark.django_db
DOCUMENT = "urn:idestad:openapi"


def pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


@pytest.fixture
def filled(home, goals, moderator, make_challenge):
    district = District.objects.create(name="Kista", slug="kista")
    company = OrganisationFactory(kind=Organisation.Kind.COMPANY, verified=True)
    idea = IdeaFactory(
        goals=goals, district=district, challenge=make_challenge(),
        kind=IdeaKind.PILOT, organisation=company, author=None,
    )  # fmt: skip
    workflow.idea_status_change(
        actor=moderator, idea=idea, status=IdeaStatus.ACCEPTED, reason="Bra."
    )
    workflow.idea_answer(actor=moderator, idea=idea, text="Vi gör det.")
    project = projects.project_promote(
        actor=moderator, ideas=[idea], data=project_data(), reason="Projekt.",
        indicators=[LEAKS], owners=[moderator],
    )  # fmt: skip
    projects.milestone_add(
        actor=moderator, project=project, title="Start",
        due_on=date(2027, 1, 1), done_on=date(2027, 1, 2),
    )  # fmt: skip
    projects.report_add(
        actor=moderator, project=project, year=2027, narrative="Bra år.",
        values={project.indicators.get(): Decimal("3.5")},
    )  # fmt: skip
    comment = PostFactory(idea=idea, body="Bra **idé**.")
    principle = PrinciplePageFactory(
        parent=PrincipleIndexPageFactory(parent=home), body="<p>Öppet.</p>"
    )
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=home))
    return {
        "principles": principle.pk,
        "news": news.pk,
        "comments": comment.pk,
        "ideas": idea.pk,
        "projects": project.pk,
        "goals": goals[0].pk,
        "challenges": idea.challenge_id,
        "districts": "kista",
        "organisations": company.pk,
    }


def test_every_endpoint_answers_as_its_schema_says(client, filled):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] == "Idéstad open data API"
    assert "Rubrik" not in response.content.decode()  # in English
    registry = Registry().with_resource(
        DOCUMENT, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    checked = 0
    for path in document["paths"]:
        name = path.split("/")[3]
        url = path.replace("{id}", str(filled[name])).replace(
            "{slug}", str(filled[name])
        )
        answer = client.get(url)
        assert answer.status_code == 200, url
        schema_at = pointer(
            "paths", path, "get", "responses", "200", "content",
            "application/json", "schema",
        )  # fmt: skip
        validator = Draft202012Validator(
            {"$ref": f"{DOCUMENT}#/{schema_at}"}, registry=registry
        )
        errors = [
            f"{list(e.absolute_path)}: {e.message}"
            for e in validator.iter_errors(answer.json())
        ]
        assert errors == [], url
        if path.endswith("/"):
            assert answer.json().get("results", [answer.json()]), url
        checked += 1
    assert checked == 18  # nine collections and their objects


def test_the_human_docs_are_served_from_the_package_not_a_cdn(client):
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    assert "http" not in page.split("<body")[0].replace("http-equiv", "")


def test_every_example_in_the_document_matches_its_schema(client):
    document = client.get("/api/v1/schema/", {"format": "json"}).json()
    registry = Registry().with_resource(
        DOCUMENT, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    checked = []
    for path, operations in document["paths"].items():
        content = operations["get"]["responses"]["200"]["content"]["application/json"]
        schema_at = pointer(
            "paths", path, "get", "responses", "200", "content",
            "application/json", "schema",
        )  # fmt: skip
        validator = Draft202012Validator(
            {"$ref": f"{DOCUMENT}#/{schema_at}"}, registry=registry
        )
        for name, example in content.get("examples", {}).items():
            errors = [e.message for e in validator.iter_errors(example["value"])]
            assert errors == [], (path, name)
            checked.append(path)
    assert sorted(checked) == [
        "/api/v1/comments/", "/api/v1/comments/{id}/",
        "/api/v1/ideas/", "/api/v1/ideas/{id}/",
    ]  # fmt: skip
