"""The database backend on PostgreSQL: Swedish stemming, ranking, facets,
highlights, and only public content found. Content is made through factories
and services; the index follows it through the after-commit signal handlers."""

import itertools
from datetime import UTC

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import account_delete
from cms.models import District
from forum.models import Post
from forum.services import post_remove
from ideas.moderation import idea_hide, idea_restore
from search import database, windows
from search.models import SearchEntry
from search.query import SearchRequest
from search.selectors import search
from tests.accounts.factories import OrganisationFactory
from tests.forum.factories import PostFactory, ThreadFactory
from tests.ideas.factories import IdeaFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def titles(results) -> list[str]:
    return [
        str(hit.title_html).replace("<mark>", "").replace("</mark>", "")
        for hit in results.hits
    ]


def test_parkeringar_finds_an_idea_about_parkering(indexed):
    with indexed():
        IdeaFactory(title="Smart parkering vid Odenplan", summary="Sensorer i gatan.")
        IdeaFactory(title="Gröna tak på skolor", summary="Mer grönska.")
    assert titles(search(query="parkeringar")) == ["Smart parkering vid Odenplan"]


def test_cyklar_finds_cyklarna_but_swedish_stemming_does_not_join_cykel(indexed):
    """The 'swedish' snowball stems cyklar/cyklarna to 'cykl' and cykel to
    'cykel'; compounds such as cykelparkering are not split (docs/search.md)."""
    with indexed():
        IdeaFactory(title="Räkna cyklarna vid broarna", summary="Öppna data.")
        IdeaFactory(title="Säker cykelparkering vid stationen", summary="Låsbart.")
        IdeaFactory(title="En ny cykel för hemtjänsten", summary="Elcykel.")
    assert titles(search(query="cyklar")) == ["Räkna cyklarna vid broarna"]
    assert titles(search(query="cykel")) == ["En ny cykel för hemtjänsten"]


def test_an_english_text_is_stemmed_as_english(indexed):
    with indexed():
        IdeaFactory(
            title="Charging stations for electric buses",
            summary="We would like the city to test this with the bus companies.",
        )
    assert titles(search(query="charging station")) == [
        "Charging stations for electric buses"
    ]


def test_a_title_match_ranks_above_a_match_in_the_text(indexed):
    with indexed():
        IdeaFactory(
            title="Bättre belysning i parker", summary="Lampor som sparar energi."
        )
        IdeaFactory(title="Trygga gångvägar", summary="Mer belysning på kvällen.")
    assert titles(search(query="belysning")) == [
        "Bättre belysning i parker",
        "Trygga gångvägar",
    ]


def test_hits_are_highlighted_and_text_is_escaped(indexed):
    with indexed():
        IdeaFactory(
            title="<b>Parkering</b> & laddning",
            summary="Laddplatser för parkering <script>alert(1)</script> i garage.",
        )
    [hit] = search(query="parkering").hits
    assert (
        str(hit.title_html)
        == "&lt;b&gt;<mark>Parkering</mark>&lt;/b&gt; &amp; laddning"
    )
    assert "<mark>parkering</mark>" in str(hit.snippet_html)
    # ts_headline drops markup from the text; what is left is escaped.
    assert "<script" not in str(hit.snippet_html)
    assert "alert(1)" in str(hit.snippet_html)


def test_facets_count_every_value_and_keep_other_values_of_a_chosen_facet(
    indexed, goals
):
    smart, sustainable = goals
    kista = District.objects.create(name="Rinkeby-Kista", slug="rinkeby-kista")
    with indexed():
        IdeaFactory(title="Sensorer för luft", goals=[smart], district=kista)
        IdeaFactory(title="Sensorer för vatten", goals=[smart, sustainable])
        IdeaFactory(title="Sensorer för buller", goals=[sustainable])
        ThreadFactory(title="Sensorer i allmänhet")  # a thread, not yet a post
        PostFactory(body="Sensorer borde mäta luften vid skolor.")

    everything = search(query="sensorer")
    counts = {v.value: v.count for v in everything.facets["goal"]}
    assert counts == {str(smart.pk): 2, str(sustainable.pk): 2}
    assert {v.value: v.count for v in everything.facets["type"]} == {
        "idea": 4,
        "post": 1,
    }
    assert {v.label for v in everything.facets["district"]} == {"Rinkeby-Kista"}

    narrowed = search(query="sensorer", filters={"goal": [str(smart.pk)]})
    assert sorted(titles(narrowed)) == ["Sensorer för luft", "Sensorer för vatten"]
    assert narrowed.total == 2
    # The other goal is still offered, with what choosing it too would add.
    assert {v.value: (v.count, v.selected) for v in narrowed.facets["goal"]} == {
        str(smart.pk): (2, True),
        str(sustainable.pk): (2, False),
    }
    # Other facets count within the chosen goal.
    assert {v.value: v.count for v in narrowed.facets["type"]} == {"idea": 2}


def test_filters_work_without_a_query_and_list_newest_first(indexed, goals):
    with indexed():
        IdeaFactory(title="Äldre idé", goals=[goals[0]])
        IdeaFactory(title="Nyare idé", goals=[goals[0]])
        IdeaFactory(title="Annat mål", goals=[goals[1]])
    results = search(filters={"goal": [str(goals[0].pk)], "type": ["idea"]})
    assert titles(results) == ["Nyare idé", "Äldre idé"]
    assert results.request.sort == "newest"


def test_a_hidden_idea_leaves_search_and_comes_back_when_restored(indexed, moderator):
    with indexed():
        idea = IdeaFactory(title="Vattenmätare i varje fastighet")
    assert search(query="vattenmätare").total == 1
    with indexed():
        idea_hide(actor=moderator, idea=idea, reason="Spam")
    assert search(query="vattenmätare").total == 0
    with indexed():
        idea_restore(actor=moderator, idea=idea, reason="Inte spam")
    assert search(query="vattenmätare").total == 1


def test_drafts_are_never_found(indexed):
    with indexed():
        IdeaFactory(title="Hemlig utkastidé om fjärrvärme", published_at=None)
    assert search(query="fjärrvärme").total == 0
    assert not SearchEntry.objects.filter(type="idea").exists()


def test_posts_in_a_hidden_thread_and_removed_posts_are_not_found(indexed, moderator):
    with indexed():
        thread = ThreadFactory(title="Laddstolpar")
        PostFactory(idea=None, thread=thread, body="Laddstolpar vid varje gata.")
        own = PostFactory(body="Laddstolpar i garagen också.")
    assert search(query="laddstolpar", filters={"type": ["post"]}).total == 2
    with indexed():
        thread.hidden_at = thread.created_at
        thread.save()
        post_remove(actor=own.author, post=own)
    assert search(query="laddstolpar", filters={"type": ["post"]}).total == 0


def test_deleting_an_account_takes_its_emptied_posts_out_of_search(indexed, resident):
    with indexed():
        PostFactory(author=resident, body="Fler solpaneler på skolornas tak.")
    assert search(query="solpaneler").total == 1
    with indexed():
        account_delete(actor=resident, user=resident, keep_contributions=False)
    assert search(query="solpaneler").total == 0
    assert Post.objects.filter(body="").count() == 1


def test_organisations_and_pages_are_found_with_their_kind(indexed, goals):
    with indexed():
        OrganisationFactory(name="Kista Science City AB", kind="company")
    results = search(query="kista")
    assert titles(results) == ["Kista Science City AB"]
    assert results.facets["organisation_kind"][0].value == "company"
    # Goal pages are published through Wagtail's page_published signal, and each
    # language's reader finds the pages in that language only.
    assert search(query="hållbar", filters={"type": ["page"]}).total >= 1
    assert search(query="hållbar", filters={"type": ["page"]}, language="en").total == 0


@pytest.mark.parametrize(
    "query",
    [
        "",
        "title:(",
        "*",
        '"',
        "\\",
        "a AND (b",
        "-",
        "x" * 10_000,
        "\x00null",
        "'; DROP",
    ],
)
def test_any_input_gives_an_answer(indexed, query):
    with indexed():
        IdeaFactory(title="Parkering")
    results = search(
        query=query, filters={"goal": ["abc", "-1"], "nope": ["1"]}, page=999999
    )
    assert results.page == results.pages
    assert results.total >= 0


def test_a_page_past_the_end_shows_the_last_page(indexed):
    with indexed():
        for n in range(25):
            IdeaFactory(title=f"Gatlampa nummer {n}")
    results = search(query="gatlampa", page=999999)
    assert (results.total, results.pages, results.page, len(results.hits)) == (
        25,
        2,
        2,
        5,
    )


def test_a_very_broad_search_counts_the_newest_matches_and_says_more_than(
    indexed, goals, settings
):
    settings.SEARCH_COUNT_LIMIT = 10
    with indexed():
        for n in range(6):
            IdeaFactory(title=f"Äldre lampa {n}", goals=[goals[0]])
        for n in range(6):
            IdeaFactory(title=f"Nyare lampa {n}", goals=[goals[1]])
    results = search(query="lampa")
    assert (results.capped, results.total, results.pages) == (True, 10, 1)
    # Counted among the 10 newest: all 6 newer, 4 of the older.
    counts = {v.value: v.count for v in results.facets["goal"]}
    assert counts == {str(goals[1].pk): 6, str(goals[0].pk): 4}
    narrowed = search(query="lampa", filters={"goal": [str(goals[0].pk)]})
    assert (narrowed.capped, narrowed.total) == (False, 6)


def test_a_quoted_phrase_finds_its_words_together_only(indexed):
    """Phrases are looked up by their word pairs (migration 0004): the words
    in order, and a stop word ("och") stands for a stop word, not any word."""
    with indexed():
        IdeaFactory(title="Trafik och park i Hagaparken", summary="Mindre buller.")
        IdeaFactory(title="Park och trafik", summary="Tvärtom.")
        IdeaFactory(title="Trafiken nära parken", summary="Isär.")
        IdeaFactory(title="Fler bänkar", summary="Vila.")
    assert titles(search(query='"trafik och park"')) == ["Trafik och park i Hagaparken"]
    # Excluding a phrase, or offering it as one of two, still works as written.
    excluded = titles(search(query='park -"trafik och park"'))
    assert sorted(excluded) == ["Park och trafik", "Trafiken nära parken"]
    either = titles(search(query='"trafik och park" or bänkar'))
    assert sorted(either) == ["Fler bänkar", "Trafik och park i Hagaparken"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('"trafik och park"', 1),
        ('hagaparken "trafik och park"', 1),
        ('park -"trafik och park"', 2),  # no phrase to find: the query as it is
        ('"trafik och park" -"park och trafik"', 1),
    ],
)
def test_a_phrase_is_estimated_by_its_word_pairs(indexed, query, found):
    """The planner is asked about a phrase as its word pairs, which imply its
    words: the rows that condition holds are the rows the phrase finds (or,
    for an excluded phrase, more)."""
    with indexed():
        IdeaFactory(title="Trafik och park i Hagaparken", summary="Mindre buller.")
        IdeaFactory(title="Park och trafik", summary="Tvärtom.")
        IdeaFactory(title="Trafiken nära parken", summary="Isär.")
    request = SearchRequest(query=query)
    estimated = database._estimate_condition(request, {})
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {SearchEntry._meta.db_table} e "  # noqa: S608
            f"WHERE {estimated.sql}",
            estimated.params,
        )
        assert cursor.fetchone()[0] == found
    assert len(search(query=query).hits) <= found


def test_the_vector_holds_facet_and_date_tokens_and_word_pairs(indexed, goals):
    with indexed():
        idea = IdeaFactory(title="Trafik och park", goals=[goals[0]])
    vector = SearchEntry.objects.values_list("vector", flat=True).get(
        type="idea", object_id=idea.pk
    )
    entry = SearchEntry.objects.get(type="idea", object_id=idea.pk)
    day = entry.published_at.astimezone(UTC)
    tokens = ("L:sv", "T:idea", "S:submitted", f"G:{goals[0].pk}", "P2:trafik park")
    dates = (f"Y:{day:%Y}", f"Y:{day:%Y-%m}", f"Y:{day:%Y-%m-%d}")
    for token in (*tokens, *dates):
        assert f"'{token}'" in vector
    # A facet filter is one of those tokens in the query.
    found = search(filters={"goal": [str(goals[0].pk)], "type": ["idea"]})
    assert titles(found) == ["Trafik och park"]


def test_most_supported_first_orders_the_matches_by_support(indexed):
    with indexed():
        for supports in (3, 9, 0):
            IdeaFactory(title=f"Lampa med {supports} stöd", support_count=supports)
    results = search(query="lampa", sort="support")
    assert titles(results) == [f"Lampa med {n} stöd" for n in (9, 3, 0)]


READINGS = {
    # SEARCH_COUNT_LIMIT, windows read together below so many windows' size,
    # a facet window carries the main one up to so many times its matches.
    "windows read apart": (3, 0, 0),
    "main window carried by the type window": (3, 0, 1.5),
    "read together": (50, 3, 0),
}


@pytest.mark.parametrize("reading", READINGS.values(), ids=READINGS.keys())
def test_facets_with_choices_count_the_same_however_the_windows_are_read(
    indexed, settings, reading
):
    """Windows expected to be small are read in one pass over their union and
    split; a facet window that holds about the main window's matches carries
    it; the others are each read on their own (search.database._windows).
    Whichever way, each facet with a choice counts its own window."""
    limit, shared, carries = reading
    settings.SEARCH_COUNT_LIMIT = limit
    settings.SEARCH_READ_TOGETHER = shared
    settings.SEARCH_CARRY_RATIO = carries
    kista = kista_lanterns(indexed)
    results = search(
        query="lykta", filters={"district": [str(kista.pk)], "type": ["idea"]}
    )
    newest = min(limit, 6)
    assert (results.total, results.capped) == (newest, limit < 6)
    assert {v.value: v.count for v in results.facets["district"]} == {
        str(kista.pk): newest
    }
    assert {v.value: v.count for v in results.facets["type"]} == {"idea": newest}
    assert all(title.startswith("Lykta i Kista") for title in titles(results))
    assert titles(results) == [f"Lykta i Kista {n}" for n in range(5, -1, -1)][:newest]


def test_a_carried_main_window_costs_one_read_less(
    indexed, settings, django_assert_max_num_queries
):
    settings.SEARCH_COUNT_LIMIT = 3
    carries = settings.SEARCH_CARRY_RATIO
    settings.SEARCH_READ_TOGETHER = 0
    kista = kista_lanterns(indexed)
    filters = {"district": [str(kista.pk)], "type": ["idea"]}
    settings.SEARCH_CARRY_RATIO = 0
    with CaptureQueriesContext(connection) as apart:
        read_apart = search(query="lykta", filters=filters, sort="newest")
    settings.SEARCH_CARRY_RATIO = carries
    with django_assert_max_num_queries(len(apart) - 1):
        carried = search(query="lykta", filters=filters, sort="newest")
    assert titles(carried) == titles(read_apart)
    assert carried.facets == read_apart.facets


def kista_lanterns(indexed) -> District:
    """Six older ideas about lanterns, and six newer ones in Kista."""
    kista = District.objects.create(name="Rinkeby-Kista", slug="rinkeby-kista")
    with indexed():
        for n in range(6):  # older: no district
            IdeaFactory(title=f"Lykta {n}")
        for n in range(6):  # newer: Kista
            IdeaFactory(title=f"Lykta i Kista {n}", district=kista)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")  # noqa: S608
    windows.statistics_clear()
    return kista


FILTER_SETS = [
    [{"type": ("idea",), "district": ("2",), "status": ("submitted",)},
     {"district": ("2",), "status": ("submitted",)},
     {"type": ("idea",), "district": ("2",)}],
    [{"type": ("idea",), "status": ("submitted",)},
     {"type": ("idea",), "district": ("1", "2")},
     {"status": ("submitted",), "district": ("2", "1")}],
    [{"district": ("1", "2")}, {"district": ("2", "1")}],
    [{"district": ("1",), "type": ("post",)}, {"district": ("1", "2")}],
    [{"status": ("accepted",)}, {}],
]  # fmt: skip


@pytest.mark.parametrize("filter_sets", FILTER_SETS)
def test_windows_read_together_find_exactly_the_rows_any_of_them_would(filter_sets):
    """The union's tsquery is said simply (search.database._union), and still
    holds every row that passes one of the sets and no other."""
    union = database._union(filter_sets)
    with connection.cursor() as cursor:
        for kind, district, status in itertools.product(
            ("idea", "post"), ("1", "2", None), ("submitted", "accepted", None)
        ):
            row = {"type": kind, "district": district, "status": status}
            tokens = [
                f"{database.TOKEN_PREFIX[name]}:{value}"
                for name, value in row.items()
                if value
            ]
            cursor.execute(
                "SELECT %s::tsquery = ''::tsquery "
                "OR array_to_tsvector(%s) @@ %s::tsquery",
                [union, tokens, union],
            )
            passes_one = any(
                all(row[name] in values for name, values in filters.items())
                for filters in filter_sets
            )
            assert cursor.fetchone()[0] == passes_one, (row, union)
