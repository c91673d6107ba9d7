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


def test_seed_demo_builds_a_lived_in_platform():
    from forum.models import Post, Thread
    from ideas.models import Idea, IdeaImage, IdeaKind, IdeaStatus, Support

    ideas = Idea.objects.visible()
    assert ideas.count() >= 40
    goals = GoalPage.objects.filter(locale__language_code="sv")
    for goal in goals:
        assert ideas.filter(goals=goal).exists(), goal.title
    assert ideas.exclude(district=None).values("district").distinct().count() >= 10
    assert set(ideas.values_list("kind", flat=True)) == set(IdeaKind.values)
    assert set(Idea.objects.values_list("status", flat=True)) == set(IdeaStatus.values)
    assert IdeaImage.objects.count() >= 5
    supporters = Support.objects.values("user").distinct().count()
    assert supporters >= 20
    replies = Post.objects.filter(idea__isnull=False, parent__isnull=False)
    assert replies.exists()
    assert Thread.objects.values("category").distinct().count() >= 3


def test_seed_demo_leaves_the_demo_resident_ideas_to_support():
    from ideas.models import Idea
    from ideas.supports import support_closed_reason

    resident = User.objects.get(email="invanare@idestad.example")
    can = [
        idea
        for idea in Idea.objects.visible().exclude(author=resident)
        if resident.has_perm("ideas.support_idea", idea)
        and support_closed_reason(idea) is None
        and not idea.supports.filter(user=resident).exists()
    ]
    assert len(can) >= 10


def test_seed_demo_has_the_strategys_priority_projects_followed_up():
    from ideas.models import Project

    projects = {p.title: p for p in Project.objects.all()}
    for title in (
        "Tekniska förutsättningar för en uppkopplad stad",
        "Öppna och delade data",
        "Smarta lås i hemtjänsten",
        "Uppkopplade sensorer i vattennätet",
    ):
        project = projects[title]
        assert project.owner_name and project.milestones.exists()
        assert project.milestones.filter(done_on__isnull=False).exists()
        indicator = project.indicators.first()
        dates = list(indicator.values.values_list("measured_on", flat=True))
        assert len(dates) >= 8 and (max(dates) - min(dates)).days >= 600
        assert indicator.goal is not None
        assert project.reports.exists()
    kinds = {p.kind for p in projects.values()}
    assert kinds == {"operational", "prerequisite"}


def test_the_water_sensor_news_links_to_its_project(client):
    from ideas.models import Project

    project = Project.objects.get(title="Uppkopplade sensorer i vattennätet")
    html = client.get("/sv/nyheter/sensorer-i-vattennatet/").content.decode()
    assert f'href="{project.get_absolute_url()}"' in html
    assert client.get(project.get_absolute_url()).status_code == 200


def test_the_eighth_principle_keeps_the_strategys_wording_and_enablers_have_text():
    from cms.models import PrinciplePage

    swedish = PrinciplePage.objects.filter(locale__language_code="sv")
    titles = set(swedish.values_list("title", flat=True))
    assert "Förändring drivs genom kommunikation internt och externt" in titles
    assert not any("stödjer" in title for title in titles)
    enablers = swedish.filter(kind="enabler")
    assert set(enablers.values_list("title", flat=True)) == {
        "Verksamhet",
        "Teknik",
        "Kostnadsfördelningsprinciper",
    }
    assert all(len(page.body) > 100 for page in swedish)
