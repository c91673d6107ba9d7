"""The demo's discussions: comments and replies on the demo ideas (their text
is in ideas.demo_content), forum categories with threads, and a spam comment
that two people have reported, so moderators have something to do. Written
through the services, then dated back after the idea or thread they belong
to (the posting limits count recent posts, and a real crowd does not post
everything in one minute)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_CROWD, crowd_email
from accounts.models import User
from forum import moderation, services
from forum.models import Category, Post, Thread
from ideas.demo_content import IDEAS
from ideas.models import Idea

DEMO_DOMAIN = "@idestad.example"
SPAM = "Köp billiga p-tillstånd här: www.example.com/erbjudande"

# The forum: categories, and threads with their posts: (category slug, title,
# author, first post, replies as (author, text)).
CATEGORIES = (
    ("strategin", "Strategin", "The strategy",
     "Samtal om strategin, målbilden och principerna.",
     "Conversations about the strategy, its goals and principles."),
    ("data-och-teknik", "Data och teknik", "Data and technology",
     "Öppna data, sensorer, plattformar och standarder.",
     "Open data, sensors, platforms and standards."),
    ("i-min-stadsdel", "I min stadsdel", "In my district",
     "Idéer och frågor om det som händer där du bor.",
     "Ideas and questions about what happens where you live."),
)  # fmt: skip

THREADS = (
    (
        "strategin", "Åttonde principen: driver kommunikation förändringen?",
        "admin",
        "Strategins åttonde princip lyder ”förändring drivs genom kommunikation "
        "internt och externt”. Hur ser ni på den?",
        (
            ("c11", "Arbetsmarknadsförvaltningen skrev i sitt remissvar att "
             "principen inte bör tolkas som att kommunikation i sig driver "
             "förändring: kommunikation snarare *stödjer* genomförandet än driver "
             "det. Det håller jag med om."),
            ("c22", "Men utan kommunikation vet ingen att förändringen finns. "
             "Båda behövs."),
        ),
    ),
    (
        "strategin", "Hur följer staden upp strategin?",
        "c13",
        "Det står att varje nämnd följer upp sitt arbete årligen och att de "
        "prioriterade projekten rapporteras centralt. Var kan man läsa det?",
        (
            ("admin", "Projekten och deras uppföljning finns under Projekt. Varje "
             "projekt visar milstolpar, indikatorer och årsrapporter."),
        ),
    ),
    (
        "data-och-teknik", "Vilka öppna data saknar ni mest?",
        "c17",
        "Jag bygger appar och saknar realtidsdata om parkering. Vad saknar ni?",
        (
            ("c5", "Cykelräknarna per timme."),
            ("c19", "Luftkvalitet vid skolor och förskolor."),
            ("akademi", "Anonymiserade resmönster för forskning, med tydliga "
             "villkor."),
        ),
    ),
    (
        "i-min-stadsdel", "Digital hjälp i Tensta – vad fungerar?",
        "c4",
        "Biblioteket har haft digital hjälp i ett år nu. Vad har ni fått hjälp "
        "med, och vad saknas?",
        (
            ("c1", "BankID och Mina sidor hos Försäkringskassan."),
            ("c21", "Det behövs fler tider på kvällen."),
        ),
    ),
)  # fmt: skip


def _people() -> dict[str, User]:
    logins = User.objects.filter(email__endswith=DEMO_DOMAIN)
    people = {u.email.split("@")[0]: u for u in logins}
    crowd = {u.email: u for u in User.objects.filter(email__contains="@folk.")}
    for n, (name, _district) in enumerate(DEMO_CROWD):
        if crowd_email(name) in crowd:
            people[f"c{n}"] = crowd[crowd_email(name)]
    return people


@transaction.atomic
def ensure_demo_discussions() -> int:
    """Create the demo's posts once; returns how many."""
    if Category.objects.filter(slug=CATEGORIES[0][0]).exists():
        return 0
    people = _people()
    titles = [spec.title for spec in IDEAS]
    ideas = {idea.title: idea for idea in Idea.objects.filter(title__in=titles)}
    if "admin" not in people or not ideas:
        return 0
    written = 0
    for spec in IDEAS:
        idea = ideas.get(spec.title)
        if idea is None or not spec.comments:
            continue
        when = idea.published_at + timedelta(hours=5)
        for author, text, replies in spec.comments:
            post = _post(people[author], idea, text, when)
            for n, (reply_author, reply) in enumerate(replies, start=1):
                _post(people[reply_author], idea, reply, when, parent=post, n=n)
                written += 1
            written += 1
            when += timedelta(hours=20)
    written += _forum(people)
    written += _reported_spam(people, ideas)
    return written


def _post(author, target, text, when, *, parent=None, n=0) -> Post:
    post = services.post_create(actor=author, target=target, body=text, parent=parent)
    Post.objects.filter(pk=post.pk).update(created_at=when + timedelta(hours=3 * n))
    return post


def _forum(people: dict[str, User]) -> int:
    categories = {}
    for position, (slug, name_sv, name_en, about_sv, about_en) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name_sv": name_sv,
                "name_en": name_en,
                "description_sv": about_sv,
                "description_en": about_en,
                "position": position,
            },
        )
    written = 0
    now = timezone.now()
    for days, (category, title, author, text, replies) in enumerate(THREADS):
        thread = services.thread_create(
            actor=people[author], category=categories[category], title=title, body=text
        )
        started = now - timedelta(days=30 - 6 * days)
        Post.objects.filter(thread=thread).update(created_at=started)
        Thread.objects.filter(pk=thread.pk).update(created_at=started)
        for n, (reply_author, reply) in enumerate(replies, start=1):
            _post(people[reply_author], thread, reply, started, n=4 * n)
            written += 1
        last = started + timedelta(hours=12 * len(replies))
        Thread.objects.filter(pk=thread.pk).update(last_post_at=last)
        written += 1
    return written


def _reported_spam(people: dict[str, User], ideas: dict[str, Idea]) -> int:
    """A spam comment, reported by two people (one fewer than hides it)."""
    idea = ideas.get("Visa lediga parkeringsplatser i realtid")
    if idea is None:
        return 0
    spam = _post(people["c23"], idea, SPAM, timezone.now() - timedelta(hours=6))
    for reporter in ("c17", "c8"):
        moderation.post_flag(actor=people[reporter], post=spam, reason="spam")
    return 1
