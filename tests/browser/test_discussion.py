"""Live discussion in two browsers: A comments on an idea; B, halfway through
typing a reply, sees A's comment appear without a reload and keeps every letter
where it was. The comment form also works with JavaScript off, and with
WebSockets blocked new comments still arrive by polling."""

import re

import pytest
from playwright.sync_api import Browser, expect

from forum import services
from tests.browser.axe import assert_no_serious_axe_violations
from tests.browser.test_ideas import PASSWORD, signed_in
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_comment_appears_live_and_the_half_typed_reply_stays(
    chromium: Browser,
    asgi_live_server,
    demo_live_site,
):
    writer = VerifiedUserFactory(password=PASSWORD, display_name="Alva Skribent")
    reader = VerifiedUserFactory(password=PASSWORD, display_name="Bo Läsare")
    idea = IdeaFactory(title="Smarta gatlyktor")
    url = asgi_live_server.url(f"/sv/ideas/{idea.pk}-{idea.slug}/")

    b = signed_in(chromium, asgi_live_server, reader.email)
    b.goto(url)
    assert_no_serious_axe_violations(b)
    b.evaluate("window.notReloaded = true")
    box = b.get_by_label("Din kommentar")
    box.scroll_into_view_if_needed()
    box.click()
    box.press_sequentially("Jag tycker att lyktorna borde")
    position = box.bounding_box()["y"]

    a = signed_in(chromium, asgi_live_server, writer.email)
    a.goto(url)
    a.get_by_label("Din kommentar").fill("Dimma dem efter midnatt, tack!")
    a.get_by_role("button", name="Publicera").click()
    expect(a.get_by_text("Ditt inlägg har publicerats.")).to_be_visible()

    expect(b.get_by_text("Dimma dem efter midnatt, tack!")).to_be_visible(timeout=2000)
    assert b.evaluate("window.notReloaded") is True
    expect(box).to_have_value("Jag tycker att lyktorna borde")
    expect(box).to_be_focused()
    assert abs(box.bounding_box()["y"] - position) < 2
    expect(b.locator("[data-live-announcer]")).to_contain_text("Alva Skribent")
    assert_no_serious_axe_violations(b)

    like = b.get_by_role("button", name="Gilla")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like).to_contain_text("1")
    assert b.evaluate("window.notReloaded") is True
    expect(box).to_have_value("Jag tycker att lyktorna borde")


def test_comments_and_replies_work_without_javascript(
    chromium: Browser,
    asgi_live_server,
    demo_live_site,
):
    person = VerifiedUserFactory(password=PASSWORD)
    idea = IdeaFactory(title="Öppna data om luften")
    page = signed_in(chromium, asgi_live_server, person.email, javascript=False)
    page.goto(asgi_live_server.url(f"/sv/ideas/{idea.pk}-{idea.slug}/"))
    page.get_by_label("Din kommentar").fill("Publicera mätvärdena varje timme.")
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("Publicera mätvärdena varje timme.")).to_be_visible()
    page.locator(".reply-box summary").first.click()
    page.get_by_label("Ditt svar").fill("Och som öppet API.")
    page.get_by_role("button", name="Skicka svar").click()
    expect(page.locator(".post--reply")).to_contain_text("Och som öppet API.")
    # (axe needs JavaScript; the same markup is checked in the test above.)


def test_mention_suggestions_while_typing(
    chromium: Browser,
    asgi_live_server,
    demo_live_site,
):
    VerifiedUserFactory(display_name="Zelda Zetterlund")
    person = VerifiedUserFactory(password=PASSWORD)
    idea = IdeaFactory(title="Laddstolpar i Farsta")
    page = signed_in(chromium, asgi_live_server, person.email)
    page.goto(asgi_live_server.url(f"/sv/ideas/{idea.pk}-{idea.slug}/"))
    box = page.get_by_label("Din kommentar")
    box.click()
    box.press_sequentially("Vad säger @Zeld")
    suggestion = page.get_by_role("button", name="@Zelda Zetterlund")
    expect(suggestion).to_be_visible()
    box.press("ArrowDown")
    expect(suggestion).to_be_focused()
    page.keyboard.press("Enter")
    expect(box).to_have_value("Vad säger @Zelda Zetterlund ")
    expect(box).to_be_focused()
    assert_no_serious_axe_violations(page)


def test_with_websockets_blocked_new_comments_arrive_by_polling(
    chromium: Browser,
    asgi_live_server,
    demo_live_site,
):
    reader = VerifiedUserFactory(password=PASSWORD)
    idea = IdeaFactory(title="Belysning i Hagaparken")
    page = signed_in(chromium, asgi_live_server, reader.email)
    # As a proxy that refuses WebSocket upgrades would: every socket closes at once.
    page.route_web_socket(re.compile(r"/ws/"), lambda socket: socket.close())
    page.goto(asgi_live_server.url(f"/sv/ideas/{idea.pk}-{idea.slug}/"))
    page.evaluate("window.notReloaded = true")
    with page.expect_request("**/live/events/**", timeout=15_000):
        pass  # the client has given up on WebSockets and polls
    services.post_create(
        actor=VerifiedUserFactory(), target=idea, body="Sensorstyrda lampor, tack."
    )
    # The reader is at the top of the page, far from the discussion: the post
    # waits behind the bar until asked for.
    bar = page.get_by_role("button", name="1 nytt inlägg")
    expect(bar).to_be_visible(timeout=15_000)
    bar.click()
    expect(page.get_by_text("Sensorstyrda lampor, tack.")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True


def test_a_reader_not_signed_in_gets_the_new_comment_without_fetching_it(
    chromium: Browser,
    browser_page,
    asgi_live_server,
    demo_live_site,
):
    """The comment's HTML comes inside its event, rendered once for every
    reader not signed in; the page never asks the server for the post."""
    idea = IdeaFactory(title="Cykelparkering vid Slussen")
    page = browser_page
    asked_for_posts: list[str] = []
    page.on(
        "request",
        lambda request: (
            "/discussion/posts/" in request.url and asked_for_posts.append(request.url)
        ),
    )
    frames: list[str] = []
    page.on(
        "websocket",
        lambda socket: socket.on("framereceived", lambda frame: frames.append(frame)),
    )
    page.goto(asgi_live_server.url(f"/sv/ideas/{idea.pk}-{idea.slug}/"))
    page.locator("[data-posts]").scroll_into_view_if_needed()
    page.evaluate("window.notReloaded = true")
    for _wait in range(200):  # until the page is live on the idea's stream
        if any('"subscribed"' in str(frame) for frame in frames):
            break
        page.wait_for_timeout(50)
    else:
        raise AssertionError("The page never subscribed.")
    writer = VerifiedUserFactory(password=PASSWORD, display_name="Ebba Cyklist")
    other = signed_in(chromium, asgi_live_server, writer.email)
    other.goto(page.url)
    other.get_by_label("Din kommentar").fill("Dubbeldäckade ställ, tack.")
    other.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("Dubbeldäckade ställ, tack.")).to_be_visible(timeout=5000)
    expect(page.locator("[data-live-announcer]")).to_contain_text("Ebba Cyklist")
    assert page.evaluate("window.notReloaded") is True
    assert asked_for_posts == []
