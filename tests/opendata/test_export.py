"""The bulk open dataset: every table as CSV and JSON in one zip with its
Frictionless description and the CC0 licence; the open-data page that offers
it; the DCAT-AP-SE catalogue the national data portal harvests."""

import csv
import io
import json
import zipfile
from datetime import UTC, date

import pytest
from defusedxml.ElementTree import fromstring
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from ideas import projects, workflow
from ideas.models import IdeaStatus
from ideas.supports import support_add
from opendata import export
from opendata.tables import TABLES
from tests.forum.factories import PostFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.ideas.test_projects import LEAKS, project_data

pytestmark = pytest.mark.django_db
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DCAT = "{http://www.w3.org/ns/dcat#}"
DCTERMS = "{http://purl.org/dc/terms/}"


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path):
    settings.OPENDATA_DIR = tmp_path / "opendata"
    return settings.OPENDATA_DIR


def read_zip() -> zipfile.ZipFile:
    return zipfile.ZipFile(export.zip_path())


def rows(archive: zipfile.ZipFile, table: str) -> list[dict[str, str]]:
    text = archive.read(f"data/{table}.csv").decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_every_table_as_csv_and_json_described_and_licensed(
    goals, moderator, settings, export_dir
):
    author = VerifiedUserFactory(display_name="Ebba Idé", role="company")
    idea = IdeaFactory(
        goals=goals,
        author=author,
        author_role="company",
        title='Laddstolpar, "snabba"\n',
    )
    support_add(actor=VerifiedUserFactory(), idea=idea)
    workflow.idea_status_change(
        actor=moderator, idea=idea, status=IdeaStatus.ACCEPTED, reason="Passar väl."
    )
    IdeaFactory(goals=[goals[0]], author=None, title="Föräldralös")
    PostFactory(idea=idea, body="Bra, men **dyrt**.")
    project = projects.project_create(
        actor=moderator, data=project_data(), goals=[goals[1]], indicators=[LEAKS]
    )
    projects.indicator_value_set(
        actor=moderator,
        indicator=project.indicators.get(),
        measured_on=date(2026, 9, 1),
        value=12.5,
    )

    manifest = export.export()
    archive = read_zip()
    names = set(archive.namelist())
    for table in TABLES:
        assert {f"data/{table.name}.csv", f"data/{table.name}.json"} <= names
    assert "CC0" in archive.read("LICENSE.txt").decode()

    package = json.loads(archive.read("datapackage.json"))
    assert package["licenses"][0]["name"] == "CC0-1.0"
    for resource in package["resources"]:
        data = archive.read(resource["path"]).decode("utf-8")
        fields = [f["name"] for f in resource["schema"]["fields"]]
        if resource["format"] == "csv":
            assert next(csv.reader(io.StringIO(data))) == fields
            assert len(list(csv.reader(io.StringIO(data)))) - 1 == resource["rows"]
        else:
            records = json.loads(data)
            assert len(records) == resource["rows"]
            assert all(list(record) == fields for record in records)

    ideas = {row["title"]: row for row in rows(archive, "ideas")}
    assert set(ideas) == {'Laddstolpar, "snabba"\n', "Föräldralös"}
    shown = ideas['Laddstolpar, "snabba"\n']
    assert shown["url"] == settings.SITE_URL + idea.get_absolute_url()
    assert shown["author_name"] == "Ebba Idé" and shown["author_role"] == "company"
    assert shown["status"] == "accepted" and shown["supports_resident"] == "1"
    assert ideas["Föräldralös"]["author_name"] == "former participant"
    assert shown["published_at"].startswith(str(idea.published_at.date()))
    (change,) = rows(archive, "status_changes")
    assert change["reason"] == "Passar väl." and change["by_role"] == moderator.role
    (support,) = rows(archive, "supports")
    support_row_at = idea.supports.get().created_at.astimezone(UTC)
    assert support == {
        "idea_id": str(idea.pk),
        "role": "resident",
        "supported_on": str(support_row_at.date()),
    }
    assert rows(archive, "comments")[0]["body"] == "Bra, men **dyrt**."
    (value,) = json.loads(archive.read("data/indicator_values.json"))
    assert value["value"] == 12.5 and value["measured_on"] == "2026-09-01"
    assert {r["goal_id"] for r in rows(archive, "idea_goals")} == {
        str(g.pk) for g in goals
    }
    assert manifest.rows["ideas"] == 2 and manifest.size > 0
    assert export.read_manifest() == manifest
    # Written beside the last export and swapped in whole: nothing half-written.
    assert sorted(p.name for p in export_dir.iterdir()) == [
        "datapackage.json",
        "idestad-oppna-data.zip",
        "manifest.json",
    ]


def test_the_page_offers_the_last_export_with_its_size(client, goals):
    with translation.override("sv"):
        page_url = reverse("opendata:open_data")
    assert page_url == "/sv/oppna-data/"
    before = client.get(page_url).content.decode()
    assert "Den första exporten har inte gjorts än." in before
    assert client.get("/opendata/idestad-oppna-data.zip").status_code == 404

    IdeaFactory(goals=goals)
    call_command("opendata_export", "--no-progress", stdout=io.StringIO())
    page = client.get(page_url).content.decode()
    assert 'href="/opendata/idestad-oppna-data.zip"' in page
    assert "ideas</code>: Publicerade idéer som inte är dolda (1 rad)" in page
    download = client.get("/opendata/idestad-oppna-data.zip")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    body = b"".join(download.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None
    described = client.get("/opendata/datapackage.json").json()
    assert described["resources"][0]["rows"] == 1


def test_the_dcat_ap_se_catalogue(client, goals):
    call_command("opendata_export", "--no-progress", stdout=io.StringIO())
    response = client.get("/opendata/dcat.rdf", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"].startswith("application/rdf+xml")
    root = fromstring(response.content)
    (catalog,) = root.findall(f"{DCAT}Catalog")
    (dataset,) = root.findall(f"{DCAT}Dataset")
    titles = {
        t.get("{http://www.w3.org/XML/1998/namespace}lang"): t.text
        for t in dataset.findall(f"{DCTERMS}title")
    }
    assert set(titles) == {"sv", "en"} and titles["sv"].startswith("Idéstad")
    assert (
        catalog.find(f"{DCTERMS}publisher").get(f"{RDF}resource").endswith("#publisher")
    )
    assert dataset.find(f"{DCAT}contactPoint") is not None
    assert (
        dataset.find(f"{DCTERMS}accrualPeriodicity")
        .get(f"{RDF}resource")
        .endswith("DAILY")
    )
    zip_distribution = dataset.find(f"{DCAT}distribution/{DCAT}Distribution")
    assert (
        zip_distribution.find(f"{DCAT}downloadURL")
        .get(f"{RDF}resource")
        .endswith("/opendata/idestad-oppna-data.zip")
    )
    assert (
        zip_distribution.find(f"{DCAT}accessURL")
        .get(f"{RDF}resource")
        .endswith("/sv/oppna-data/")
    )
    assert zip_distribution.find(f"{DCTERMS}license").get(f"{RDF}resource") == (
        "http://creativecommons.org/publicdomain/zero/1.0/"
    )
    assert (
        int(zip_distribution.find(f"{DCAT}byteSize").text)
        == export.read_manifest().size
    )
