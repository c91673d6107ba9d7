"""Demo ideas and projects for `make run`: forty-odd ideas over every goal,
kind, status and many districts, with pictures, supporters, comments and
official answers; the strategy's priority projects with milestones, indicator
values over two years and an annual follow-up. Written through the services,
so the demo obeys the same rules as real use; then dated back, so the site
looks lived in (a real crowd does not post everything in one minute)."""

import io
import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.models import Locale

from accounts.demo import DEMO_CROWD, crowd_email
from accounts.models import Organisation, User
from cms.models import ChallengePage, ChallengePhase, District, GoalPage, PhaseKind
from ideas import media, moderation, projects, services, supports, workflow
from ideas.demo_content import GOAL_SLUGS, IDEAS, PROJECTS, DemoIdea
from ideas.models import (
    FlagReason,
    Idea,
    IdeaKind,
    IdeaStatus,
    Project,
    StatusChange,
    Support,
)
from ideas.projects import IndicatorData, ProjectData
from ideas.services import IdeaData

DEMO_DOMAIN = "@idestad.example"
# Phases in which ideas have collected support by now.
SUPPORTED_BY_NOW = (PhaseKind.SUPPORT, PhaseKind.EVALUATION, PhaseKind.CLOSED)


class Demo:
    """What the demo's writes need: people, goals, districts, challenges."""

    def __init__(self) -> None:
        logins = User.objects.filter(email__endswith=DEMO_DOMAIN)
        self.people = {u.email.split("@")[0]: u for u in logins}
        crowd = {u.email: u for u in User.objects.filter(email__contains="@folk.")}
        for n, (name, _district) in enumerate(DEMO_CROWD):
            if crowd_email(name) in crowd:
                self.people[f"c{n}"] = crowd[crowd_email(name)]
        default = Locale.get_default()
        self.goals = {g.slug: g for g in GoalPage.objects.filter(locale=default).live()}
        self.districts = {d.slug: d for d in District.objects.all()}
        self.challenges = {
            c.slug: c for c in ChallengePage.objects.filter(locale=default)
        }
        self.company = Organisation.objects.filter(
            kind="company", verified=True
        ).first()
        self.university = Organisation.objects.filter(
            kind="academia", verified=True
        ).first()
        self.admin = self.people["admin"]
        self.staff = self.people.get("trafik", self.admin)

    def ready(self) -> bool:
        return {"admin", "invanare", "foretag", "akademi"} <= set(self.people) and bool(
            self.goals
        )


@transaction.atomic
def ensure_demo_ideas() -> int:
    """Create the demo ideas and projects once; returns how many ideas."""
    if Idea.objects.filter(author__email__endswith=DEMO_DOMAIN).exists():
        return 0
    demo = Demo()
    if not demo.ready():
        return 0
    used = {spec.challenge for spec in IDEAS if spec.challenge}
    final = {slug: _phases_of(demo.challenges[slug]) for slug in used}
    for slug in used:  # ideas are sent while a challenge takes them ...
        _set_current_phase(demo.challenges[slug], PhaseKind.IDEATION)
    ideas = {spec.key: _create(demo, spec) for spec in IDEAS}
    for slug in used:  # ... and supported while it collects support
        _set_current_phase(demo.challenges[slug], PhaseKind.SUPPORT)
    for spec in IDEAS:
        if _supported_by_now(spec, final):
            _support(demo, ideas[spec.key], spec)
    for slug in used:
        _restore_phases(demo.challenges[slug], final[slug])
    for spec in IDEAS:
        _decide(demo, ideas, spec)
    _projects(demo, ideas)
    _date_back(ideas)
    _back_office_work(demo, ideas)
    return len(ideas)


# --- Ideas


def _create(demo: Demo, spec: DemoIdea) -> Idea:
    organisation = None
    if spec.kind == IdeaKind.PILOT:
        organisation = demo.company
    elif spec.kind == IdeaKind.RESEARCH:
        organisation = demo.university
    author = demo.people[spec.author]
    data = IdeaData(
        title=spec.title,
        summary=spec.summary,
        body=spec.body,
        goals=[demo.goals[GOAL_SLUGS[g]] for g in spec.goals],
        kind=spec.kind,
        district=demo.districts.get(spec.district),
        challenge=demo.challenges.get(spec.challenge),
        organisation=organisation,
        tags=list(spec.tags),
        **spec.pilot,
    )
    idea = services.idea_create(actor=author, data=data, publish=True)
    if spec.picture:
        media.idea_image_add(
            actor=author, idea=idea, upload=picture(spec.key), alt_text=spec.picture
        )
    return idea


def picture(seed: str) -> SimpleUploadedFile:
    """A small made-up illustration: sky, ground, sun and a few houses, in
    colours chosen from the seed, so every idea's picture differs."""
    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    width, height = 960, 540
    image = Image.new("RGB", (width, height), (rng.randint(150, 200), 210, 235))
    draw = ImageDraw.Draw(image)
    ground = height * 2 // 3
    draw.rectangle((0, ground, width, height), fill=(70, rng.randint(120, 160), 80))
    draw.ellipse((780, 50, 880, 150), fill=(250, 210, 90))
    x = 40
    while x < width - 60:
        w, h = rng.randint(60, 120), rng.randint(80, 220)
        colour = (rng.randint(90, 200), rng.randint(60, 140), rng.randint(50, 120))
        draw.rectangle((x, ground - h, x + w, ground), fill=colour)
        for wy in range(ground - h + 15, ground - 20, 35):
            draw.rectangle((x + 12, wy, x + 24, wy + 14), fill=(255, 240, 190))
        x += w + rng.randint(10, 40)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return SimpleUploadedFile(f"{seed}.png", output.getvalue(), "image/png")


def _supported_by_now(spec: DemoIdea, final: dict[str, list]) -> bool:
    if not spec.challenge:
        return True
    phases = final[spec.challenge]
    today = timezone.localdate()
    current = [p for p in phases if p.starts_on <= today]
    return bool(current) and current[-1].kind in SUPPORTED_BY_NOW


def _support(demo: Demo, idea: Idea, spec: DemoIdea) -> None:
    """``spec.supporters`` people, the crowd first. The demo resident supports
    a few ideas only, so that most can still be supported by them."""
    crowd = [key for key in demo.people if key.startswith("c")]
    others = ["foretag", "akademi", "trafik"]
    shuffled = random.Random(spec.key).sample(crowd, len(crowd))  # noqa: S311
    rotation = shuffled + others
    if spec.key in ("cykelraknare", "skolvag"):
        rotation.insert(0, "invanare")
    chosen = [key for key in rotation if key != spec.author][: spec.supporters]
    for key in chosen:
        supports.support_add(actor=demo.people[key], idea=idea)


def _decide(demo: Demo, ideas: dict[str, Idea], spec: DemoIdea) -> None:
    idea = ideas[spec.key]
    status, _, reason = spec.status.partition(":")
    if status == "duplicate":
        original, _, reason = reason.partition(":")
        workflow.idea_status_change(
            actor=demo.admin,
            idea=idea,
            status=IdeaStatus.DUPLICATE,
            reason=reason.strip(),
            duplicate_of=ideas[original],
        )
    elif status in (IdeaStatus.UNDER_REVIEW, IdeaStatus.ACCEPTED):
        actor = demo.staff if "Trafikkontoret" in reason else demo.admin
        workflow.idea_status_change(
            actor=actor, idea=idea, status=status, reason=reason.strip()
        )
    elif status == IdeaStatus.NOT_SELECTED:
        workflow.idea_status_change(
            actor=demo.admin, idea=idea, status=status, reason=reason.strip()
        )
    elif status == IdeaStatus.WITHDRAWN:
        workflow.idea_withdraw(actor=idea.author, idea=idea, reason=reason.strip())
    if spec.answer:
        workflow.idea_answer(actor=demo.admin, idea=idea, text=spec.answer)


# --- Projects


def _projects(demo: Demo, ideas: dict[str, Idea]) -> None:
    today = timezone.localdate()
    for spec in PROJECTS:
        _priority_project(demo, ideas, spec, today)
    _alarm_study(demo, ideas["trygghetslarm"], today)
    _library_help(demo, ideas["bibliotek"], today)


def _priority_project(demo: Demo, ideas: dict, spec: dict, today: date) -> Project:
    data = ProjectData(
        title=spec["title"],
        summary=spec["summary"],
        description=spec["description"],
        kind=spec["kind"],
        owner_kind=spec["owner_kind"],
        owner_name=spec["owner_name"],
        contact=spec["contact"],
        starts_on=_months_ago(today, 26),
        status=Project.Status.RUNNING,
        progress=spec["progress"],
        budget=Decimal(spec["budget"]),
    )
    indicators = [
        IndicatorData(
            name=name,
            unit=unit,
            baseline=Decimal(str(baseline)),
            target=Decimal(str(target)),
            goal=demo.goals[GOAL_SLUGS[goal]],
        )
        for name, unit, baseline, target, goal, _values in spec["indicators"]
    ]
    origin = [ideas[key] for key in spec["ideas"]]
    if origin:
        for idea in origin:
            workflow.idea_status_change(
                actor=demo.admin,
                idea=idea,
                status=IdeaStatus.ACCEPTED,
                reason="Förslaget blir en del av strategins prioriterade projekt.",
            )
        project = projects.project_promote(
            actor=demo.admin,
            ideas=origin,
            data=data,
            reason=f"Idén genomförs i projektet ”{spec['title']}”.",
            indicators=indicators,
        )
    else:
        project = projects.project_create(
            actor=demo.admin,
            data=data,
            goals=[demo.goals[GOAL_SLUGS[g]] for g in spec["goals"]],
            indicators=indicators,
        )
    _follow_up(demo, project, spec, today)
    return project


def _follow_up(demo: Demo, project: Project, spec: dict, today: date) -> None:
    """Milestones, two years of quarterly measurements and last year's report."""
    for title, months, done in spec["milestones"]:
        projects.milestone_add(
            actor=demo.admin,
            project=project,
            title=title,
            due_on=_months_ago(today, -months),
            done_on=None if done is None else _months_ago(today, done),
        )
    for indicator, (*_, values) in zip(
        project.indicators.order_by("pk"), spec["indicators"], strict=True
    ):
        for quarter, value in enumerate(values):
            projects.indicator_value_set(
                actor=demo.admin,
                indicator=indicator,
                measured_on=_months_ago(today, 3 * (len(values) - quarter) - 2),
                value=Decimal(str(value)),
            )
    projects.report_add(
        actor=demo.admin,
        project=project,
        year=today.year - 1,
        narrative=f"{spec['owner_name']} rapporterar: arbetet följer planen. "
        "Milstolparna för året är nådda och indikatorerna rör sig mot målet.",
    )


def _alarm_study(demo: Demo, idea: Idea, today: date) -> None:
    """The accepted research idea becomes a project with a measured indicator."""
    workflow.idea_status_change(
        actor=demo.admin,
        idea=idea,
        status=IdeaStatus.ACCEPTED,
        reason="Stämmer med stadens arbete med trygghetslarm; vi kontaktar forskarna.",
    )
    project = projects.project_promote(
        actor=demo.admin,
        ideas=[idea],
        data=ProjectData(
            title="Digitala trygghetslarm i hemtjänsten",
            summary="Studie och införande av digitala trygghetslarm för äldre.",
            description="Äldreförvaltningen och forskarna följer 200 personer.",
            kind=Project.Kind.OPERATIONAL,
            owner_kind=Project.OwnerKind.COMMITTEE,
            owner_name="Äldrenämnden",
            contact="aldreforvaltningen@example.org",
            starts_on=_months_ago(today, 10),
            status=Project.Status.RUNNING,
            progress=40,
            budget=Decimal(2_500_000),
        ),
        reason="Staden och forskarna genomför studien tillsammans.",
        indicators=[
            IndicatorData(
                name="Personer med digitalt trygghetslarm",
                unit="personer",
                baseline=Decimal(0),
                target=Decimal(200),
                goal=demo.goals["hogsta-livskvaliteten"],
            )
        ],
    )
    indicator = project.indicators.get()
    for months_ago, value in ((9, 20), (6, 65), (3, 110), (0, 142)):
        projects.indicator_value_set(
            actor=demo.admin,
            indicator=indicator,
            measured_on=_months_ago(today, months_ago),
            value=Decimal(value),
        )
    projects.milestone_add(
        actor=demo.admin,
        project=project,
        title="Alla deltagare rekryterade",
        due_on=today + timedelta(days=60),
        done_on=None,
    )


def _library_help(demo: Demo, idea: Idea, today: date) -> None:
    """An idea carried all the way: accepted, a project, done, implemented."""
    workflow.idea_status_change(
        actor=demo.admin,
        idea=idea,
        status=IdeaStatus.ACCEPTED,
        reason="Biblioteken har lokaler och personal för det här.",
    )
    projects.project_promote(
        actor=demo.admin,
        ideas=[idea],
        data=ProjectData(
            title="Digital hjälp på biblioteken",
            summary="Fasta tider för hjälp med e-tjänster på tio bibliotek.",
            kind=Project.Kind.OPERATIONAL,
            owner_kind=Project.OwnerKind.COMMITTEE,
            owner_name="Kulturnämnden",
            contact="kultur@example.org",
            starts_on=_months_ago(today, 12),
            ends_on=_months_ago(today, 1),
            status=Project.Status.COMPLETED,
            progress=100,
        ),
        reason="Kulturförvaltningen genomför idén på biblioteken.",
    )
    workflow.idea_status_change(
        actor=demo.admin,
        idea=idea,
        status=IdeaStatus.IMPLEMENTED,
        reason="Digital hjälp finns nu varje vecka på tio bibliotek.",
    )


# --- The back office


def _back_office_work(demo: Demo, ideas: dict[str, Idea]) -> None:
    """What a moderator finds to do: the oldest waiting ideas assigned to
    units, and an idea reported by two readers."""
    waiting = Idea.objects.filter(
        pk__in=[i.pk for i in ideas.values()],
        first_answered_at__isnull=True,
        status__in=(IdeaStatus.SUBMITTED, IdeaStatus.UNDER_REVIEW),
    ).order_by("published_at")
    oldest = list(waiting[:4])
    workflow.idea_assign(
        actor=demo.admin, ideas=oldest[:2], assignee=demo.staff, unit=""
    )
    workflow.idea_assign(
        actor=demo.admin, ideas=oldest[2:], assignee=None, unit="Miljöförvaltningen"
    )
    reported = waiting.last()
    crowd = [p for key, p in demo.people.items() if key.startswith("c")]
    readers = [p for p in crowd if p.pk != reported.author_id][:2]
    for reader, reason in zip(
        readers, (FlagReason.OFF_TOPIC, FlagReason.SPAM), strict=True
    ):
        moderation.idea_flag(
            actor=reader, idea=reported, reason=reason, text="Reklam för en app."
        )


# --- Dates


def _date_back(ideas: dict[str, Idea]) -> None:
    """Each idea published ``days_ago``, its supports and decisions after it."""
    now = timezone.now()
    by_key = {spec.key: spec for spec in IDEAS}
    for key, idea in ideas.items():
        published = now - timedelta(days=by_key[key].days_ago, hours=len(key))
        Idea.objects.filter(pk=idea.pk).update(
            created_at=published, published_at=published
        )
        span = max(now - published, timedelta(hours=1))
        for n, support in enumerate(Support.objects.filter(idea=idea).order_by("pk")):
            Support.objects.filter(pk=support.pk).update(
                created_at=published + span * (n + 1) / (n + 3)
            )
        for n, change in enumerate(
            StatusChange.objects.filter(idea=idea).order_by("pk")
        ):
            StatusChange.objects.filter(pk=change.pk).update(
                at=published + span * (0.7 + 0.1 * n)
            )
        # Answered when its first decision or answer came, for answer times.
        Idea.objects.filter(pk=idea.pk, first_answered_at__isnull=False).update(
            first_answered_at=published + span * 0.7
        )
        Idea.objects.filter(pk=idea.pk, answered_at__isnull=False).update(
            answered_at=published + span * 0.75
        )


def _months_ago(today: date, months: int) -> date:
    month = today.month - 1 - months
    year = today.year + month // 12
    return date(year, month % 12 + 1, min(today.day, 28))


def _phases_of(page: ChallengePage) -> list[ChallengePhase]:
    return [
        ChallengePhase(kind=p.kind, starts_on=p.starts_on, ends_on=p.ends_on)
        for p in page.sorted_phases()
    ]


def _set_current_phase(page: ChallengePage, kind: str) -> None:
    from cms.demo_content import phases

    page.phases = phases(kind)
    page.save_revision().publish()


def _restore_phases(page: ChallengePage, phases: list[ChallengePhase]) -> None:
    """Back to its own phases; the mobility challenge has moved on to support."""
    if page.slug == "effektiv-mobilitet":
        _set_current_phase(page, PhaseKind.SUPPORT)
        return
    page.phases = phases
    page.save_revision().publish()
