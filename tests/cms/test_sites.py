"""cms.sites: a request's Wagtail site and site settings are read once per
process and navigation version, not on every request, and a change to either
is seen by the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cms.models import SiteSettings
from tests.cms.factories import HomePageFactory

pytestmark = pytest.mark.django_db


def site_queries(client, path: str = "/sv/", **headers) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as seen:
        response = client.get(path, **headers)
    assert response.status_code == 200
    tables = ("wagtailcore_site", "cms_sitesettings")
    asked = [q["sql"] for q in seen if any(t in q["sql"] for t in tables)]
    return response.content.decode(), asked


def test_the_site_and_its_settings_are_read_once_not_per_request(client, home):
    SiteSettings.for_site(Site.objects.get(is_default_site=True))  # made once
    _page, first = site_queries(client)
    assert first  # read when first asked for
    _page, again = site_queries(client)
    assert again == []


def test_changed_settings_show_on_the_next_request(client, home):
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    page, _asked = site_queries(client)
    assert "Idéstad" in page
    settings.site_name = "Stockholms idébank"
    settings.save()
    page, _asked = site_queries(client)
    assert "Stockholms idébank" in page


def test_a_new_site_for_another_host_is_used_for_that_host(client, home, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver", "kista.example"]
    kista = HomePageFactory(parent=home.get_parent(), title="Kista", slug="kista")
    site_queries(client)  # the default site is kept now
    Site.objects.create(hostname="kista.example", port=80, root_page=kista)
    page, _asked = site_queries(client, HTTP_HOST="kista.example")
    assert "Kista" in page
    page, _asked = site_queries(client)
    assert "Kista" not in page


def test_making_room_for_more_keeps_what_the_current_version_holds():
    """The process drops older versions' entries when it holds many; the
    current version's stay, or the very next request reads them again."""
    from cms import navigation, sites

    current = navigation.version()
    reads = []
    sites.kept(("site", "current"), lambda: reads.append("site") or "a site")
    for n in range(70):
        sites._kept[("site", f"old-{n}", current - 1)] = "old"
    sites.kept(("settings", "current"), lambda: reads.append("settings") or "x")
    sites.kept(("site", "current"), lambda: reads.append("site again") or "a site")
    assert reads == ["site", "settings"]
    assert not any(key[-1] != current for key in sites._kept)
