"""A resident submits an idea linked to two goals; another person supports it; a
moderator accepts it with a reason; the author sees the timeline and a
notification. The submit-and-support steps also pass without JavaScript."""

import io
import re

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from tests.accounts.totp import totp_code
from tests.browser.axe import assert_no_serious_axe_violations
from tests.ideas.factories import StaffFactory, VerifiedUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


def signed_in(browser: Browser, live, email: str, *, javascript: bool = True) -> Page:
    context = browser.new_context(java_script_enabled=javascript, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live.url("/sv/account/login/"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if "/2fa/" in page.url:  # staff: the second factor, as from their app
        page.locator("input[name=code]").fill(current_code(email))
        page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    return page


def current_code(email: str) -> str:
    totp = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
    return totp_code(get_adapter().decrypt(totp.data["secret"]))


def png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (800, 500), (20, 110, 60)).save(output, format="PNG")
    return output.getvalue()


def submit_idea(
    page: Page, live, title: str, *, axe: bool, similar: bool = False
) -> str:
    page.goto(live.url("/sv/ideas/new/"))
    if axe:
        assert_no_serious_axe_violations(page)
    page.get_by_label("Rubrik").fill(title)
    page.get_by_label("Sammanfattning").fill("Sensorer som hittar läckor tidigt.")
    page.get_by_label("Beskrivning").fill("Vi vill **mäta** flödet i realtid.")
    goals = page.locator("input[name=goals]")
    goals.nth(0).check()
    goals.nth(1).check()
    page.locator("input[name=image]").set_input_files(
        files=[{"name": "brunn.png", "mimeType": "image/png", "buffer": png()}]
    )
    page.get_by_label("Beskriv bilden").fill("En brunn med en sensor")
    page.get_by_role("button", name="Publicera").click()
    if similar:
        # Like a demo idea, and the list was not seen while typing: a review
        # step shows the similar ideas before the idea is published.
        expect(page.locator("h1")).to_have_text("Innan du publicerar")
        expect(page.locator(".similar-ideas")).to_contain_text(
            "Samla stadens öppna data på ett ställe"
        )
        page.get_by_role("button", name="Det här är nytt, publicera ändå").click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.get_by_text("Din idé har publicerats.")).to_be_visible()
    expect(page.get_by_role("img", name="En brunn med en sensor")).to_be_visible()
    if axe:
        assert_no_serious_axe_violations(page)
    return page.url


def support(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Stöd den här idén").click()
    expect(page.locator("[data-support-count]")).to_have_text("1")
    expect(page.get_by_role("button", name="Ta tillbaka mitt stöd")).to_be_visible()


def test_submit_support_accept_and_follow_with_javascript(
    chromium, asgi_live_server, demo_live_site
):
    live = asgi_live_server
    author = VerifiedUserFactory(password=PASSWORD)
    supporter = VerifiedUserFactory(password=PASSWORD)
    moderator = StaffFactory(password=PASSWORD, group="Moderators")

    page = signed_in(chromium, live, author.email)
    url = submit_idea(page, live, "Läckagesensorer i vattennätet", axe=True)

    other = signed_in(chromium, live, supporter.email)
    support(other, url)
    # Updated in place: no reload, and the count survives one.
    other.reload()
    expect(other.locator("[data-support-count]")).to_have_text("1")

    staff = signed_in(chromium, live, moderator.email)
    staff.goto(url)
    staff.get_by_label("Ny status").select_option("accepted")
    staff.get_by_label("Offentlig motivering").fill("Passar målen om vatten.")
    staff.get_by_role("button", name="Ändra status").click()
    expect(staff.get_by_text("Statusen har ändrats.")).to_be_visible()

    page.goto(url)
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Antagen")
    expect(timeline).to_contain_text("Passar målen om vatten.")
    expect(page.locator("[data-unread-count]")).to_contain_text("1")
    page.get_by_role("link", name=re.compile("Aviseringar")).click()
    expect(page.get_by_role("link", name=re.compile("Läckagesensorer"))).to_be_visible()
    assert_no_serious_axe_violations(page)
    page.goto(live.url("/sv/ideas/"))
    expect(
        page.get_by_role("link", name="Läckagesensorer i vattennätet")
    ).to_be_visible()
    assert_no_serious_axe_violations(page)

    # The moderator makes the idea a project with one indicator.
    staff.goto(url)
    staff.get_by_role("link", name="Gör idén till ett projekt").click()
    assert_no_serious_axe_violations(staff)
    staff.locator("#id_kind").select_option("operational")
    staff.locator("#id_owner_kind").select_option("company_board")
    staff.locator("#id_owner_name").fill("Stockholm Vatten och Avfall")
    staff.locator("#id_contact").fill("projekt@example.org")
    staff.locator("#id_starts_on").fill("2026-12-01")
    staff.get_by_label("Offentlig motivering").fill("Blir ett projekt.")
    staff.locator("#id_indicator_name").fill("Läckor hittade")
    staff.locator("#id_indicator_unit").fill("st")
    staff.locator("#id_indicator_baseline").fill("0")
    staff.locator("#id_indicator_target").fill("40")
    staff.get_by_role("button", name="Skapa projektet").click()
    expect(staff.get_by_text("Projektet har skapats.")).to_be_visible()
    origin = staff.get_by_role("link", name="Läckagesensorer i vattennätet")
    expect(origin).to_be_visible()
    expect(staff.get_by_text("Läckor hittade").first).to_be_visible()
    assert_no_serious_axe_violations(staff)
    project_url = staff.url

    # The idea links forward to the project.
    page.goto(url)
    page.locator(".official-answer a").first.click()
    expect(page).to_have_url(project_url)


def test_submit_and_support_without_javascript(
    chromium, asgi_live_server, demo_live_site
):
    live = asgi_live_server
    author = VerifiedUserFactory(password=PASSWORD)
    supporter = VerifiedUserFactory(password=PASSWORD)
    page = signed_in(chromium, live, author.email, javascript=False)
    url = submit_idea(page, live, "Öppna data om luften", axe=False, similar=True)
    other = signed_in(chromium, live, supporter.email, javascript=False)
    support(other, url)
    expect(other.get_by_text("Tack för ditt stöd!")).to_be_visible()


def test_a_supporter_hears_live_and_reads_the_reason_on_the_timeline(
    chromium, asgi_live_server, demo_live_site
):
    """Close the loop: the supporter's bell rings without a reload when the city
    answers and decides, and the notification leads to the reason."""
    from ideas import supports
    from tests.ideas.factories import IdeaFactory

    live = asgi_live_server
    idea = IdeaFactory(title="Belysning längs Årstaviken")
    supporter = VerifiedUserFactory(password=PASSWORD)
    supports.support_add(actor=supporter, idea=idea)  # supporters follow
    moderator = StaffFactory(password=PASSWORD, group="Moderators")

    page = signed_in(chromium, live, supporter.email)
    page.goto(live.url(idea.get_absolute_url()))
    expect(page.locator("[data-unread-count]")).to_have_count(0)

    staff = signed_in(chromium, live, moderator.email)
    staff.goto(live.url(idea.get_absolute_url()))
    staff.locator("#answer_text").fill("Vi sätter upp belysning i vår.")
    staff.get_by_role("button", name="Publicera svaret").click()
    staff.get_by_label("Ny status").select_option("accepted")
    staff.get_by_label("Offentlig motivering").fill("En tryggare väg för alla.")
    staff.get_by_role("button", name="Ändra status").click()
    expect(staff.get_by_text("Statusen har ändrats.")).to_be_visible()

    # Live, on the page the supporter already had open: no reload.
    expect(page.locator("[data-unread-count]")).to_contain_text("2")
    page.get_by_role("link", name=re.compile("Aviseringar")).click()
    page.get_by_role("link", name=re.compile("har nu status: Antagen")).click()
    expect(page).to_have_url(re.compile("#timeline$"))
    expect(page.locator("#timeline")).to_contain_text("En tryggare väg för alla.")
    expect(page.locator("#official-answer")).to_contain_text("belysning i vår")
    assert_no_serious_axe_violations(page)
