import pytest
from django.urls import reverse
from django.utils import translation

from ideas.models import Idea, IdeaStatus
from tests.accounts.factories import OrganisationFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def sv(name: str, *args: object, **kwargs: object) -> str:
    with translation.override("sv"):
        return reverse(name, args=args, kwargs=kwargs or None)


def make_ideas(goals, n: int) -> list[Idea]:
    ideas = []
    for _ in range(n):
        idea = IdeaFactory(goals=goals)
        idea.tags.set(["vatten", "sensorer"])
        ideas.append(idea)
    return ideas


@pytest.mark.parametrize(
    "sort", ["newest", "most_supported", "most_discussed", "trending"]
)
def test_the_list_query_count_does_not_grow_with_ideas(
    client, goals, sort, django_assert_max_num_queries
):
    make_ideas(goals, 3)
    with django_assert_max_num_queries(40) as few:
        client.get(sv("ideas:list"), {"sort": sort})
    make_ideas(goals, 15)
    with django_assert_max_num_queries(len(few)):
        response = client.get(sv("ideas:list"), {"sort": sort})
    assert response.status_code == 200


def test_filters_are_plain_get_parameters(client, goals):
    water = IdeaFactory(goals=[goals[0]], title="Vattensensorer")
    IdeaFactory(goals=[goals[1]], title="Laddstolpar")
    page = client.get(sv("ideas:list"), {"goal": goals[0].pk}).content.decode()
    assert water.title in page and "Laddstolpar" not in page


@pytest.mark.parametrize(
    "params",
    [
        {"goal": "999999"},
        {"goal": "abc"},
        {"status": "nonsense"},
        {"district": "atlantis"},
        {"sort": "random"},
        {"page": "999999"},
        {"organisation": "-1"},
    ],
)
def test_unknown_filter_values_give_a_normal_page(client, goals, params):
    IdeaFactory(goals=goals)
    assert client.get(sv("ideas:list"), params).status_code == 200


def test_the_detail_page_has_a_constant_number_of_queries(
    client, goals, django_assert_max_num_queries
):
    idea = IdeaFactory(goals=goals)
    with django_assert_max_num_queries(40) as few:
        client.get(idea.get_absolute_url())
    for person in VerifiedUserFactory.create_batch(8):
        from ideas import supports

        supports.support_add(actor=person, idea=idea)
    make_ideas(goals, 6)
    with django_assert_max_num_queries(len(few)):
        response = client.get(idea.get_absolute_url())
    assert "8" in response.content.decode()


def test_an_old_slug_redirects_to_the_current_one(client, goals):
    idea = IdeaFactory(goals=goals)
    response = client.get(sv("ideas:detail", pk=idea.pk, slug="gammal-titel"))
    assert response.status_code == 301
    assert response["Location"] == idea.get_absolute_url()


def test_a_duplicate_redirects_readers_to_the_original(client, goals):
    original = IdeaFactory(goals=goals)
    dup = IdeaFactory(goals=goals, status=IdeaStatus.DUPLICATE, duplicate_of=original)
    response = client.get(dup.get_absolute_url())
    assert response["Location"] == original.get_absolute_url()


def test_drafts_are_not_found_by_others(client, goals, other_resident):
    draft = IdeaFactory(goals=goals, published_at=None)
    client.force_login(other_resident)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(draft.author)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_submitting_through_the_form_without_javascript(client, resident, goals):
    client.force_login(resident)
    assert client.get(sv("ideas:create")).status_code == 200
    response = client.post(
        sv("ideas:create"),
        {
            "title": "Öppna data om luftkvalitet",
            "summary": "Publicera mätvärden öppet.",
            "body": "Alla ska kunna se luften.",
            "kind": "idea",
            "goals": [goals[0].pk, goals[1].pk],
            "tags": "luft, öppna data",
            "publish": "1",
        },
    )
    idea = Idea.objects.get()
    assert response["Location"] == idea.get_absolute_url()
    assert idea.goals.count() == 2 and set(idea.tags.names()) == {"luft", "öppna data"}


def test_bad_input_is_explained_in_swedish_and_nothing_saved(client, resident, goals):
    client.force_login(resident)
    response = client.post(
        sv("ideas:create"),
        {
            "title": "x" * 141,
            "summary": "",
            "body": "<script>alert(1)</script>",
            "kind": "idea",
            "goals": ["999999"],
            "organisation": OrganisationFactory().pk,
            "publish": "1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Det här fältet är obligatoriskt" in page
    assert "som mest 140 tecken" in page
    assert "Ett av de valda målen finns inte." in page
    assert not Idea.objects.exists()


def test_an_unverified_person_is_told_to_confirm_first(client, goals):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(sv("ideas:create"))
    assert response.status_code == 403
    assert "Bekräfta din e-postadress" in response.content.decode()


def test_support_works_as_a_plain_form_and_as_json(client, other_resident, goals):
    idea = IdeaFactory(goals=goals)
    client.force_login(other_resident)
    response = client.post(sv("ideas:support", idea.pk), {"action": "add"})
    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).support_count == 1
    response = client.post(
        sv("ideas:support", idea.pk),
        {"action": "withdraw"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {
        "supported": False,
        "support_count": 0,
        "support_count_display": "0",
        "support_label": "stödjer",
    }


def test_support_without_csrf_token_is_refused(goals, other_resident):
    from django.test import Client

    idea = IdeaFactory(goals=goals)
    client = Client(enforce_csrf_checks=True)
    client.force_login(other_resident)
    response = client.post(sv("ideas:support", idea.pk), {"action": "add"})
    assert response.status_code == 403
    assert Idea.objects.get(pk=idea.pk).support_count == 0


def test_staff_change_status_from_the_page_and_it_shows_in_the_timeline(
    client, staff, goals
):
    idea = IdeaFactory(goals=goals)
    client.force_login(staff)
    response = client.post(
        sv("ideas:status", idea.pk),
        {"status": "accepted", "reason": "Passar strategin väl."},
    )
    assert response.status_code == 302
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Passar strategin väl." in page and "Trafikkontoret" in page


def test_editing_a_supported_idea_shows_edited_and_the_history(
    client, resident, other_resident, goals
):
    from ideas import services, supports
    from ideas.services import IdeaData

    idea = services.idea_create(
        actor=resident,
        data=IdeaData(title="Första", summary="S", body="B", goals=goals),
        publish=True,
    )
    supports.support_add(actor=other_resident, idea=idea)
    client.force_login(resident)
    client.post(
        sv("ideas:edit", idea.pk),
        {"title": "Andra", "summary": "S", "body": "B2", "kind": "idea",
         "goals": [goals[0].pk]},
    )  # fmt: skip
    idea.refresh_from_db()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "redigerad" in page
    history = client.get(sv("ideas:history", idea.pk)).content.decode()
    assert "<del>Första</del><ins>Andra</ins>" in history


def test_a_public_profile_lists_published_ideas_and_drafts_only_to_the_author(
    client, goals, resident
):
    IdeaFactory(author=resident, goals=goals, title="Publicerad idé")
    IdeaFactory(author=resident, goals=goals, title="Hemligt utkast", published_at=None)
    url = sv("accounts:people_detail", resident.pk)
    page = client.get(url).content.decode()
    assert "Publicerad idé" in page and "Hemligt utkast" not in page
    client.force_login(resident)
    assert "Hemligt utkast" in client.get(url).content.decode()


def test_supporting_twice_by_form_is_explained(client, other_resident, goals):
    idea = IdeaFactory(goals=goals)
    client.force_login(other_resident)
    client.post(sv("ideas:support", idea.pk), {"action": "add"})
    response = client.post(sv("ideas:support", idea.pk), {"action": "add"}, follow=True)
    assert "Du stödjer redan den här idén." in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).support_count == 1


def test_the_english_idea_page_speaks_of_one_supporter_and_links_the_english_challenge(
    client, goals, other_resident, make_challenge
):
    from wagtail.models import Locale

    challenge = make_challenge("support", title="Trygga skolvägar")
    english = challenge.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.title = "Safe routes to school"
    english.save_revision().publish()
    idea = IdeaFactory(goals=goals, challenge=challenge)
    client.force_login(other_resident)
    client.post(sv("ideas:support", idea.pk), {"action": "add"})
    with translation.override("en"):
        html = client.get(idea.get_absolute_url()).content.decode()
    assert "1 supporter" in html.replace("</strong> <span data-support-label>", " ")
    assert "1 supporters" not in html
    assert f'href="{english.url}"' in html and "Safe routes to school" in html


def test_support_counts_and_amounts_are_grouped_as_swedish_writes_them():
    from decimal import Decimal

    from ideas.templatetags.numbers import kronor, number, with_unit

    with translation.override("sv"):
        assert kronor(Decimal("1200000.00")) == "1\u00a0200\u00a0000\u00a0kr"
        assert with_unit(Decimal("12.00"), "st") == "12\u00a0st"
        assert number(Decimal("2.50")) == "2,5"
        assert number(1234) == "1\u00a0234"
    with translation.override("en"):
        assert number(Decimal("1200000.5")) == "1,200,000.5"


def test_the_district_filter_names_its_two_kinds_of_whole_city_apart(client, goals):
    html = client.get(sv("ideas:list")).content.decode()
    assert ">Alla stadsdelsområden</option>" in html
    assert ">Bara idéer för hela staden</option>" in html
    assert "Hela Stockholm" not in html


def test_a_closed_phase_message_writes_dates_as_the_site_does(
    client, goals, other_resident, make_challenge
):
    import datetime

    from cms.models import ChallengePhase

    challenge = make_challenge()
    challenge.phases = [
        ChallengePhase(
            kind="ideation",
            starts_on=datetime.date(2026, 11, 1),
            ends_on=datetime.date(2026, 12, 31),
        ),
        ChallengePhase(
            kind="support",
            starts_on=datetime.date(2027, 1, 5),
            ends_on=datetime.date(2027, 2, 1),
        ),
    ]
    challenge.save_revision().publish()
    idea = IdeaFactory(goals=goals, challenge=challenge)
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "från 5 januari 2027 till 1 februari 2027" in html
    assert "2027-01-05" not in html
