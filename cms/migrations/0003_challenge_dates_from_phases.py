"""A challenge's dates are its phases: a challenge that had dates but no
phases gets one ideation phase over those dates (and a closed phase after),
so it reads as before; then the two date fields go."""

import datetime

from django.db import migrations


def phases_from_dates(apps, schema_editor):
    ChallengePage = apps.get_model("cms", "ChallengePage")
    ChallengePhase = apps.get_model("cms", "ChallengePhase")
    with_phases = ChallengePhase.objects.values("page_id")
    for page in ChallengePage.objects.exclude(pk__in=with_phases):
        ChallengePhase.objects.create(
            page=page,
            kind="ideation",
            starts_on=page.opens_on,
            ends_on=page.closes_on,
            sort_order=0,
        )
        if page.closes_on is not None:
            ChallengePhase.objects.create(
                page=page,
                kind="closed",
                starts_on=page.closes_on + datetime.timedelta(days=1),
                ends_on=None,
                sort_order=1,
            )


def dates_from_phases(apps, schema_editor):
    ChallengePage = apps.get_model("cms", "ChallengePage")
    for page in ChallengePage.objects.all():
        phases = list(page.phases.order_by("starts_on"))
        if not phases:
            continue
        taking_part = [p for p in phases if p.kind != "closed"]
        page.opens_on = phases[0].starts_on
        page.closes_on = max(
            (p.ends_on for p in taking_part if p.ends_on), default=None
        )
        page.save(update_fields=["opens_on", "closes_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_challengepage_support_budget_challengephase"),
    ]

    operations = [
        migrations.RunPython(phases_from_dates, dates_from_phases),
        migrations.RemoveField(model_name="challengepage", name="closes_on"),
        migrations.RemoveField(model_name="challengepage", name="opens_on"),
    ]
