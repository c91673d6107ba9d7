import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from accounts.models import User
from cms.models import District, GoalKind, GoalPage, HomePage, SiteSettings

# The demo is seeded once for these tests (tests.demo); seed() runs the
# command again where a test is about running it more than once.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]


def seed() -> None:
    call_command("seed_demo", verbosity=0)


def test_seed_demo_fills_in_the_goal_picture_in_both_languages():
    swedish = GoalPage.objects.live().filter(locale__language_code="sv")
    english = GoalPage.objects.live().filter(locale__language_code="en")
    assert swedish.filter(kind=GoalKind.MAIN).count() == 2
    assert swedish.filter(kind=GoalKind.DIMENSION).count() == 4
    assert set(english.values_list("title", flat=True)) >= {
        "The highest quality of life for Stockholmers",
        "The best climate for business",
    }
    for goal in swedish:
        assert goal.get_translation(english.first().locale).live


def test_seed_demo_makes_the_swedish_home_the_default_site_root():
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.locale.language_code == "sv"
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()


def test_seed_demo_a_second_time_adds_nothing():
    counts = (Page.objects.count(), District.objects.count(), User.objects.count())
    seed()
    assert (
        Page.objects.count(),
        District.objects.count(),
        User.objects.count(),
    ) == counts


def test_seed_demo_creates_the_thirteen_districts_and_marks_the_site_as_demo():
    assert District.objects.count() == 13
    assert District.objects.first().name == "Rinkeby-Kista"
    assert SiteSettings.objects.get().is_demo


def test_seed_demo_links_each_english_challenge_to_english_goals():
    from cms.models import ChallengePage

    for challenge in ChallengePage.objects.filter(locale__language_code="en"):
        languages = {goal.locale.language_code for goal in challenge.goals.all()}
        assert languages == {"en"}


def test_seed_demo_prints_the_logins(capsys):
    call_command("seed_demo", "--show-passwords")
    output = capsys.readouterr().out
    assert "admin@idestad.example" in output
    assert "invanare@idestad.example" in output
    assert "foretag@idestad.example" in output
    admin = User.objects.get(email="admin@idestad.example")
    assert admin.is_superuser and admin.check_password("idestad-demo-2026")


def test_seed_demo_includes_a_verified_company_and_academic_organisation():
    from accounts.models import Organisation, Role

    company = User.objects.get(email="foretag@idestad.example")
    academic = User.objects.get(email="akademi@idestad.example")
    assert (company.role, academic.role) == (Role.COMPANY, Role.ACADEMIA)
    kinds = set(
        Organisation.objects.filter(verified=True).values_list("kind", flat=True)
    )
    assert kinds == {"company", "academia"}
    admin = User.objects.get(email="admin@idestad.example")
    assert admin.role == Role.CITY_STAFF
