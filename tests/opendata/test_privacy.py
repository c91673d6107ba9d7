"""Nothing private leaves through the open outputs: seed an e-mail address,
a draft, a hidden idea, hidden and removed comments, a comment on a hidden
idea, an unverified organisation and a project's contact, then read every API
endpoint and object, every feed, the export and the open-data pages, and search
all of it for them."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms.models import District
from ideas import projects
from opendata import export
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

SECRETS = [
    "hemlig.person@example.org",
    "Utkastets titel",
    "Dold idés titel",
    "Dold kommentar",
    "Borttagen kommentar",
    "Kommentar på dold idé",
    "Overifierad förening",
    "kontakt.person@example.org",
    "Opublicerad princip",
    "Opublicerad nyhet",
]
PUBLIC = [
    "Synlig idé", "Synlig kommentar", "Verifierad förening", "Publicerad princip",
    "Publicerad nyhet",
]  # fmt: skip


@pytest.fixture
def seeded(home, goals, moderator, settings, tmp_path):
    settings.OPENDATA_DIR = tmp_path
    principles = PrincipleIndexPageFactory(parent=home)
    PrinciplePageFactory(parent=principles, title="Publicerad princip")
    PrinciplePageFactory(parent=principles, title="Opublicerad princip").unpublish()
    news = NewsIndexPageFactory(parent=home)
    NewsPageFactory(parent=news, title="Publicerad nyhet")
    NewsPageFactory(parent=news, title="Opublicerad nyhet").unpublish()
    district = District.objects.create(name="Skärholmen", slug="skarholmen")
    person = VerifiedUserFactory(
        email="hemlig.person@example.org", display_name="Synlig Person"
    )
    verified = OrganisationFactory(name="Verifierad förening", verified=True)
    OrganisationFactory(name="Overifierad förening", verified=False)
    idea = IdeaFactory(
        goals=goals, author=person, title="Synlig idé", district=district,
        organisation=verified,
    )  # fmt: skip
    IdeaFactory(goals=goals, author=person, published_at=None, title="Utkastets titel")
    hidden = IdeaFactory(goals=goals, hidden_at=timezone.now(), title="Dold idés titel")
    PostFactory(idea=idea, author=person, body="Synlig kommentar")
    PostFactory(idea=idea, body="Dold kommentar", hidden_at=timezone.now())
    PostFactory(idea=idea, body="Borttagen kommentar", removed_at=timezone.now())
    PostFactory(idea=hidden, body="Kommentar på dold idé")
    projects.project_create(
        actor=moderator,
        data=project_data(contact="kontakt.person@example.org"),
        goals=goals,
        indicators=[LEAKS],
    )
    return idea


def outputs(client) -> dict[str, str]:
    read: dict[str, str] = {}

    def get(url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, url
        read[url] = response.content.decode()
        return read[url]

    kinds = (
        "ideas", "projects", "goals", "challenges", "districts", "comments",
        "principles", "news",
    )  # fmt: skip
    for kind in kinds:
        listed = client.get(f"/api/v1/{kind}/").json()["results"]
        read[f"/api/v1/{kind}/"] = str(listed)
        for item in listed:
            key = item.get("id", item.get("slug"))
            get(f"/api/v1/{kind}/{key}/")
    get("/api/v1/organisations/")
    for feed in ("ideas", "decisions", "projects", "news"):
        get(f"/sv/feeds/{feed}/")
    get("/sv/feeds/ideas/districts/skarholmen/")
    call_command("opendata_export", "--no-progress", stdout=io.StringIO())
    with zipfile.ZipFile(export.zip_path()) as archive:
        for name in archive.namelist():
            read[f"zip:{name}"] = archive.read(name).decode("utf-8")
    for url in (
        "/opendata/datapackage.json",
        "/opendata/dcat.rdf",
        "/sv/oppna-data/",
        f"/sv/uppfoljning/{timezone.localdate().year}/",
    ):
        get(url)
    return read


def test_no_private_content_in_any_open_output(client, seeded):
    read = outputs(client)
    everything = "\n".join(read.values())
    for public in PUBLIC:
        assert public in everything, public  # the search looks where it should
    leaks = [
        (secret, where)
        for where, text in read.items()
        for secret in SECRETS
        if secret in text
    ]
    assert leaks == []
