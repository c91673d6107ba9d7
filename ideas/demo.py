"""Demo ideas for `make run`: every kind, across goals and districts, with
supports, official status changes with reasons and an official answer. Written
through the services, so the demo obeys the same rules as real use."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from accounts.models import Organisation, User
from cms.models import ChallengePage, ChallengePhase, District, GoalPage, PhaseKind
from ideas import services, supports, workflow
from ideas.models import Idea, IdeaKind, IdeaStatus
from ideas.services import IdeaData

DEMO_DOMAIN = "@idestad.example"


def _phases(current: str) -> list[ChallengePhase]:
    kinds = [kind for kind, _label in PhaseKind.choices]
    today = timezone.localdate()
    offset = kinds.index(current)
    phases = []
    for i, kind in enumerate(kinds):
        start = today + timedelta(days=(i - offset) * 21 - 7)
        end = None if kind == PhaseKind.CLOSED else start + timedelta(days=20)
        phases.append(ChallengePhase(kind=kind, starts_on=start, ends_on=end))
    return phases


def _challenge(slug: str, phase: str) -> ChallengePage | None:
    """The Swedish challenge, given dated phases with ``phase`` running today."""
    page = ChallengePage.objects.filter(slug=slug, locale=Locale.get_default()).first()
    if page is None:
        return None
    if not page.phases.exists():
        page.phases = _phases(phase)
        page.save_revision().publish()
    return page


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
    elderly = _challenge("ett-battre-liv-for-aldre", PhaseKind.IDEATION)
    # Open for support now, so its (later) ideas show the support button.
    _challenge("effektiv-mobilitet", PhaseKind.SUPPORT)
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
        challenge=None,
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
    for idea, fans in (
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
    return len([water, bench, parking, research, bikes])
