"""Demo ideas for `make run`: every kind, across goals and districts, with
supports, official status changes with reasons and an official answer. Written
through the services, so the demo obeys the same rules as real use."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from accounts.models import Organisation, User
from cms.demo_content import phases
from cms.models import ChallengePage, District, GoalPage, PhaseKind
from ideas import projects, services, supports, workflow
from ideas.models import Idea, IdeaKind, IdeaStatus, Project
from ideas.projects import IndicatorData, ProjectData
from ideas.services import IdeaData

DEMO_DOMAIN = "@idestad.example"


def _challenge(slug: str) -> ChallengePage | None:
    """The Swedish challenge (its phases come with the demo site)."""
    return ChallengePage.objects.filter(slug=slug, locale=Locale.get_default()).first()


def _set_phases(page: ChallengePage, phase: str) -> None:
    page.phases = phases(phase)
    page.save_revision().publish()


def _goals(*slugs: str) -> list[GoalPage]:
    return list(GoalPage.objects.filter(slug__in=slugs, locale=Locale.get_default()))


@transaction.atomic
def ensure_demo_ideas() -> int:
    """Create the demo ideas once; returns how many were created."""
    if Idea.objects.filter(author__email__endswith=DEMO_DOMAIN).exists():
        return 0
    people = {u.email.split("@")[0]: u for u in User.objects.filter(
        email__endswith=DEMO_DOMAIN
    )}  # fmt: skip
    if {"admin", "invanare", "foretag", "akademi"} - set(people):
        return 0
    admin, resident = people["admin"], people["invanare"]
    company_member, academic = people["foretag"], people["akademi"]
    elderly = _challenge("ett-battre-liv-for-aldre")
    # One challenge in each phase, so every state of the timeline can be seen.
    # Ideas are collected in ideation; the challenge then moves on to support.
    mobility = _challenge("effektiv-mobilitet")
    districts = {d.slug: d for d in District.objects.all()}
    company = Organisation.objects.filter(kind="company", verified=True).first()
    university = Organisation.objects.filter(kind="academia", verified=True).first()

    def create(author: User, **fields: object) -> Idea:
        data = IdeaData(**fields)
        return services.idea_create(actor=author, data=data, publish=True)

    water = create(
        resident,
        title="Larm när vattnet läcker i källaren",
        summary="Uppkopplade fuktsensorer i bostadsrättsföreningar som larmar tidigt.",
        body="Läckor upptäcks ofta för sent. **Billiga sensorer** kan larma "
        "fastighetsägaren och spara både vatten och pengar.",
        goals=_goals("ekologiskt-hallbar", "ekonomiskt-hallbar"),
        district=districts.get("sodermalm"),
        tags=["vatten", "sensorer"],
    )
    bench = create(
        resident,
        title="Smarta bänkar med laddning och väderdata",
        summary="Parkbänkar med solcellsladdning för mobilen och öppna väderdata.",
        body="Bänkarna kan visa luftkvalitet och ladda telefonen.",
        goals=_goals("hogsta-livskvaliteten", "socialt-hallbar"),
        district=districts.get("rinkeby-kista"),
        challenge=elderly,
        tags=["parker", "öppna data"],
    )
    parking = create(
        company_member,
        title="Pilot: sensorer visar lediga laddplatser",
        summary="Vi testar sensorer som visar lediga laddplatser i realtid i en app.",
        body="Förslaget bygger på vår sensor som redan används i Kista.",
        kind=IdeaKind.PILOT,
        organisation=company,
        goals=_goals("basta-klimatet-for-foretagande", "ekologiskt-hallbar"),
        district=districts.get("kungsholmen"),
        challenge=mobility,
        pilot_what="Sensorer på 40 laddplatser och en öppen dataström.",
        pilot_where="Kungsholmen, tre gator kring Fridhemsplan",
        pilot_duration="Sex månader",
        pilot_needs="Tillstånd att montera sensorer och tillgång till gatumark.",
        pilot_effect="Kortare söktid och mindre trafik på jakt efter laddplats.",
        tags=["laddning", "mobilitet"],
    )
    research = create(
        academic,
        title="Forskning: hur äldre använder digitala trygghetslarm",
        summary="En studie med hemtjänsten om hur digitala larm används och upplevs.",
        body="Vi vill följa 200 personer under ett år, tillsammans med staden.",
        kind=IdeaKind.RESEARCH,
        organisation=university,
        goals=_goals("hogsta-livskvaliteten", "demokratiskt-hallbar"),
        tags=["äldre", "hälsa"],
    )
    bikes = create(
        resident,
        title="Räkna cyklar i realtid vid broarna",
        summary="Öppna data om cykeltrafiken så att staden kan planera bättre.",
        body="Cykelräknare finns redan; gör dem öppna och i realtid.",
        goals=_goals("ekologiskt-hallbar"),
        tags=["cykel", "öppna data"],
    )
    if mobility is not None:
        _set_phases(mobility, PhaseKind.SUPPORT)
    for idea, fans in (
        (parking, [resident, academic]),
        (water, [company_member, academic, admin]),
        (bikes, [company_member, academic]),
        (research, [resident, company_member]),
    ):
        for person in fans:
            supports.support_add(actor=person, idea=idea)
    workflow.idea_status_change(
        actor=admin,
        idea=water,
        status=IdeaStatus.UNDER_REVIEW,
        reason="Miljöförvaltningen granskar förslaget med Stockholm Vatten.",
    )
    workflow.idea_status_change(
        actor=admin,
        idea=research,
        status=IdeaStatus.ACCEPTED,
        reason="Stämmer med stadens arbete med trygghetslarm; vi kontaktar forskarna.",
    )
    workflow.idea_answer(
        actor=admin,
        idea=research,
        text="Tack! Äldreförvaltningen vill gärna vara med i studien.",
    )
    _demo_project(admin, research)
    return len([water, bench, parking, research, bikes])


def _demo_project(admin: User, idea: Idea) -> None:
    """The accepted research idea becomes a project with a measured indicator."""
    today = timezone.localdate()
    project = projects.project_promote(
        actor=admin,
        ideas=[idea],
        data=ProjectData(
            title="Digitala trygghetslarm i hemtjänsten",
            summary="Studie och införande av digitala trygghetslarm för äldre.",
            description="Äldreförvaltningen och forskarna följer 200 personer.",
            kind=Project.Kind.OPERATIONAL,
            owner_kind=Project.OwnerKind.COMMITTEE,
            owner_name="Äldrenämnden",
            contact="aldreforvaltningen@example.org",
            starts_on=today.replace(month=1, day=1),
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
            )
        ],
    )
    indicator = project.indicators.get()
    for months_ago, value in ((9, 20), (6, 65), (3, 110), (0, 142)):
        projects.indicator_value_set(
            actor=admin,
            indicator=indicator,
            measured_on=today - timedelta(days=30 * months_ago),
            value=Decimal(value),
        )
    projects.milestone_add(
        actor=admin,
        project=project,
        title="Alla deltagare rekryterade",
        due_on=today + timedelta(days=60),
        done_on=None,
    )
