"""End to end in a real headless Chromium: a TA's form, a teacher's concern, the SENCO told live."""
from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import select

from bot.channels.webchat import register
from bot.channels.webchat.triggers import demo_triggers
from bot.server import bare_app
from bot.services import Services
from models import InterventionSession
from tests.webchat.conftest import NOW, PAYLOADS, build_school, make_services

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-component-update", "--disable-sync"]


class Server:
    """The real aiohttp app with the web chat, on a free port of 127.0.0.1, in its own thread."""

    def __init__(self, services: Services):
        self.services = services
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.url = ""

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        app = bare_app(self.services)
        # The demo buttons act on a fixed school day; the outbox is delivered on the real clock.
        register(app, self.services, triggers=demo_triggers(self.services, clock=lambda: NOW))
        self.runner = web.AppRunner(app, shutdown_timeout=2)
        self.loop.run_until_complete(self.runner.setup())
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        host, port = self.runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        self.ready.set()
        self.loop.run_forever()
        self.loop.run_until_complete(self.runner.cleanup())

    def __enter__(self) -> Server:
        self.thread.start()
        assert self.ready.wait(30), "the server did not start"
        return self

    def __exit__(self, *exc) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(30)


@pytest.fixture
def browser_server(tmp_path) -> Iterator[tuple[Server, object]]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium not installed: apt-get install -y chromium")
    from models.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'webchat.db'}"
    upgrade(url)
    services = make_services(url)
    with services.factory() as db:
        school = build_school(db)
    with Server(services) as server:
        yield server, school
    services.engine.dispose()


def test_a_ta_a_teacher_and_the_senco_in_the_browser(browser_server):
    from playwright.sync_api import expect, sync_playwright

    server, school = browser_server
    ARTIFACTS.mkdir(exist_ok=True)
    sent: list[dict] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        desktop = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-GB")
        ta = desktop.new_page()
        ta.on("request", lambda r: sent.append(r.post_data_json) if r.url.endswith("/webchat/api/message") else None)
        ta.goto(server.url)

        # The TA picks herself, asks for help and records a session through the form.
        ta.get_by_role("button", name="Sian Pritchard").click()
        expect(ta.locator("#log")).to_contain_text("Hello Sian Pritchard")
        expect(ta.locator("#message")).to_be_focused()
        ta.locator("#message").fill("help")
        ta.keyboard.press("Enter")
        ta.get_by_role("button", name="Log a session").click()
        form = ta.locator("form.reply-form").last
        expect(form).to_be_visible()
        form.get_by_role("combobox", name="Programme").select_option(label="Lego-based Therapy")
        # Each pupil of her group is listed once: there or absent.
        form.get_by_role("combobox", name=re.compile("^Ruby Ashworth")).select_option(label="There")
        form.get_by_role("combobox", name=re.compile("^Theo Okafor")).select_option(label="There")
        form.get_by_role("spinbutton", name="Minutes").fill("900")
        form.get_by_role("button", name="Save").click()

        # Too many minutes: the error sits beside the field, what she ticked is still ticked.
        again = ta.locator("form.reply-form").last
        expect(again.locator(".field.has-error .error")).to_be_visible()
        expect(again.get_by_role("spinbutton", name="Minutes")).to_be_focused()
        expect(again.get_by_role("combobox", name=re.compile("^Theo Okafor"))).to_have_value("present")
        ta.screenshot(path=str(ARTIFACTS / "webchat-desktop-form-error.png"), full_page=True)
        again.get_by_role("spinbutton", name="Minutes").fill("30")
        again.get_by_role("button", name="Save").click()
        expect(ta.get_by_role("button", name="Undo")).to_be_visible()
        with server.services.factory() as db:
            [session] = db.scalars(select(InterventionSession)).all()
            assert session.minutes == 30 and len(session.attendance) == 2

        # The SENCO opens her own tab and waits.
        senco = desktop.new_page()
        senco.goto(server.url)
        senco.get_by_role("button", name="Priya Raman").click()
        expect(senco.locator("body")).to_have_attribute("data-live", "on")

        # A teacher raises a concern in free text; the SENCO's tab shows it without a reload.
        ta.get_by_role("button", name="Switch person").click()
        ta.get_by_role("button", name="Imran Hussain").click()
        ta.locator("#message").fill("I'm worried about Leo Brennan's reading, he can't decode cvc words")
        ta.keyboard.press("Enter")
        ta.get_by_role("button", name="None yet").click()
        expect(ta.locator("#log")).to_contain_text("Concern #1 about Leo Brennan is logged")
        expect(senco.locator("#log article.msg.bot").last).to_contain_text("Leo Brennan", timeout=10_000)

        # The SENCO posts the weekly digest: it lands in every open tab's staff channel panel.
        senco.get_by_role("button", name="Post the weekly digest").click()
        expect(senco.locator("#room")).to_contain_text("SEND this week")
        expect(ta.locator("#room")).to_contain_text("SEND this week")
        senco.screenshot(path=str(ARTIFACTS / "webchat-desktop-senco.png"), full_page=True)

        # On a phone: the picker and the form fit 375 px and work from the keyboard alone.
        phone = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True,
                                    locale="en-GB")
        small = phone.new_page()
        small.goto(server.url)
        small.screenshot(path=str(ARTIFACTS / "webchat-phone-picker.png"), full_page=True)
        small.get_by_role("button", name="Sian Pritchard").focus()
        small.keyboard.press("Enter")
        expect(small.locator("#message")).to_be_focused()
        small.keyboard.type("help")
        small.keyboard.press("Enter")
        small.get_by_role("button", name="Log a session").click()
        expect(small.locator("form.reply-form")).to_be_visible()
        assert small.evaluate("document.documentElement.scrollWidth") <= 375
        small.screenshot(path=str(ARTIFACTS / "webchat-phone-form.png"), full_page=True)
        browser.close()

    # What the page sent has the recorded shapes in tests/payloads/webchat/.
    shapes = {name: json.loads((PAYLOADS / f"{name}.json").read_text()) for name in
              ("message_text", "press_button", "submit_form")}
    texts = [b for b in sent if "text" in b]
    presses = [b for b in sent if "action" in b and b.get("values", {}).get("via") != "form"]
    forms = [b for b in sent if b.get("values", {}).get("via") == "form"]
    assert texts and presses and forms
    assert {tuple(sorted(b)) for b in texts} == {tuple(sorted(shapes["message_text"]))}
    assert {tuple(sorted(b)) for b in presses} == {tuple(sorted(shapes["press_button"]))}
    assert {tuple(sorted(b["values"])) for b in forms} == {tuple(sorted(shapes["submit_form"]["values"]))}
