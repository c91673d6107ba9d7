"""Bulk volume data for benchmarks: people, ideas across goals, districts and
kinds, and supports with a long-tailed popularity, inserted in large batches.

    manage.py seed_load --ideas 100000 --supports 1000000 --people 20000 --posts 300000

Bulk inserts send no signals, so search is not updated as the rows go in: run
``manage.py search_rebuild`` afterwards (bench/search.py says so too).

The rows are marked (people's addresses end in ``@load.idestad.example``) so
``--clear`` removes exactly them. Counts and trending heat are computed in SQL
from the inserted rows, so they are exact.
"""

import random
import sys
import time
from argparse import ArgumentParser
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale

from accounts.models import Role, User
from cms.models import District, GoalPage
from forum.models import Post
from ideas import ranking
from ideas.loadtext import TextMaker
from ideas.markdown import render_markdown
from ideas.models import Idea, IdeaKind, IdeaStatus, Support
from search.progress import Progress

DOMAIN = "@load.idestad.example"
BATCH = 5_000


def batches(total: int, size: int = BATCH):
    start = 0
    while start < total:
        yield start, min(size, total - start)
        start += size


class Command(BaseCommand):
    help = "Generate volume data (people, ideas, supports, posts) for benchmarks."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--ideas", type=int, default=100_000)
        parser.add_argument("--supports", type=int, default=1_000_000)
        parser.add_argument("--people", type=int, default=20_000)
        parser.add_argument(
            "--posts", type=int, default=0, help="Comments on the generated ideas."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--clear", action="store_true", help="Remove earlier load data first."
        )

    def handle(self, *args: object, **options: object) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("seed_load needs PostgreSQL (set DATABASE_URL).")
        # Repeatable pseudo-random volume data; nothing here is a secret.
        self.random = random.Random(options["seed"])  # noqa: S311
        self.text = TextMaker(self.random)
        goals = list(
            GoalPage.objects.live()
            .filter(locale=Locale.get_default())
            .values_list("pk", flat=True)
        )
        if not goals:
            raise CommandError("No goal pages: run `manage.py seed_demo` first.")
        if options["clear"]:
            self.clear()
        started = time.monotonic()
        people = self.create_people(options["people"])
        ideas = self.create_ideas(options["ideas"], people, goals)
        self.create_supports(options["supports"], people, ideas)
        self.create_posts(options["posts"], people, ideas)
        self.recount(ideas)
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner, as autovacuum would give them
            # some minutes later: a benchmark run at once must not be planned
            # on the empty tables' numbers.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Created {len(people):,} people, {len(ideas):,} ideas and the supports "
            f"in {time.monotonic() - started:.0f} s."
        )

    def clear(self) -> None:
        with transaction.atomic():
            Post.objects.filter(author__email__endswith=DOMAIN).delete()
            Idea.objects.filter(author__email__endswith=DOMAIN).delete()
            User.objects.filter(email__endswith=DOMAIN).delete()

    def create_people(self, total: int) -> list[int]:
        progress = Progress("people", total)
        run = f"{int(time.time())}"
        roles = [Role.RESIDENT] * 8 + [Role.COMPANY, Role.ACADEMIA]
        unusable = make_password(None)
        ids: list[int] = []
        for start, size in batches(total):
            with transaction.atomic():
                users = User.objects.bulk_create(
                    User(
                        email=f"load-{run}-{start + i}{DOMAIN}",
                        display_name=f"Testperson {start + i}",
                        role=self.random.choice(roles),
                        password=unusable,  # nobody signs in as them
                    )
                    for i in range(size)
                )
                EmailAddress.objects.bulk_create(
                    EmailAddress(user=u, email=u.email, verified=True, primary=True)
                    for u in users
                )
            ids.extend(u.pk for u in users)
            progress.advance(size)
        return ids

    def create_ideas(
        self, total: int, people: list[int], goals: list[int]
    ) -> list[int]:
        progress = Progress("ideas", total)
        districts = [None, *District.objects.values_list("pk", flat=True)]
        statuses = [IdeaStatus.SUBMITTED] * 6 + [
            IdeaStatus.UNDER_REVIEW, IdeaStatus.ACCEPTED, IdeaStatus.NOT_SELECTED,
        ]  # fmt: skip
        kinds = [IdeaKind.IDEA] * 8 + [IdeaKind.PILOT, IdeaKind.RESEARCH]
        now = timezone.now()
        through = Idea.goals.through
        ids: list[int] = []
        for _start, size in batches(total):
            rows = []
            for _ in range(size):
                title = self.text.title()
                body = f"{self.text.sentence(12)} {self.text.sentence(12)}"
                published = now - timedelta(
                    minutes=self.random.randrange(0, 2 * 525_600)
                )
                rows.append(
                    Idea(
                        title=title,
                        slug=slugify(title),
                        summary=self.text.sentence(8)[:300],
                        body=body,
                        body_html=render_markdown(body),
                        kind=self.random.choice(kinds),
                        author_id=self.random.choice(people),
                        district_id=self.random.choice(districts),
                        status=self.random.choice(statuses),
                        published_at=published,
                        heat=ranking.heat(published, ranking.PUBLISH_WEIGHT),
                        comment_count=int(self.random.paretovariate(1.5)) - 1,
                    )
                )
            with transaction.atomic():
                created = Idea.objects.bulk_create(rows)
                through.objects.bulk_create(
                    through(idea_id=idea.pk, goalpage_id=goal)
                    for idea in created
                    for goal in self.random.sample(goals, self.random.choice((1, 1, 2)))
                )
            ids.extend(idea.pk for idea in created)
            progress.advance(size)
        return ids

    def create_posts(self, total: int, people: list[int], ideas: list[int]) -> None:
        """Comments spread over the ideas, with a few long discussions."""
        self.made_posts = bool(total and ideas)
        if not self.made_posts:
            return
        progress = Progress("posts", total)
        now = timezone.now()
        for _start, size in batches(total):
            rows = []
            for _ in range(size):
                body = self.text.sentence(self.random.randint(6, 18))
                rows.append(
                    Post(
                        idea_id=ideas[int(self.random.paretovariate(1.2)) % len(ideas)],
                        author_id=self.random.choice(people),
                        body=body,
                        body_html=render_markdown(body),
                        created_at=now
                        - timedelta(minutes=self.random.randrange(0, 525_600)),
                    )
                )
            Post.objects.bulk_create(rows)
            progress.advance(size)

    def create_supports(self, total: int, people: list[int], ideas: list[int]) -> None:
        """Popularity follows a long tail: a few ideas get many supports."""
        if not ideas or not people:
            return
        progress = Progress("supports", total)
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(ideas))]
        shuffled = ideas[:]
        self.random.shuffle(shuffled)
        cumulative = []
        running = 0.0
        for weight in weights:
            running += weight
            cumulative.append(running)
        seen: set[tuple[int, int]] = set()
        made = 0
        while made < total:
            size = min(BATCH * 4, total - made)
            picks = self.random.choices(shuffled, cum_weights=cumulative, k=size)
            rows = []
            for idea_id in picks:
                pair = (idea_id, self.random.choice(people))
                if pair not in seen:
                    seen.add(pair)
                    rows.append(
                        Support(idea_id=pair[0], user_id=pair[1], role=Role.RESIDENT)
                    )
            Support.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
            made += len(rows)
            progress.advance(len(rows))

    def recount(self, ideas: list[int]) -> None:
        """Spread support dates over two months, then set counts and heat from
        the rows, in SQL."""
        sys.stderr.write("counting supports…\n")
        epoch = ranking.EPOCH.timestamp()
        half_life = ranking.HALF_LIFE.total_seconds()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE ideas_support SET created_at = now() - random() * interval "
                "'60 days', role = u.role FROM accounts_user u "
                "WHERE u.id = ideas_support.user_id AND u.email LIKE %s",
                [f"%{DOMAIN}"],
            )
            cursor.execute(
                "UPDATE ideas_idea i SET support_count = s.n, "
                "heat = power(2, (extract(epoch FROM i.published_at) - %s) / %s) + s.h "
                "FROM (SELECT idea_id, count(*) AS n, sum(power(2, "
                "(extract(epoch FROM created_at) - %s) / %s)) AS h "
                "FROM ideas_support GROUP BY idea_id) s WHERE s.idea_id = i.id",
                [epoch, half_life, epoch, half_life],
            )
            cursor.execute(
                "UPDATE ideas_idea i SET support_role_counts = s.counts "
                "FROM (SELECT idea_id, jsonb_object_agg(role, n) AS counts FROM "
                "(SELECT idea_id, role, count(*) AS n FROM ideas_support "
                "GROUP BY idea_id, role) r GROUP BY idea_id) s WHERE s.idea_id = i.id"
            )
            if self.made_posts:
                # Real comments now: the counts come from them.
                cursor.execute(
                    "UPDATE ideas_idea i SET comment_count = (SELECT count(*) FROM "
                    "forum_post p WHERE p.idea_id = i.id) FROM accounts_user u "
                    "WHERE u.id = i.author_id AND u.email LIKE %s",
                    [f"%{DOMAIN}"],
                )
            cursor.execute(
                "ANALYZE ideas_idea; ANALYZE ideas_support; ANALYZE forum_post"
            )
