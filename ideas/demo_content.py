"""The demo's ideas and projects, as plain data (ideas.demo writes them through
the services). Swedish, as residents would write them; the projects are the
strategy's own priority projects (../shared/docs/domain.md).

Authors: the demo logins by their e-mail's name ("invanare", "foretag",
"akademi", "admin", "trafik") or a member of the crowd by number ("c3").
Goals by short name (GOAL_SLUGS). A status: "submitted", or
"under_review|accepted|not_selected: the public reason" (or "withdrawn: the
author's reason"), or
"duplicate:<key>: the reason", or "implemented"/"project" for ideas that the
projects below take up.
"""

from dataclasses import dataclass, field

GOAL_SLUGS = {
    "liv": "hogsta-livskvaliteten",
    "ftg": "basta-klimatet-for-foretagande",
    "eko": "ekologiskt-hallbar",
    "ekn": "ekonomiskt-hallbar",
    "soc": "socialt-hallbar",
    "dem": "demokratiskt-hallbar",
}


@dataclass(frozen=True)
class DemoIdea:
    key: str
    author: str
    title: str
    summary: str
    body: str
    goals: tuple[str, ...]
    district: str = ""
    kind: str = "idea"
    challenge: str = ""
    tags: tuple[str, ...] = ()
    status: str = "submitted"
    supporters: int = 0
    days_ago: int = 10
    picture: str = ""  # the picture's alt text; a picture is drawn when set
    comments: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()
    answer: str = ""
    pilot: dict[str, str] = field(default_factory=dict)


IDEAS = (
    DemoIdea(
        "vattenlarm",
        "invanare",
        "Larm när vattnet läcker i källaren",
        "Uppkopplade fuktsensorer i bostadsrättsföreningar som larmar tidigt.",
        "Läckor upptäcks ofta för sent. **Billiga sensorer** kan larma "
        "fastighetsägaren och spara både vatten och pengar.\n\n"
        "- Sensorer vid stammar och tvättstugor\n- Larm direkt i mobilen\n"
        "- Öppna data om hur ofta det läcker, utan personuppgifter",
        ("eko", "ekn"),
        "sodermalm",
        tags=("vatten", "sensorer"),
        status="under_review: Miljöförvaltningen granskar förslaget med Stockholm "
        "Vatten och Avfall, som redan mäter läckor i ledningsnätet.",
        supporters=14,
        days_ago=48,
        picture="En fuktsensor monterad vid ett vattenrör",
        comments=(
            (
                "c2",
                "Vi fick en vattenskada förra vintern som ingen märkte på veckor. "
                "Det här hade sparat oss mycket.",
                (("c9", "Samma här. Försäkringen täckte inte allt."),),
            ),
            (
                "akademi",
                "Det finns forskning om billiga LoRa-sensorer i källare; "
                "batteritiden är ofta det svåra, inte själva mätningen.",
                (),
            ),
        ),
    ),
    DemoIdea(
        "bankar",
        "invanare",
        "Smarta bänkar med laddning och väderdata",
        "Parkbänkar med solcellsladdning för mobilen och öppna väderdata.",
        "Bänkarna kan visa luftkvalitet och ladda telefonen. De blir en plats att "
        "vila på för den som inte orkar gå hela vägen hem.",
        ("liv", "soc"),
        "rinkeby-kista",
        challenge="ett-battre-liv-for-aldre",
        tags=("parker", "öppna data"),
        supporters=6,
        days_ago=9,
        picture="En parkbänk med en liten solpanel på ryggstödet",
    ),
    DemoIdea(
        "laddplatser",
        "foretag",
        "Pilot: sensorer visar lediga laddplatser",
        "Vi testar sensorer som visar lediga laddplatser i realtid i en app.",
        "Förslaget bygger på vår sensor som redan används i Kista. Datan blir öppen "
        "så att alla kartappar kan visa den.",
        ("ftg", "eko"),
        "kungsholmen",
        kind="pilot",
        challenge="effektiv-mobilitet",
        tags=("laddning", "mobilitet"),
        supporters=11,
        days_ago=20,
        pilot={
            "pilot_what": "Sensorer på 40 laddplatser och en öppen dataström.",
            "pilot_where": "Kungsholmen, tre gator kring Fridhemsplan",
            "pilot_duration": "Sex månader",
            "pilot_needs": "Tillstånd att montera sensorer och tillgång till gatumark.",
            "pilot_effect": "Kortare söktid och mindre trafik på jakt efter laddplats.",
        },
        comments=(
            (
                "trafik",
                "Trafikkontoret följer förslaget. Hur hanterar ni platser "
                "där en bil står kvar efter laddningen?",
                (
                    (
                        "foretag",
                        "Sensorn ser "
                        "om bilen laddar eller bara står; appen visar båda lägena.",
                    ),
                ),
            ),
        ),
    ),
    DemoIdea(
        "trygghetslarm",
        "akademi",
        "Forskning: hur äldre använder digitala trygghetslarm",
        "En studie med hemtjänsten om hur digitala larm används och upplevs.",
        "Vi vill följa 200 personer under ett år, tillsammans med staden, och ta "
        "reda på när larmen hjälper och när de mest oroar.",
        ("liv", "dem"),
        kind="research",
        tags=("äldre", "hälsa"),
        status="project",
        supporters=9,
        days_ago=300,
        answer="Tack! Äldreförvaltningen vill gärna vara med i studien.",
    ),
    DemoIdea(
        "cykelraknare",
        "invanare",
        "Räkna cyklar i realtid vid broarna",
        "Öppna data om cykeltrafiken så att staden kan planera bättre.",
        "Cykelräknare finns redan; gör dem öppna och i realtid, och visa siffrorna "
        "på en skylt vid bron.",
        ("eko",),
        tags=("cykel", "öppna data"),
        supporters=17,
        days_ago=62,
        comments=(
            ("c5", "Skylten vid Götgatan motiverar verkligen. Fler sådana!", ()),
            ("c13", "Data per timme vore guld för oss som planerar pendling.", ()),
        ),
    ),
    DemoIdea(
        "skolvag",
        "c0",
        "Trygga skolvägar med smarta övergångsställen",
        "Övergångsställen som lyser upp när ett barn närmar sig.",
        "Vid skolorna i Rinkeby korsar många barn stora gator i mörker. Sensorer "
        "kan tända extra ljus och varna bilister.",
        ("soc", "liv"),
        "rinkeby-kista",
        tags=("trafik", "barn", "skola"),
        status="accepted: Trafikkontoret testar tekniken vid två skolor nästa "
        "läsår och utvärderar effekten på hastigheterna.",
        supporters=23,
        days_ago=120,
        picture="Ett övergångsställe med blinkande ljus",
        answer="Vi börjar vid Knutbyskolan och Kvarnbyskolan i augusti.",
    ),
    DemoIdea(
        "bibliotek",
        "c4",
        "Digital hjälp på biblioteket varje vecka",
        "Fast tid då man kan få hjälp med BankID, e-tjänster och appar.",
        "Många i Tensta behöver hjälp att komma igång med digitala tjänster. "
        "Biblioteket är rätt plats: tryggt, nära och gratis.",
        ("soc", "dem"),
        "spanga-tensta",
        tags=("digital delaktighet", "bibliotek"),
        status="implemented",
        supporters=31,
        days_ago=400,
    ),
    DemoIdea(
        "solceller",
        "c1",
        "Solceller på skolornas tak",
        "Alla skoltak med rätt läge får solceller och en skärm som visar elen.",
        "Eleverna kan följa hur mycket el taket ger. Det blir både undervisning och "
        "lägre elkostnader.\n\n- Börja med de nyaste skolorna\n- Öppna data om "
        "produktionen",
        ("eko", "ekn"),
        "bromma",
        tags=("energi", "skola"),
        status="under_review: Skolfastigheter ser över vilka tak som klarar "
        "vikten och har rätt läge.",
        supporters=19,
        days_ago=75,
        picture="Solpaneler på ett platt skoltak",
    ),
    DemoIdea(
        "solceller2",
        "c18",
        "Solpaneler på alla skolor",
        "Sätt solpaneler på skolorna så att barnen lär sig om energi.",
        "Skoltaken står tomma. Solpaneler skulle ge el och vara bra för klimatet.",
        ("eko",),
        "ostermalm",
        tags=("energi",),
        status="duplicate:solceller: Samma förslag som ”Solceller på skolornas "
        "tak”; diskussionen och stödet samlas där.",
        supporters=4,
        days_ago=40,
    ),
    DemoIdea(
        "sophamtning",
        "c7",
        "Sopkärl som säger till när de är fulla",
        "Sensorer i kärlen så att sopbilen bara kör dit det behövs.",
        "Färre tomma körningar ger mindre buller och utsläpp. Skärholmens centrum "
        "kan vara först.",
        ("eko", "ekn"),
        "skarholmen",
        tags=("avfall", "sensorer"),
        supporters=8,
        days_ago=30,
    ),
    DemoIdea(
        "parkering",
        "c17",
        "Visa lediga parkeringsplatser i realtid",
        "En öppen karta över lediga platser i gatumark och garage.",
        "Mycket trafik i innerstaden är bilar som letar parkering. Garagen har redan "
        "datan; den behöver bli öppen.",
        ("eko", "ftg"),
        "kungsholmen",
        challenge="effektiv-mobilitet",
        tags=("parkering", "öppna data"),
        supporters=12,
        days_ago=18,
    ),
    DemoIdea(
        "busshallplats",
        "c10",
        "Busshållplatser som visar tillgängliga bussar",
        "Skärmar som visar om nästa buss har plats för rullstol och barnvagn.",
        "Den som åker rullstol vet aldrig om platsen redan är upptagen. Bussarna "
        "vet; berätta det vid hållplatsen.",
        ("soc", "liv"),
        "norrmalm",
        challenge="effektiv-mobilitet",
        tags=("kollektivtrafik", "tillgänglighet"),
        supporters=15,
        days_ago=16,
    ),
    DemoIdea(
        "lanecykel",
        "c14",
        "Lånecyklar även i ytterstaden",
        "Stadens lånecyklar ska finnas vid alla tunnelbanestationer.",
        "I Bromma och Hässelby finns nästan inga stationer. Sista biten hem är "
        "den som avgör om man tar bilen.",
        ("eko", "soc"),
        "hasselby-vallingby",
        challenge="effektiv-mobilitet",
        tags=("cykel", "mobilitet"),
        supporters=21,
        days_ago=14,
    ),
    DemoIdea(
        "samakning",
        "c19",
        "Samåkning till jobbet i Kista",
        "En app där kollegor i samma område hittar varandra för samåkning.",
        "Många pendlar från Enskede till Kista i var sin bil. Matchning efter "
        "arbetstid och adress skulle halvera bilarna.",
        ("eko", "ftg"),
        "enskede-arsta-vantor",
        challenge="effektiv-mobilitet",
        tags=("samåkning",),
        supporters=3,
        days_ago=12,
    ),
    DemoIdea(
        "vattenkvalitet",
        "akademi",
        "Forskning: sensorer för vattenkvaliteten i Mälaren",
        "Mät algblomning och bakterier i realtid vid badplatserna.",
        "Vi föreslår ett forskningssamarbete om billiga sensorer som varnar innan "
        "proverna hunnit analyseras.",
        ("eko", "liv"),
        "hagersten-alvsjo",
        kind="research",
        challenge="rent-vatten",
        tags=("vatten", "bad"),
        supporters=10,
        days_ago=50,
        comments=(
            (
                "c12",
                "Vi badar vid Mälarhöjdsbadet varje sommar. Skulle älska en "
                "varning i appen.",
                (),
            ),
        ),
    ),
    DemoIdea(
        "dricksvatten",
        "c3",
        "Fler dricksvattenfontäner med karta",
        "Fontäner i parker och torg, och en karta som visar vilka som fungerar.",
        "Gratis vatten minskar plastflaskorna. Kartan kan få data från fontänerna "
        "själva.",
        ("eko", "liv"),
        "farsta",
        challenge="rent-vatten",
        tags=("vatten", "parker"),
        supporters=13,
        days_ago=45,
    ),
    DemoIdea(
        "dagvatten",
        "c11",
        "Varning för översvämning vid skyfall",
        "Nivåsensorer i dagvattenbrunnar som varnar boende i låglänta områden.",
        "Vid skyfallen i somras stod vattnet högt i Skarpnäck. En sms-varning hade "
        "hunnit rädda källarförråden.",
        ("eko", "soc"),
        "skarpnack",
        challenge="rent-vatten",
        tags=("klimatanpassning", "vatten"),
        supporters=9,
        days_ago=44,
    ),
    DemoIdea(
        "energikoll",
        "c8",
        "Energikoll för hushåll i allmännyttan",
        "En enkel vy som visar hushållets el och värme jämfört med grannarna.",
        "Den som ser sin förbrukning sparar. Bostadsbolagen har redan mätarna.",
        ("eko", "ekn"),
        "kungsholmen",
        challenge="energieffektiva-hem",
        tags=("energi", "boende"),
        status="accepted: Bostadsbolagen tar med förslaget i sin plan för "
        "digitala tjänster till hyresgästerna.",
        supporters=16,
        days_ago=90,
    ),
    DemoIdea(
        "varmepumpar",
        "foretag",
        "Pilot: styr värmen efter väderprognosen",
        "Fastigheter som värmer i förväg när kylan kommer, i stället för efteråt.",
        "Vår styrning läser SMHI:s prognos och sparar tio procent på värmen i "
        "äldre fastigheter.",
        ("eko", "ekn", "ftg"),
        "hagersten-alvsjo",
        kind="pilot",
        challenge="energieffektiva-hem",
        tags=("energi", "fastigheter"),
        status="not_selected: Flera bostadsbolag använder redan prognosstyrning; "
        "staden väljer att inte upphandla en pilot till.",
        supporters=7,
        days_ago=95,
        pilot={
            "pilot_what": "Prognosstyrd värme i tio flerbostadshus.",
            "pilot_where": "Fastigheter i Hägersten-Älvsjö",
            "pilot_duration": "En eldningssäsong",
            "pilot_needs": "Tillgång till fastigheternas styrsystem.",
            "pilot_effect": "Lägre energianvändning och jämnare inomhustemperatur.",
        },
    ),
    DemoIdea(
        "belysning",
        "c15",
        "Gatlampor som dimmar när ingen är där",
        "Belysning som lyser starkt när någon går förbi och dimmar annars.",
        "Sparar el och minskar ljusföroreningar, utan att det blir otryggt.",
        ("eko", "ekn"),
        "bromma",
        challenge="energieffektiva-hem",
        tags=("belysning", "energi"),
        supporters=12,
        days_ago=92,
    ),
    DemoIdea(
        "teckensprak",
        "c20",
        "Stadens e-tjänster på teckenspråk",
        "Filmade instruktioner på teckenspråk för de vanligaste e-tjänsterna.",
        "För många döva är svenska ett andraspråk. Korta filmer skulle göra "
        "tjänsterna begripliga.",
        ("soc", "dem"),
        challenge="teknik-for-lika-mojligheter",
        tags=("tillgänglighet", "e-tjänster"),
        status="accepted: Stadsledningskontoret lägger in filmerna i den nya "
        "webbplattformen.",
        supporters=18,
        days_ago=210,
    ),
    DemoIdea(
        "lattlast",
        "c22",
        "Lättläst version av alla beslut",
        "Varje beslut i nämnderna får en sammanfattning på lättläst svenska.",
        "Demokrati kräver att man förstår vad som beslutas. En lättläst "
        "sammanfattning hjälper alla.",
        ("dem", "soc"),
        "skarholmen",
        challenge="teknik-for-lika-mojligheter",
        tags=("klarspråk", "demokrati"),
        supporters=14,
        days_ago=205,
    ),
    DemoIdea(
        "wifi",
        "c16",
        "Gratis wifi i alla parker och på torgen",
        "Öppet nät där människor möts, så att ingen står utanför.",
        "Den som inte har råd med stort datapaket ska ändå kunna söka jobb och "
        "göra läxor utomhus.",
        ("soc", "dem"),
        "farsta",
        challenge="teknik-for-lika-mojligheter",
        tags=("uppkoppling",),
        status="not_selected: Stokab bygger ut fibern till alla skolor och "
        "bibliotek först; öppna nät i parker prövas inte nu.",
        supporters=20,
        days_ago=200,
    ),
    DemoIdea(
        "hemtjanst",
        "c6",
        "Se när hemtjänsten kommer",
        "En app där anhöriga och brukare ser när besöket är på väg.",
        "Min mamma sitter och väntar i timmar. Ett sms när personalen är på väg "
        "skulle ge lugn.",
        ("liv", "soc"),
        "hasselby-vallingby",
        challenge="ett-battre-liv-for-aldre",
        tags=("äldre", "hemtjänst"),
        supporters=8,
        days_ago=7,
    ),
    DemoIdea(
        "videosamtal",
        "c21",
        "Videosamtal med läkaren från äldreboendet",
        "Surfplattor och hjälp på plats för vårdbesök på distans.",
        "Att åka till vårdcentralen är ett heldagsprojekt för många äldre. Ett "
        "videosamtal räcker ofta.",
        ("liv",),
        "spanga-tensta",
        challenge="ett-battre-liv-for-aldre",
        tags=("vård", "äldre"),
        supporters=5,
        days_ago=5,
    ),
    DemoIdea(
        "fallsensor",
        "foretag",
        "Pilot: golvsensorer som upptäcker fall",
        "Sensorer i golvet som larmar när någon fallit och inte reser sig.",
        "Tekniken används i Danmark. Ingen kamera behövs och integriteten skyddas.",
        ("liv", "ftg"),
        "farsta",
        kind="pilot",
        challenge="ett-battre-liv-for-aldre",
        tags=("äldre", "trygghet"),
        supporters=4,
        days_ago=4,
        pilot={
            "pilot_what": "Golvsensorer i 20 lägenheter på ett servicehus.",
            "pilot_where": "Ett servicehus i Farsta",
            "pilot_duration": "Tolv månader",
            "pilot_needs": "Ett servicehus som vill delta, och samtycke från de boende.",
        },
    ),
    DemoIdea(
        "oppnadata",
        "c13",
        "Samla stadens öppna data på ett ställe",
        "En portal med all öppen data, med exempel och kontaktperson.",
        "Idag är datan utspridd. Utvecklare ger upp innan de hittar den.",
        ("ftg", "dem"),
        tags=("öppna data",),
        supporters=12,
        days_ago=110,
        status="project",
    ),
    DemoIdea(
        "lekplats",
        "c9",
        "Rätta fel på lekplatser direkt från mobilen",
        "Fota en trasig gunga, skicka, och se när den blivit lagad.",
        "Felanmälan finns, men man får aldrig veta vad som hände. Visa status "
        "öppet, som en karta.",
        ("liv", "dem"),
        "kungsholmen",
        tags=("lekplatser", "felanmälan"),
        supporters=7,
        days_ago=25,
    ),
    DemoIdea(
        "trad",
        "c2",
        "Sensorer som vattnar stadens nya träd",
        "Jordfuktsensorer som säger till när de unga träden behöver vatten.",
        "Många nyplanterade träd dör första sommaren. Sensorerna skulle tala om "
        "vilka som behöver vatten.",
        ("eko",),
        "sodermalm",
        tags=("träd", "sensorer"),
        supporters=9,
        days_ago=33,
        picture="Ett ungt träd med en liten sensor i jorden",
    ),
    DemoIdea(
        "bullerkarta",
        "akademi",
        "Forskning: en levande bullerkarta",
        "Billiga mikrofoner som mäter ljudnivå, inte samtal, över hela staden.",
        "Vi vill undersöka hur buller påverkar sömn och hälsa, kvarter för kvarter, "
        "med data som alla kan använda.",
        ("liv", "eko"),
        "norrmalm",
        kind="research",
        tags=("buller", "hälsa"),
        supporters=6,
        days_ago=28,
    ),
    DemoIdea(
        "vinterunderhall",
        "c12",
        "Se var det är plogat och sandat",
        "En karta i realtid över snöröjningen, från plogbilarnas GPS.",
        "Den som går med rollator vill veta om gångvägen är sandad innan hen går ut.",
        ("liv", "soc"),
        "hagersten-alvsjo",
        tags=("vinter", "gång"),
        supporters=15,
        days_ago=60,
        status="under_review: Trafikkontoret undersöker om entreprenörernas "
        "GPS-data kan bli öppen.",
    ),
    DemoIdea(
        "foreningslokaler",
        "c23",
        "Boka stadens lokaler digitalt",
        "Föreningar bokar lediga skollokaler och samlingssalar i en tjänst.",
        "Lokalerna står tomma på kvällarna. En bokning med digitalt lås gör dem "
        "tillgängliga.",
        ("dem", "soc"),
        "norrmalm",
        tags=("föreningar", "lokaler"),
        supporters=10,
        days_ago=38,
    ),
    DemoIdea(
        "sprakcafe",
        "c4",
        "Digitalt språkcafé för nyanlända",
        "Videoträffar där nyanlända övar svenska med volontärer.",
        "Språkcaféerna på biblioteken är fulla. En digital variant når fler, även "
        "den som arbetar kvällar.",
        ("soc",),
        "spanga-tensta",
        tags=("språk", "integration"),
        supporters=11,
        days_ago=55,
    ),
    DemoIdea(
        "luftkvalitet",
        "c19",
        "Luftkvaliteten vid förskolorna",
        "Mät luften vid varje förskola och visa den för föräldrarna.",
        "Förskolor nära stora vägar kan planera utevistelsen efter luften.",
        ("liv", "eko"),
        "enskede-arsta-vantor",
        tags=("luft", "förskola"),
        supporters=13,
        days_ago=22,
    ),
    DemoIdea(
        "matsvinn",
        "foretag",
        "Pilot: mindre matsvinn i skolköken",
        "En våg och en app som mäter svinnet och föreslår mängder.",
        "Vår tjänst har minskat svinnet med en tredjedel i andra kommuner.",
        ("eko", "ekn", "ftg"),
        "skarpnack",
        kind="pilot",
        tags=("mat", "skola"),
        supporters=5,
        days_ago=35,
        pilot={
            "pilot_what": "Vågar och prognoser i fem skolkök.",
            "pilot_where": "Fem skolor i Skarpnäck",
            "pilot_duration": "En termin",
            "pilot_needs": "Skolkök som vill delta och data om antal ätande.",
            "pilot_effect": "Mindre matsvinn och lägre kostnader.",
        },
    ),
    DemoIdea(
        "medborgarbudget",
        "c10",
        "Låt invånarna rösta om en del av budgeten",
        "Varje stadsdel avsätter en summa som invånarna fördelar digitalt.",
        "Medborgarbudget finns i Paris och Madrid. Det väcker intresse för "
        "politiken och ger bättre förslag.",
        ("dem",),
        tags=("demokrati", "budget"),
        supporters=24,
        days_ago=140,
        status="under_review: Stadsledningskontoret utreder en försöksverksamhet "
        "i två stadsdelar.",
        comments=(
            (
                "c22",
                "Viktigt att det går att rösta även utan BankID, till exempel "
                "på biblioteket.",
                (("admin", "Bra poäng. Det är med i utredningen."),),
            ),
        ),
    ),
    DemoIdea(
        "kollektivtrafikdata",
        "c5",
        "Förseningar i realtid på skärmar i trapphusen",
        "Skärmar i hyreshusens entréer som visar avgångar och förseningar.",
        "Man hinner vända och ta en annan väg innan man står på perrongen.",
        ("liv",),
        "skarholmen",
        tags=("kollektivtrafik",),
        supporters=6,
        days_ago=26,
    ),
    DemoIdea(
        "stadsodling",
        "c14",
        "Odlingslotter som bokas och bevattnas smart",
        "Bokning av odlingslotter och sensorer som styr bevattningen.",
        "Kön till odlingslotterna är lång. En tydlig bokning och mindre vattenspill "
        "gör att fler får plats.",
        ("eko", "soc"),
        "bromma",
        tags=("odling",),
        supporters=8,
        days_ago=19,
    ),
    DemoIdea(
        "snabbladdning",
        "trafik",
        "Snabbladdning för taxi och budbilar vid knutpunkter",
        "Stadens förslag: laddstationer för yrkestrafik vid stora knutpunkter.",
        "Yrkestrafiken kör mest och släpper ut mest. Den behöver ladda snabbt där "
        "den ändå stannar.",
        ("eko", "ftg"),
        "norrmalm",
        challenge="effektiv-mobilitet",
        tags=("laddning", "yrkestrafik"),
        supporters=7,
        days_ago=11,
    ),
    DemoIdea(
        "gangvagar",
        "c20",
        "Sensorer som tinar gångvägar i uppförsbackar",
        "Värmeslingor som bara slås på när det är halt.",
        "Backarna i Skärholmen blir farliga varje vinter. Värmen behövs bara de "
        "dagar det är halt.",
        ("liv", "eko"),
        "skarholmen",
        tags=("vinter", "gång"),
        supporters=3,
        days_ago=8,
        status="withdrawn: Trafikkontoret värmer redan de brantaste backarna, så "
        "jag drar tillbaka idén och följer deras arbete i stället.",
    ),
    DemoIdea(
        "e-tjanst-hjalp",
        "c6",
        "Ring och få hjälp med stadens e-tjänster",
        "En telefonlinje där någon guidar en genom e-tjänsten steg för steg.",
        "Min pappa ger upp när det krånglar. Med någon i telefon hade han klarat "
        "ansökan själv.",
        ("soc", "dem"),
        "hasselby-vallingby",
        tags=("e-tjänster", "hjälp"),
        supporters=12,
        days_ago=3,
    ),
)

# The strategy's priority projects: (key, data, goals, milestones, indicators,
# origin idea keys). Milestones: (title, months from today, done months ago or
# None). Indicators: (name, unit, baseline, target, goal, values per quarter
# for the last two years).
PROJECTS = (
    {
        "key": "tekniska-forutsattningar",
        "title": "Tekniska förutsättningar för en uppkopplad stad",
        "summary": "Fiber och ett gemensamt nät för sensorer i hela staden, så att "
        "verksamheterna slipper bygga var sitt.",
        "description": "Ett **förutsättningsprojekt** i strategin. AB Stokab bygger "
        "ut fibern och ett gemensamt nät för sakernas internet (LoRaWAN) som alla "
        "förvaltningar och bolag kan använda.",
        "kind": "prerequisite",
        "owner_kind": "company_board",
        "owner_name": "AB Stokab",
        "contact": "stokab@example.org",
        "budget": 18_500_000,
        "progress": 70,
        "goals": ("ekn", "ftg"),
        "milestones": (
            ("Nätet täcker innerstaden", -14, 14),
            ("Nätet täcker ytterstaden", -4, 3),
            ("Alla skolor och bibliotek har fiber", 5, None),
        ),
        "indicators": (
            (
                "Sensorer anslutna till stadens nät",
                "st",
                0,
                20_000,
                "ekn",
                (600, 1_500, 3_200, 5_100, 7_900, 10_400, 12_800, 14_700),
            ),
        ),
        "ideas": (),
    },
    {
        "key": "oppna-och-delade-data",
        "title": "Öppna och delade data",
        "summary": "Stadens data publiceras öppet och delas mellan förvaltningarna "
        "på en gemensam plattform.",
        "description": "Ett **förutsättningsprojekt**: en portal för öppna data med "
        "beskrivningar, licenser (CC0) och kontaktpersoner, och regler för hur "
        "förvaltningarna delar data med varandra.",
        "kind": "prerequisite",
        "owner_kind": "committee",
        "owner_name": "Kommunstyrelsen (Stadsledningskontoret)",
        "contact": "oppnadata@example.org",
        "budget": 6_200_000,
        "progress": 55,
        "goals": ("dem", "ftg"),
        "milestones": (
            ("Portalen öppnar", -12, 12),
            ("Alla förvaltningar har en datakontakt", -2, 1),
            ("Hundra datamängder publicerade", 6, None),
        ),
        "indicators": (
            (
                "Publicerade datamängder",
                "st",
                12,
                100,
                "dem",
                (14, 19, 25, 33, 41, 52, 60, 71),
            ),
        ),
        "ideas": ("oppnadata",),
    },
    {
        "key": "smarta-las",
        "title": "Smarta lås i hemtjänsten",
        "summary": "Digitala lås ersätter nyckelhanteringen i hemtjänsten: säkrare "
        "för brukarna och mer tid för omsorg.",
        "description": "Ett **verksamhetsprojekt**. Personalen öppnar med mobilen i "
        "stället för att hämta nycklar på kontoret, och varje öppning loggas.",
        "kind": "operational",
        "owner_kind": "committee",
        "owner_name": "Äldrenämnden",
        "contact": "aldreforvaltningen@example.org",
        "budget": 9_800_000,
        "progress": 85,
        "goals": ("liv", "ekn"),
        "milestones": (
            ("Lås i tre stadsdelar", -16, 15),
            ("Lås i alla stadsdelar", -3, 2),
            ("Utvärdering av tidsvinsten", 3, None),
        ),
        "indicators": (
            (
                "Hushåll med digitalt lås",
                "st",
                0,
                12_000,
                "liv",
                (900, 2_100, 3_800, 5_600, 7_300, 8_900, 10_200, 11_100),
            ),
            (
                "Tid för nyckelhantering per besök",
                "minuter",
                9,
                1,
                "ekn",
                (8, 7, 6, 4.5, 3.5, 2.5, 2, 1.5),
            ),
        ),
        "ideas": (),
    },
    {
        "key": "sensorer-i-vattennatet",
        "title": "Uppkopplade sensorer i vattennätet",
        "summary": "Sensorer i ledningarna hittar läckor innan de blir stora och "
        "sparar dricksvatten.",
        "description": "Ett **verksamhetsprojekt** med Stockholm Vatten och Avfall. "
        "Akustiska sensorer lyssnar efter läckor; tryck och flöde mäts i realtid.",
        "kind": "operational",
        "owner_kind": "company_board",
        "owner_name": "Stockholm Vatten och Avfall AB",
        "contact": "vatten@example.org",
        "budget": 12_000_000,
        "progress": 45,
        "goals": ("eko", "ekn"),
        "milestones": (
            ("Sensorer i första mätområdet", -15, 15),
            ("Läckor larmar direkt till driftcentralen", -5, 5),
            ("Hela nätet i innerstaden mäts", 8, None),
        ),
        "indicators": (
            (
                "Läckor upptäckta innan de syns",
                "st",
                0,
                400,
                "eko",
                (12, 35, 61, 98, 140, 176, 215, 248),
            ),
            (
                "Vatten som läcker ut ur nätet",
                "%",
                16,
                10,
                "eko",
                (15.8, 15.5, 15.1, 14.6, 14.0, 13.6, 13.1, 12.7),
            ),
        ),
        "ideas": (),
    },
)
