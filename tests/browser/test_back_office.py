"""A moderator's day in the back office (Wagtail admin), in real Chromium: sign
in with TOTP, follow the dashboard's waiting ideas to the oldest, answer it,
mark another as a duplicate through the chooser, promote a third into a
project, add an indicator with two measured values and complete a milestone.
The public pages show each result; the authors were told."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from backoffice.selectors import waiting_q
from ideas.models import Idea, IdeaStatus, Project
from notifications.models import Notification, NotificationKind
from notifications.services import follow_add
from opendata.models import WebhookDelivery, WebhookEndpoint
from tests.browser.axe import serious_axe_violations
from tests.browser.test_ideas import PASSWORD, signed_in
from tests.ideas.factories import IdeaFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_admin_view_accessible(page: Page) -> None:
    """Our own views: the admin's main area. Wagtail's menu and its message
    banners (whose green fails contrast in Wagtail 8) are Wagtail's pages."""
    violations = serious_axe_violations(
        page, context={"include": [["main"]], "exclude": [[".messages"]]}
    )
    assert not violations, f"axe on {page.url}: " + "; ".join(
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    )


def test_a_moderator_does_the_whole_job_from_the_admin(
    chromium, asgi_live_server, demo_live_site
):
    live = asgi_live_server
    moderator = StaffFactory(
        password=PASSWORD, group="Moderators", unit="Stadsledningskontoret"
    )
    oldest = Idea.objects.filter(waiting_q()).order_by("published_at", "pk").first()
    original = Idea.objects.filter(waiting_q()).order_by("-published_at").first()
    repeat = IdeaFactory(title="Läckor i vattenledningarna igen")
    accepted = IdeaFactory(title="Sensorer i dagvattnet", status=IdeaStatus.ACCEPTED)
    for idea in (repeat, accepted):  # as publishing does
        follow_add(actor=idea.author, target=idea, check=False)

    page = signed_in(chromium, live, moderator.email)
    page.goto(live.url("/admin/"))
    assert_admin_view_accessible(page)
    page.get_by_role("link", name=re.compile("idéer väntar på officiellt svar")).click()
    expect(page.locator("table.listing tbody tr").first).to_contain_text(oldest.title)
    assert_admin_view_accessible(page)

    # The oldest waiting idea gets its official answer.
    page.locator("table.listing tbody tr").first.get_by_role("link").click()
    expect(page.locator("h2#idea-heading")).to_contain_text(oldest.title)
    assert_admin_view_accessible(page)
    page.locator("#id_text").fill("Trafikkontoret utreder frågan i vår.")
    page.get_by_role("button", name="Publicera svaret").click()
    expect(page.get_by_text("Det officiella svaret har publicerats.")).to_be_visible()

    # Another is a duplicate: the original is chosen by searching for it.
    page.goto(live.url(f"/admin/idestad/ideas/{repeat.pk}/"))
    page.locator("#status_status").select_option("duplicate")
    page.locator("#status_reason").fill("Samma förslag finns redan.")
    page.get_by_role("button", name="Välj den ursprungliga idén").click()
    modal = page.locator(".modal")
    modal.get_by_role("textbox").first.fill(original.title[:20])
    modal.get_by_role("link", name=original.title).click()
    expect(page.locator("[data-chooser-title]").first).to_have_text(original.title)
    page.get_by_role("button", name="Ändra status").click()
    expect(page.get_by_text("Statusen har ändrats.")).to_be_visible()

    # A third becomes a project, with an indicator and a milestone.
    page.goto(live.url(f"/admin/idestad/ideas/{accepted.pk}/"))
    page.get_by_role("link", name="Gör den till ett projekt").click()
    expect(page.locator("#id_reason")).to_be_visible()
    assert_admin_view_accessible(page)
    page.locator("#id_kind").select_option("operational")
    page.locator("#id_owner_kind").select_option("committee")
    page.locator("#id_owner_name").fill("Miljö- och hälsoskyddsnämnden")
    page.locator("#id_contact").fill("miljo@example.org")
    page.locator("#id_starts_on").fill("2026-01-15")
    page.locator("#id_reason").fill("Idén blir ett projekt i år.")
    page.get_by_role("button", name="Skapa projektet").click()
    expect(page.get_by_text("Projektet har skapats.")).to_be_visible()
    project = Project.objects.get(origin_ideas=accepted)
    assert_admin_view_accessible(page)

    page.locator("#id_new_i-name").fill("Provpunkter med sensor")
    page.locator("#id_new_i-unit").fill("st")
    page.locator("#id_new_i-baseline").fill("0")
    page.locator("#id_new_i-target").fill("25")
    page.get_by_role("button", name="Lägg till indikatorn").click()
    expect(page.get_by_text("Indikatorn har lagts till.")).to_be_visible()
    indicator = project.indicators.get()
    for day, value in (("2026-03-31", "6"), ("2026-06-30", "11")):
        page.locator(f"#id_nv{indicator.pk}-measured_on").fill(day)
        page.locator(f"#id_nv{indicator.pk}-value").fill(value)
        page.locator(f"#id_nv{indicator.pk}-source").fill(
            "Miljöförvaltningens mätningar"
        )
        page.get_by_role("button", name="Spara värdet").click()
        expect(page.get_by_text("Värdet har sparats.")).to_be_visible()
    page.locator("#id_new_m-title").fill("Sensorer på plats")
    page.locator("#id_new_m-due_on").fill("2026-05-01")
    page.get_by_role("button", name="Lägg till delmålet").click()
    page.get_by_role("button", name="Klar i dag").click()
    expect(page.get_by_text("Delmålet är klart.")).to_be_visible()
    assert_admin_view_accessible(page)

    # The public pages show each result.
    page.goto(live.url(oldest.get_absolute_url()))
    expect(
        page.get_by_role("paragraph").filter(has_text="Trafikkontoret utreder frågan")
    ).to_be_visible()
    page.goto(live.url(repeat.get_absolute_url()))  # a duplicate leads to its original
    expect(page.locator("h1")).to_have_text(original.title)
    expect(page.get_by_text("var en dubblett")).to_be_visible()
    page.goto(live.url(project.get_absolute_url()))
    expect(page.get_by_text("Provpunkter med sensor").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("11")
    expect(page.locator("main")).to_contain_text("Sensorer på plats")

    # The authors (who follow their own ideas) were told.
    told = set(
        Notification.objects.filter(
            kind__in=[
                NotificationKind.ANSWERED,
                NotificationKind.STATUS_CHANGED,
                NotificationKind.MERGED,
                NotificationKind.PROMOTED,
            ]
        ).values_list("recipient_id", "kind")
    )
    assert (oldest.author_id, NotificationKind.ANSWERED) in told
    # A merge tells the duplicate's people where the conversation went, once.
    assert (repeat.author_id, NotificationKind.MERGED) in told
    assert (repeat.author_id, NotificationKind.STATUS_CHANGED) not in told
    assert (accepted.author_id, NotificationKind.PROMOTED) in told
    repeat.refresh_from_db()
    assert repeat.duplicate_of_id == original.pk


def test_every_back_office_view_passes_axe(chromium, asgi_live_server, demo_live_site):
    """Our own admin views, with the demo's data in them (no JavaScript errors
    either: the page fixture's check is the one in signed_in's context)."""
    live = asgi_live_server
    moderator = StaffFactory(password=PASSWORD, group="Moderators")
    page = signed_in(chromium, live, moderator.email)
    idea = Idea.objects.filter(waiting_q()).first()
    project = Project.objects.first()
    for path in (
        "/admin/idestad/ideas/?waiting=on",
        f"/admin/idestad/ideas/{idea.pk}/",
        "/admin/idestad/answer-times/",
        "/admin/idestad/moderation/",
        "/admin/idestad/organisations/",
        "/admin/idestad/organisations/all/",
        "/admin/idestad/projects/",
        f"/admin/idestad/projects/{project.pk}/",
        "/admin/idestad/follow-up/",
        "/admin/idestad/assisted/",
    ):
        page.goto(live.url(path))
        expect(page.locator("main")).to_be_visible()
        assert_admin_view_accessible(page)


def test_the_webhook_pages_pass_axe(chromium, asgi_live_server, demo_live_site):
    live = asgi_live_server
    staff = StaffFactory(password=PASSWORD)
    endpoint = WebhookEndpoint.objects.create(
        name="Kista-appen", url="https://example.org/hook", events=["idea.created"]
    )
    now = timezone.now()
    WebhookDelivery.objects.create(
        endpoint=endpoint, event="idea.created", stream="idea.1", stream_seq=1,
        occurred_at=now, next_attempt_at=now, give_up_at=now, attempts=3,
        status=WebhookDelivery.Status.FAILED, response_code=500,
        response_excerpt="Internal error",
    )  # fmt: skip
    page = signed_in(chromium, live, staff.email)
    for name, args in (
        ("webhooks:index", []),
        ("webhooks:add", []),
        ("webhooks:edit", [endpoint.pk]),
        ("webhooks:deliveries", [endpoint.pk]),
    ):
        page.goto(live.url(reverse(name, args=args)))
        expect(page.locator("main")).to_be_visible()
        assert_admin_view_accessible(page)
    expect(page.get_by_text(endpoint.secret)).to_be_visible()
    page.get_by_role("button", name="Skicka igen").click()
    expect(page.get_by_text("Leveransen skickas igen nu.")).to_be_visible()
