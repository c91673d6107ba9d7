"""Hostile input never makes a 500: every GET parameter of the public pages,
and the fields of the forms people post, filled by hypothesis with what
breaks naive parsing (Unicode digits such as "²" that pass str.isdigit(), NUL
bytes, huge and negative numbers, very long text, markup) and with ordinary
values. A fixed budget of examples and a fixed seed keep CI's run the same."""

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.models import Category, Post, Thread
from ideas.models import Idea, IdeaImage, Project

pytestmark = pytest.mark.django_db
BUDGET = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NASTY = [
    "", "0", "-1", "1", "2", "²", "٣", "１２", "1e3", "0x10", "9" * 40, "1.5",
    "\x00", "a\x00b", "%00", "'", '"', "\\", "<script>", "../../etc/passwd",
    "idea.²", "idea.1", "goal.٣", "idea.6:²", "idea.6:", "user.1:0", ":",
    "image:²", "attachment:abc", "image:1", " 1 ", "null", "[]", "{}", "ü" * 300,
]  # fmt: skip
VALUE = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
PARAMS = {
    "ideas:list": [
        "goal", "district", "challenge", "status", "kind", "organisation", "sort",
        "page",
    ],
    "search:search": [
        "q", "type", "goal", "district", "status", "challenge", "kind",
        "organisation_kind", "page", "sort",
    ],
    "search:suggest": ["q"],
    "search:similar_ideas": ["title", "summary", "exclude"],
    "live:events": ["s"],
    "ideas:project_list": ["page"],
    "forum:index": ["page"],
    "ideas:create": ["challenge"],
}  # fmt: skip


def sv(name: str, *args: object) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


def query(names: list[str]):
    """Each parameter absent, once or repeated, with any of the values."""
    return st.fixed_dictionaries(
        {}, optional={name: st.lists(VALUE, min_size=1, max_size=3) for name in names}
    )


def assert_no_500(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


@pytest.fixture
def resident(demo_site, client):
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.get(email="invanare@idestad.example")
    client.force_login(person)
    return person


@pytest.mark.parametrize("name", PARAMS)
def test_public_get_parameters_never_make_a_500(client, resident, name):
    path = sv(name)

    @BUDGET
    @given(params=query(PARAMS[name]))
    def check(params):
        assert_no_500(client.get(path, params), f"GET {path} {params!r}")

    check()


def test_the_pages_of_ideas_threads_and_categories_take_any_page_number(
    client, resident
):
    idea = Idea.objects.visible().exclude(comment_count=0).first()
    thread = Thread.objects.first()
    category = Category.objects.first()
    challenge_url = idea.challenge.url if idea.challenge else None
    paths = [
        (idea.get_absolute_url(), "posts"),
        (sv("forum:thread", thread.pk), "posts"),
        (sv("forum:category", category.slug), "page"),
        (sv("forum:thread_create", category.slug), "about"),
        (sv("forum:mention_suggestions"), "q"),
        (sv("accounts:takeover"), "code"),
    ]
    if challenge_url:
        paths.append((challenge_url, "page"))

    @BUDGET
    @given(value=st.lists(VALUE, min_size=1, max_size=2))
    def check(value):
        for path, name in paths:
            assert_no_500(client.get(path, {name: value}), f"GET {path} {name}")

    check()


def test_forms_people_post_never_make_a_500(client, resident):
    mine = Idea.objects.filter(author=resident).first()
    other = Idea.objects.visible().exclude(author=resident).first()
    category = Category.objects.first()
    post = Post.objects.filter(idea__isnull=False).first()
    project = Project.objects.first()
    forms = [
        (sv("ideas:create"), ["title", "summary", "body", "kind", "goals",
                              "district", "challenge", "organisation", "tags"]),
        (sv("ideas:edit", mine.pk), ["title", "summary", "body", "goals", "kind"]),
        (sv("ideas:media", mine.pk), ["action", "item", "image_alt"]),
        (sv("ideas:support", other.pk), ["action"]),
        (sv("ideas:flag", other.pk), ["reason", "text"]),
        (sv("ideas:follow", other.pk), ["action"]),
        (sv("forum:post_create", "idea", other.pk), ["body", "parent", "official"]),
        (sv("forum:post_create", "project", project.pk), ["body", "parent"]),
        (sv("forum:thread_create", category.slug), ["title", "body", "about"]),
        (sv("forum:react", post.pk), ["kind"]),
        (sv("forum:post_flag", post.pk), ["reason", "text"]),
    ]  # fmt: skip

    @BUDGET
    @given(data=st.data())
    def check(data):
        for path, names in forms:
            fields = data.draw(query(names))
            response = client.post(path, fields)
            assert_no_500(response, f"POST {path} {fields!r}")

    check()
    assert IdeaImage.objects.filter(idea=mine).count() <= 5
