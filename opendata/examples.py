"""Examples in the API's OpenAPI document: what an answer looks like, in the
shape the schema describes (a test validates each against it)."""

from drf_spectacular.utils import OpenApiExample

SITE = "https://idestad.stockholm.se"

IDEA = {
    "id": 29,
    "url": f"{SITE}/sv/ideas/29-sensorer-som-vattnar-stadens-nya-trad/",
    "title": "Sensorer som vattnar stadens nya träd",
    "summary": "Jordfuktsensorer som säger till när de unga träden behöver vatten.",
    "body": "Många nyplanterade träd dör första sommaren. **Sensorerna** skulle "
    "tala om vilka som behöver vatten.",
    "kind": "idea",
    "status": "accepted",
    "author": {"name": "Sofia Berg", "role": "resident"},
    "organisation": None,
    "goals": [
        {
            "id": 7,
            "title": "Ekologiskt hållbar",
            "url": f"{SITE}/sv/strategi/ekologiskt-hallbar/",
        }
    ],
    "district": {"slug": "sodermalm", "name": "Södermalm"},
    "challenge": None,
    "published_at": "2026-10-30T13:41:37+01:00",
    "edited_at": None,
    "support_count": 12,
    "supports_by_role": {"resident": 11, "company": 1},
    "comment_count": 3,
    "official_answer": {
        "text": "Trafikkontoret testar sensorerna i tre parker våren 2027.",
        "unit": "Trafikkontoret",
        "at": "2026-11-20T09:12:00+01:00",
    },
    "status_history": [
        {
            "status": "accepted",
            "previous_status": "submitted",
            "reason": "Passar målet om ett ekologiskt hållbart Stockholm.",
            "at": "2026-11-20T09:10:00+01:00",
            "by_role": "city_staff",
            "by_unit": "Trafikkontoret",
        }
    ],
}

COMMENT = {
    "id": 23,
    "url": f"{SITE}/sv/discussion/posts/23/link/",
    "idea": 29,
    "project": None,
    "challenge": None,
    "thread": None,
    "parent": None,
    "author": {"name": "Oskar Fors", "role": "resident"},
    "is_official": False,
    "official_unit": "",
    "with_assistance": False,
    "body": "Kan sensorerna också mäta **temperatur**?",
    "body_html": "<p>Kan sensorerna också mäta <strong>temperatur</strong>?</p>",
    "created_at": "2026-11-02T10:41:38+01:00",
    "edited_at": None,
}


def example(name: str, value: dict) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=["200"])
