"""Demo content: the strategy for Stockholm as a smart and connected city.

Restated from the city's strategy (see shared/docs/domain.md) in Swedish and English.
Each page spec names its model, its Swedish and English fields, and its children.
The news and challenges are examples and the site shows a demo banner.
"""

from datetime import timedelta

from django.utils import timezone

from cms.models import ChallengePhase, PhaseKind


def rich(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def stream(*paragraphs: str) -> list[tuple[str, object]]:
    from wagtail.rich_text import RichText

    return [("paragraph", RichText(rich(*paragraphs)))]


DISTRICTS = [
    "Rinkeby-Kista",
    "Spånga-Tensta",
    "Hässelby-Vällingby",
    "Bromma",
    "Kungsholmen",
    "Norrmalm",
    "Östermalm",
    "Södermalm",
    "Enskede-Årsta-Vantör",
    "Skarpnäck",
    "Farsta",
    "Hägersten-Älvsjö",
    "Skärholmen",
]

GOALS = [
    {
        "key": "livskvalitet",
        "kind": "main",
        "colour": "blue",
        "icon": "heart",
        "sv": {
            "title": "Högsta livskvaliteten för stockholmarna",
            "slug": "hogsta-livskvaliteten",
            "short_description": "Digitala tjänster som gör vardagen enklare och bättre "
            "för alla som bor i Stockholm.",
            "body": rich(
                "Ett smart och uppkopplat Stockholm använder digitaliseringen för att "
                "göra livet enklare och bättre för invånare och besökare.",
                "Tjänsterna ska fungera för alla, oavsett digital mognad och tillgång "
                "till internet.",
            ),
        },
        "en": {
            "title": "The highest quality of life for Stockholmers",
            "slug": "highest-quality-of-life",
            "short_description": "Digital services that make everyday life easier and "
            "better for everyone who lives in Stockholm.",
            "body": rich(
                "A smart and connected Stockholm uses digitalisation to make life "
                "easier and better for residents and visitors.",
                "Services must work for everyone, whatever their digital maturity and "
                "access to the internet.",
            ),
        },
    },
    {
        "key": "foretagande",
        "kind": "main",
        "colour": "brown",
        "icon": "briefcase",
        "sv": {
            "title": "Bästa klimatet för företagande",
            "slug": "basta-klimatet-for-foretagande",
            "short_description": "En stad där företag kan pröva, utveckla och växa "
            "med nya smarta tjänster.",
            "body": rich(
                "Staden samverkar med näringsliv och akademi och öppnar för tester av "
                "nya lösningar i stadens miljöer.",
            ),
        },
        "en": {
            "title": "The best climate for business",
            "slug": "best-climate-for-business",
            "short_description": "A city where companies can test, develop and grow "
            "with new smart services.",
            "body": rich(
                "The city works with business and academia and opens its environments "
                "for pilots of new solutions.",
            ),
        },
    },
    {
        "key": "ekologiskt",
        "kind": "dimension",
        "colour": "green",
        "icon": "leaf",
        "sv": {
            "title": "Ekologiskt hållbar",
            "slug": "ekologiskt-hallbar",
            "short_description": "Smartare användning av energi, vatten och transporter.",
            "body": rich(
                "Digitala lösningar bidrar till en stad med mindre "
                "klimatpåverkan och renare luft och vatten."
            ),
        },
        "en": {
            "title": "Ecologically sustainable",
            "slug": "ecologically-sustainable",
            "short_description": "Smarter use of energy, water and transport.",
            "body": rich(
                "Digital solutions help make a city with a smaller climate "
                "impact and cleaner air and water."
            ),
        },
    },
    {
        "key": "ekonomiskt",
        "kind": "dimension",
        "colour": "teal",
        "icon": "coins",
        "sv": {
            "title": "Ekonomiskt hållbar",
            "slug": "ekonomiskt-hallbar",
            "short_description": "En effektivare stad och en växande ekonomi.",
            "body": rich(
                "Digitaliseringen effektiviserar stadens verksamheter och "
                "skapar förutsättningar för innovation och tillväxt."
            ),
        },
        "en": {
            "title": "Economically sustainable",
            "slug": "economically-sustainable",
            "short_description": "A more efficient city and a growing economy.",
            "body": rich(
                "Digitalisation makes the city's operations more efficient "
                "and creates conditions for innovation and growth."
            ),
        },
    },
    {
        "key": "socialt",
        "kind": "dimension",
        "colour": "red",
        "icon": "people",
        "sv": {
            "title": "Socialt hållbar",
            "slug": "socialt-hallbar",
            "short_description": "Tjänster som når alla och minskar skillnader mellan "
            "människor och stadsdelar.",
            "body": rich(
                "Ett Stockholm för alla: ingen ska lämnas utanför när staden "
                "blir smartare."
            ),
        },
        "en": {
            "title": "Socially sustainable",
            "slug": "socially-sustainable",
            "short_description": "Services that reach everyone and narrow the gaps "
            "between people and districts.",
            "body": rich(
                "A Stockholm for everyone: nobody is left out as the city "
                "becomes smarter."
            ),
        },
    },
    {
        "key": "demokratiskt",
        "kind": "dimension",
        "colour": "purple",
        "icon": "ballot",
        "sv": {
            "title": "Demokratiskt hållbar",
            "slug": "demokratiskt-hallbar",
            "short_description": "Öppenhet, öppna data och delaktighet i stadens "
            "utveckling.",
            "body": rich(
                "Invånare, företag och akademi bidrar till stadens utveckling "
                "genom öppna forum som detta."
            ),
        },
        "en": {
            "title": "Democratically sustainable",
            "slug": "democratically-sustainable",
            "short_description": "Openness, open data and participation in the city's "
            "development.",
            "body": rich(
                "Residents, companies and academia take part in developing "
                "the city through open forums like this one."
            ),
        },
    },
]


def principle(kind: str, sv: tuple[str, ...], en: tuple[str, ...]) -> dict:
    """(title, slug, summary, body paragraphs...) in each language; the body
    restates the strategy and the referral response (../shared/seeds)."""
    return {
        "model": "PrinciplePage",
        "common": {"kind": kind},
        "sv": {"title": sv[0], "slug": sv[1], "summary": sv[2], "body": rich(*sv[3:])},
        "en": {"title": en[0], "slug": en[1], "summary": en[2], "body": rich(*en[3:])},
    }


PRINCIPLES = [
    principle(
        "implementation",
        (
            "Utgå från målgruppernas behov",
            "utga-fran-malgruppernas-behov",
            "Allt som genomförs i den smarta staden utgår från behoven hos invånare, företagare och besökare.",
            "Den första principen för genomförandet: allt som genomförs i den smarta staden ska utgå från målgruppernas behov. Tjänsterna ska fungera för alla stadens invånare, både de med hög digital mognad och tillgång till internet och de med lägre.",
            "I remissvaret från arbetsmarknadsförvaltningen lyfts principen fram som den som bäst stödjer huvudmålet: genom att fokusera på dem vi är till för används stadens resurser till bästa nyttan för stockholmarna.",
        ),
        (
            "Start from the target groups' needs",
            "start-from-needs",
            "Everything the smart city does starts from the needs of residents, businesses and visitors.",
            "The first principle for implementation: everything done in the smart city starts from the needs of its target groups. Services must work for every resident, those with high digital maturity and access to the internet and those with less.",
            "The labour-market administration's referral response singles it out as the principle that best supports the main goal: by focusing on those the city is there for, its resources do the most good for Stockholmers.",
        ),
    ),
    principle(
        "implementation",
        (
            "Investeringar styrs mot målbilden",
            "investeringar-styrs-mot-malbilden",
            "Investeringar styrs till projekt som ligger i linje med målbilden.",
            "Investeringar styrs till projekt som ligger i linje med målbilden: den högsta livskvaliteten för stockholmarna och det bästa klimatet för företagande.",
            "Principerna för genomförandet är ett verktyg för att nå en gemensam riktning mot målbilden, säkra proaktivitet och undvika lösningar som utvecklas i stuprör.",
        ),
        (
            "Investments follow the goal picture",
            "investments-follow-goals",
            "Investments are steered to projects in line with the goal picture.",
            "Investments are steered to projects in line with the goal picture: the highest quality of life for Stockholmers and the best climate for business.",
            "The principles for implementation are a tool for a common direction towards the goal picture, for acting ahead of time and for avoiding solutions built in silos.",
        ),
    ),
    principle(
        "implementation",
        (
            "Staden samverkar mer",
            "staden-samverkar-mer",
            "Staden samverkar mer internt och externt: med andra offentliga aktörer, akademi, näringsliv och invånare.",
            "Stockholms stad ska samverka mer, internt och externt. Samverkan med andra offentliga verksamheter, akademi, näringsliv och invånare är av högsta vikt för att skapa den smarta staden för alla som bor, vistas eller verkar här.",
            "Lämpliga samverkansforum behöver finnas och skapas, med exempelvis invånare, landsting, andra kommuner, näringslivet och akademin. Idéstad är ett sådant forum.",
        ),
        (
            "The city collaborates more",
            "city-collaborates-more",
            "The city collaborates more, internally and externally: with other public bodies, academia, business and residents.",
            "The City of Stockholm is to collaborate more, internally and externally. Working with other public bodies, academia, business and residents is of the highest importance for a smart city for everyone who lives, stays or works here.",
            "Suitable collaboration forums are needed, with residents, the county council, other municipalities, business and academia. Idéstad is one.",
        ),
    ),
    principle(
        "implementation",
        (
            "Förändring drivs genom kommunikation internt och externt",
            "forandring-drivs-genom-kommunikation",
            "Förändringen drivs genom kommunikation, internt och externt.",
            "Strategins åttonde princip. Varje verksamhet ansvarar för att kommunicera det som pågår inom den egna verksamheten, och alla stadens verksamheter deltar i att identifiera gemensamma budskap, arenor och aktiviteter som stärker bilden av Stockholm som en smart och uppkopplad stad.",
            "Kommunikation via stadens befintliga kanaler och dialog i sociala medier är prioriterat.",
        ),
        (
            "Change is driven through communication, internally and externally",
            "change-driven-through-communication",
            "Change is driven through communication, internally and externally.",
            "The strategy's eighth principle. Each unit communicates what goes on in its own area, and all of the city's units take part in finding common messages, arenas and activities that strengthen the image of Stockholm as a smart and connected city.",
            "Communication through the city's existing channels and dialogue in social media come first.",
        ),
    ),
    principle(
        "enabler",
        (
            "Verksamhet",
            "verksamhet",
            "Digitaliseringen styrs som en verksamhetsfråga, inte som en fråga för it-funktionerna.",
            "Arbetet mot den smarta staden ska vara en naturlig del av verksamhetsstyrningen. Chefers och medarbetares digitala kompetens och förmåga att arbeta i nya processer är en viktig möjliggörare; ny kompetens kan behövas för att fullt ta tillvara digitaliseringens möjligheter.",
            "Samverkan genom rätt organisation och samverkansforum hör också hit.",
        ),
        (
            "Operations",
            "operations",
            "Digitalisation is steered as a matter for operations, not for IT functions.",
            "Work towards the smart city is a natural part of how operations are run. The digital skills of managers and staff, and their ability to work in new processes, are an important enabler; new skills may be needed to make full use of digitalisation.",
            "Collaboration through the right organisation and forums belongs here too.",
        ),
    ),
    principle(
        "enabler",
        (
            "Teknik",
            "teknik",
            "Gemensamma plattformar, öppna standarder, säkerhet och integritetsskydd och öppna data.",
            "De strategiska möjliggörande principerna för tekniken: gemensamma digitala plattformar, tekniska lösningar byggda på öppna standarder, avtal som möjliggör utveckling och innovation, säkerhet och integritetsskydd samt öppna data.",
            "De tekniska förutsättningarna i Stockholm är goda, bland annat genom stadens fibernät.",
        ),
        (
            "Technology",
            "technology",
            "Common platforms, open standards, security and privacy, and open data.",
            "The strategic enabling principles for technology: common digital platforms, technical solutions built on open standards, agreements that enable development and innovation, security and privacy, and open data.",
            "Stockholm's technical prerequisites are good, not least through the city's fibre network.",
        ),
    ),
    principle(
        "enabler",
        (
            "Kostnadsfördelningsprinciper",
            "kostnadsfordelningsprinciper",
            "Principer för hur kostnaderna för den smarta staden fördelas mellan verksamheterna.",
            "Strategin föreslår principer för hur kostnaderna för utvecklingen av den smarta staden fördelas, så att gemensamma lösningar byggs en gång och används av många i stället för att varje verksamhet bygger sin egen.",
        ),
        (
            "Cost-allocation principles",
            "cost-allocation-principles",
            "Principles for how the costs of the smart city are shared between units.",
            "The strategy proposes principles for how the costs of developing the smart city are shared, so that common solutions are built once and used by many instead of each unit building its own.",
        ),
    ),
    principle(
        "enabling",
        (
            "Gemensamma digitala plattformar",
            "gemensamma-digitala-plattformar",
            "Gemensamma plattformar i stället för lösningar byggda i stuprör.",
            "Staden ska ha gemensamma digitala plattformar. Det som byggs en gång kan användas av alla verksamheter, och lösningar som utvecklas i stuprör undviks.",
        ),
        (
            "Common digital platforms",
            "common-digital-platforms",
            "Shared platforms instead of solutions built in silos.",
            "The city is to have common digital platforms. What is built once can be used by every unit, and solutions built in silos are avoided.",
        ),
    ),
    principle(
        "enabling",
        (
            "Öppna standarder",
            "oppna-standarder",
            "Tekniska lösningar byggs på öppna standarder.",
            "Tekniska lösningar byggs på öppna standarder, så att de fungerar tillsammans och inte låser staden till en enda leverantör.",
        ),
        (
            "Open standards",
            "open-standards",
            "Technical solutions are built on open standards.",
            "Technical solutions are built on open standards, so that they work together and do not tie the city to a single supplier.",
        ),
    ),
    principle(
        "enabling",
        (
            "Avtal som möjliggör innovation",
            "avtal-som-mojliggor-innovation",
            "Avtal skrivs så att de möjliggör utveckling och innovation.",
            "Stadens avtal skrivs så att de möjliggör utveckling och innovation, inte bara leverans av det som redan finns.",
        ),
        (
            "Agreements that enable innovation",
            "agreements-enable-innovation",
            "Agreements are written to enable development and innovation.",
            "The city's agreements are written to enable development and innovation, not only the delivery of what already exists.",
        ),
    ),
    principle(
        "enabling",
        (
            "Säkerhet och integritetsskydd",
            "sakerhet-och-integritetsskydd",
            "Säkerhet och skydd av den personliga integriteten byggs in från början.",
            "Säkerhet och integritetsskydd är av stor vikt: tjänsterna byggs säkra från början, och invånarnas uppgifter skyddas.",
        ),
        (
            "Security and privacy",
            "security-and-privacy",
            "Security and the protection of privacy are built in from the start.",
            "Security and privacy are of great importance: services are built secure from the start, and residents' data is protected.",
        ),
    ),
    principle(
        "enabling",
        (
            "Öppna data",
            "oppna-data",
            "Stadens data görs tillgängliga som öppna data för andra att bygga vidare på.",
            "Öppna data är av stor vikt: stadens data görs tillgängliga för invånare, företag och forskare att bygga vidare på.",
        ),
        (
            "Open data",
            "open-data",
            "The city's data is published as open data for others to build on.",
            "Open data is of great importance: the city's data is made available for residents, companies and researchers to build on.",
        ),
    ),
]


def challenges() -> list[dict]:
    return [
        {
            "model": "ChallengePage",
            "goals": ["livskvalitet", "socialt"],
            "common": {"phases": phases(PhaseKind.IDEATION)},
            "sv": {
                "title": "Ett bättre liv för äldre",
                "slug": "ett-battre-liv-for-aldre",
                "intro": "Hur kan digitala tjänster ge äldre stockholmare mer "
                "självständighet, trygghet och gemenskap?",
                "body": stream(
                    "Staden har redan prövat smarta lås i hemtjänsten. Nu vill vi "
                    "höra dina idéer om vad som mer kan göra vardagen bättre."
                ),
            },
            "en": {
                "title": "A better life for the elderly",
                "slug": "better-life-for-the-elderly",
                "intro": "How can digital services give older Stockholmers more "
                "independence, safety and company?",
                "body": stream(
                    "The city has already tried smart locks in home care. Now we want "
                    "your ideas on what else could make everyday life better."
                ),
            },
        },
        {
            "model": "ChallengePage",
            "goals": ["ekologiskt", "ekonomiskt", "foretagande"],
            "common": {"phases": phases(PhaseKind.IDEATION)},
            "sv": {
                "title": "Effektiv mobilitet",
                "slug": "effektiv-mobilitet",
                "intro": "Hur kan data och uppkoppling göra det enklare att ta sig "
                "fram i staden, med mindre klimatpåverkan?",
                "body": stream(
                    "Vi söker idéer och pilotförslag från invånare, företag och "
                    "akademi om resor, parkering, cykel och gång."
                ),
            },
            "en": {
                "title": "Efficient mobility",
                "slug": "efficient-mobility",
                "intro": "How can data and connectivity make it easier to get around "
                "the city, with a smaller climate impact?",
                "body": stream(
                    "We are looking for ideas and pilot proposals from residents, "
                    "companies and academia on travel, parking, cycling and walking."
                ),
            },
        },
        _challenge(
            goals=["ekologiskt", "livskvalitet"],
            current=PhaseKind.DISCUSSION,
            sv=(
                "Rent vatten",
                "rent-vatten",
                "Hur kan sensorer och öppna data hjälpa oss att hålla Stockholms "
                "vatten rent, från Mälaren till kranen?",
                "Idéerna är inlämnade. Nu diskuterar vi dem tillsammans.",
            ),
            en=(
                "Clean water",
                "clean-water",
                "How can sensors and open data help keep Stockholm's water clean, "
                "from Lake Mälaren to the tap?",
                "The ideas are in. Now we discuss them together.",
            ),
        ),
        _challenge(
            goals=["ekonomiskt", "ekologiskt"],
            current=PhaseKind.EVALUATION,
            sv=(
                "Energieffektiva hem",
                "energieffektiva-hem",
                "Hur kan digitala tjänster hjälpa hushåll och fastighetsägare att "
                "använda mindre energi?",
                "Stödet är räknat. Staden utvärderar nu de mest stödda idéerna.",
            ),
            en=(
                "Energy-efficient homes",
                "energy-efficient-homes",
                "How can digital services help households and property owners use "
                "less energy?",
                "Support has been counted. The city is now evaluating the most "
                "supported ideas.",
            ),
        ),
        _challenge(
            goals=["socialt", "demokratiskt"],
            current=PhaseKind.CLOSED,
            sv=(
                "Teknik för lika möjligheter",
                "teknik-for-lika-mojligheter",
                "Hur kan tekniken ge alla stockholmare samma möjligheter att delta?",
                "Utmaningen är avslutad. Tack till alla som deltog.",
            ),
            en=(
                "Technology for equal opportunities",
                "technology-for-equal-opportunities",
                "How can technology give every Stockholmer the same chance to take "
                "part?",
                "The challenge is closed. Thank you to everyone who took part.",
            ),
        ),
    ]


def phases(current: str, *, days: int = 21) -> list[ChallengePhase]:
    """A challenge's five phases, ``days`` each, with ``current`` running
    today: the phases are the challenge's dates (cms.models.ChallengeSchedule)."""
    kinds = [kind for kind, _label in PhaseKind.choices]
    today = timezone.localdate()
    offset = kinds.index(current)
    result = []
    for i, kind in enumerate(kinds):
        start = today + timedelta(days=(i - offset) * days - days // 3)
        end = None if kind == PhaseKind.CLOSED else start + timedelta(days=days - 1)
        result.append(ChallengePhase(kind=kind, starts_on=start, ends_on=end))
    return result


def _challenge(*, goals: list[str], current: str, sv: tuple, en: tuple) -> dict:
    page = {}
    for code, (title, slug, intro, body) in (("sv", sv), ("en", en)):
        page[code] = {
            "title": title,
            "slug": slug,
            "intro": intro,
            "body": stream(body),
        }
    return {
        "model": "ChallengePage",
        "goals": goals,
        "common": {"phases": phases(current)},
        **page,
    }


def news() -> list[dict]:
    today = timezone.localdate()
    return [
        {
            "model": "NewsPage",
            "common": {"date": today - timedelta(days=3)},
            "sv": {
                "title": "Idéstad öppnar för idéer",
                "slug": "idestad-oppnar",
                "intro": "Nu kan alla som bor och verkar i Stockholm lämna idéer om "
                "smarta tjänster. (Demonyhet)",
                "body": stream(
                    "Idéstad är stadens permanenta samverkansforum för strategin för "
                    "Stockholm som smart och uppkopplad stad."
                ),
            },
            "en": {
                "title": "Idéstad opens for ideas",
                "slug": "idestad-opens",
                "intro": "Everyone who lives or works in Stockholm can now submit ideas "
                "for smart services. (Demo news)",
                "body": stream(
                    "Idéstad is the city's permanent collaboration forum for the "
                    "strategy for Stockholm as a smart and connected city."
                ),
            },
        },
        {
            "model": "NewsPage",
            "common": {"date": today - timedelta(days=10)},
            "sv": {
                "title": "Uppkopplade sensorer i vattennätet",
                "slug": "sensorer-i-vattennatet",
                "intro": "Ett av stadens prioriterade projekt följs upp här på "
                "Idéstad. (Demonyhet)",
                "body": stream(
                    "Sensorer i vattennätet ger tidiga varningar om läckor och bidrar "
                    "till tillgång till rent vatten."
                ),
            },
            "en": {
                "title": "Connected sensors in the water network",
                "slug": "sensors-in-the-water-network",
                "intro": "One of the city's priority projects is followed up here on "
                "Idéstad. (Demo news)",
                "body": stream(
                    "Sensors in the water network give early warning of leaks and help "
                    "secure access to clean water."
                ),
            },
        },
    ]


def standard(sv: tuple[str, str, str], en: tuple[str, str, str], menu: bool) -> dict:
    return {
        "model": "StandardPage",
        "common": {"show_in_footer": True, "show_in_menus": menu},
        "sv": {"title": sv[0], "slug": sv[1], "intro": sv[2]},
        "en": {"title": en[0], "slug": en[1], "intro": en[2]},
    }


def site_tree() -> dict:
    """The whole demo tree, home page first."""
    return {
        "model": "HomePage",
        "sv": {
            "title": "Idéer för ett smart och uppkopplat Stockholm",
            "slug": "hem",
            "intro": "Lämna idéer, diskutera och stöd förslag som gör Stockholm till "
            "världens smartaste stad – för invånare, företagare och besökare.",
        },
        "en": {
            "title": "Ideas for a smart and connected Stockholm",
            "slug": "home",
            "intro": "Submit ideas, discuss and support proposals that make Stockholm "
            "the world's smartest city – for residents, businesses and visitors.",
        },
        "children": [
            {
                "model": "StrategyPage",
                "common": {"show_in_menus": True},
                "sv": {
                    "title": "Strategin",
                    "slug": "strategi",
                    "intro": "Strategin för Stockholm som smart och uppkopplad stad "
                    "antogs av kommunfullmäktige i april 2017. Den vilar på Vision "
                    "2040, Ett Stockholm för alla: två huvudmål som nås genom en stad "
                    "som är hållbar i fyra dimensioner, byggd med digitalisering, "
                    "innovativa lösningar, öppenhet och uppkoppling.",
                },
                "en": {
                    "title": "The strategy",
                    "slug": "strategy",
                    "intro": "The Strategy for Stockholm as a smart and connected city "
                    "was adopted by the City Council in April 2017. It rests on Vision "
                    "2040, A Stockholm for everyone: two main goals reached through a "
                    "city that is sustainable in four dimensions, built through "
                    "digitalisation, innovative solutions, openness and connectivity.",
                },
                "children": [
                    {
                        "model": "GoalPage",
                        "key": goal["key"],
                        "common": {
                            "kind": goal["kind"],
                            "colour": goal["colour"],
                            "icon": goal["icon"],
                        },
                        "sv": goal["sv"],
                        "en": goal["en"],
                    }
                    for goal in GOALS
                ],
            },
            {
                "model": "PrincipleIndexPage",
                "common": {"show_in_menus": True},
                "sv": {
                    "title": "Principer",
                    "slug": "principer",
                    "intro": "Strategin har åtta principer för genomförandet; de ger "
                    "en gemensam riktning, säkrar proaktivitet och motverkar lösningar "
                    "i stuprör. Här står de som remissen nämner. Möjliggörarna finns "
                    "inom tre områden: verksamhet, teknik och "
                    "kostnadsfördelningsprinciper.",
                },
                "en": {
                    "title": "Principles",
                    "slug": "principles",
                    "intro": "The strategy has eight principles for implementation; "
                    "they give a common direction, secure proactivity and avoid "
                    "solutions built in silos. Here are those the referral names. The "
                    "enablers lie in three areas: operations, technology and "
                    "cost-allocation principles.",
                },
                "children": PRINCIPLES,
            },
            {
                "model": "ChallengeIndexPage",
                "common": {"show_in_menus": True},
                "sv": {
                    "title": "Utmaningar",
                    "slug": "utmaningar",
                    "intro": "Staden bjuder in till idéer kring avgränsade utmaningar "
                    "från innovationsarenans fokusområden.",
                },
                "en": {
                    "title": "Challenges",
                    "slug": "challenges",
                    "intro": "The city invites ideas on focused challenges from the "
                    "focus areas of its innovation arena.",
                },
                "children": challenges(),
            },
            {
                "model": "NewsIndexPage",
                "common": {"show_in_menus": True},
                "sv": {"title": "Nyheter", "slug": "nyheter", "intro": ""},
                "en": {"title": "News", "slug": "news", "intro": ""},
                "children": news(),
            },
            standard(
                (
                    "Om Idéstad",
                    "om",
                    "Idéstad är Stockholms stads öppna plattform där invånare, företag, "
                    "akademi och stadens medarbetare lämnar, diskuterar och stöder idéer.",
                ),
                (
                    "About Idéstad",
                    "about",
                    "Idéstad is the City of Stockholm's open platform where residents, "
                    "companies, academia and city staff submit, discuss and support ideas.",
                ),
                menu=True,
            ),
            standard(
                (
                    "Tillgänglighetsredogörelse",
                    "tillganglighet",
                    "Idéstad ska kunna användas av alla och följer WCAG 2.1 nivå AA.",
                ),
                (
                    "Accessibility statement",
                    "accessibility",
                    "Idéstad is meant for everyone and follows WCAG 2.1 level AA.",
                ),
                menu=False,
            ),
            standard(
                (
                    "Integritetspolicy",
                    "integritet",
                    "Så behandlar vi dina personuppgifter, och så laddar du ner eller "
                    "raderar dem.",
                ),
                (
                    "Privacy policy",
                    "privacy",
                    "How we handle your personal data, and how to download or delete it.",
                ),
                menu=False,
            ),
            standard(
                ("Användarvillkor", "villkor", "Reglerna för att delta på Idéstad."),
                ("Terms of use", "terms", "The rules for taking part in Idéstad."),
                menu=False,
            ),
        ],
    }
