#!/usr/bin/env python3
"""The clerks' workspace in a real browser (issue 5).

Sets up an installation of its own in a temporary directory (Pipeline.yml, inbox, data directory, a clerk),
starts the already built `eingang run`, drops sample invoices into the inbox, waits until they are settled, then
drives headless Chromium (Debian's chromium and chromium-driver) through Selenium: logs in by keyboard, opens
the overview, the rejections, one rejection, checks it again with the current rules, marks another returned to
sender, reads the audit log and the bookings. Every page is saved as a PNG; one page is walked by keyboard only;
axe-core checks every page against WCAG 2.1 A and AA. The daemon is always stopped at the end.

Usage: scripts/browser-test [--eingang BINARY] [--artifacts DIR] [--keep]   (it makes the venv and runs this)
Environment: EINGANG_BROWSER_ARTIFACTS (the screenshots' directory, default .build/browser-artifacts),
EINGANG_RULES (the rules directory, default ../shared/rules).
Exit status: 0 when every check passed, 1 when any failed, 2 when the test could not be set up.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
USER = "clerk"
PASSWORD = "browser-test-passwort-1"
RETURN_REASON = "Der Rechnungsbetrag stimmt nicht (BR-CO-15). Bitte senden Sie eine korrigierte XRechnung."
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The invoices dropped into the inbox (from Samples/), and one file that is no XML at all.
INVOICES = {
    "ubl-invoice-valid.xml": "accepted",
    "cii-invoice-valid.xml": "accepted",
    "ubl-invoice-missing-buyer-reference.xml": "rejected",  # BR-DE-15, invoice NL-2026-00418
    "cii-invoice-wrong-total.xml": "rejected",  # BR-CO-15, invoice NL-2026-00420
}
GARBAGE = ("scan-from-the-copier.xml", b"%%this is not an invoice\n")
# The first accepted invoice once more with other bytes (a comment added): same seller and invoice number, so one of
# the two is held as a suspected duplicate.
AGAIN = ("ubl-invoice-valid-again.xml", "ubl-invoice-valid.xml")
RELEASE_REASON = "Zweite Teillieferung mit eigener Rechnung, telefonisch bestätigt."


class CheckFailed(Exception):
    pass


class Checks:
    """Named checks: each is printed as it is decided; the summary lists the failures."""

    def __init__(self) -> None:
        self.passed: list[str] = []
        self.failed: list[tuple[str, str]] = []

    def check(self, name: str, condition: bool, detail: str = "") -> bool:
        if condition:
            self.passed.append(name)
            print(f"  ok    {name}")
        else:
            self.failed.append((name, detail))
            print(f"  FAIL  {name}" + (f": {detail}" if detail else ""))
        return condition

    def require(self, name: str, condition: bool, detail: str = "") -> None:
        """A check the rest of the walk depends on: stops it when failed."""
        if not self.check(name, condition, detail):
            raise CheckFailed(name)


# MARK: The installation and the daemon


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def terminate_with_parent() -> None:
    """In the daemon's process before exec: SIGTERM when this test dies, even by SIGKILL (Linux)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Installation:
    """An inbox, a data directory, a Pipeline.yml and a clerk in a temporary directory; the daemon on it."""

    def __init__(self, binary: Path, rules: Path, artifacts: Path) -> None:
        self.binary = binary
        self.directory = Path(tempfile.mkdtemp(prefix="eingang-browser-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.config = self.directory / "Pipeline.yml"
        self.log_path = artifacts / "daemon.log"
        self.process: subprocess.Popen[bytes] | None = None
        # The installation's own SQLite store, whatever store the caller's environment names.
        self.environment = {key: value for key, value in os.environ.items() if key != "EINGANG_DATABASE_URL"}
        (self.directory / "inbox").mkdir()
        (self.directory / "staging").mkdir()
        self.config.write_text(
            "inbox: inbox\n"
            "data_dir: data\n"
            "workers: 2\n"
            "stable_after: 0\n"
            "rescan_interval: 0.2\n"
            f"rules: {rules}\n"
            "web:\n"
            f"  listen: 127.0.0.1:{self.port}\n",
            encoding="utf-8",
        )

    def eingang(self, *arguments: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            [str(self.binary), *arguments, "--config", str(self.config)],
            input=stdin.encode() if stdin is not None else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=self.directory,
            env=self.environment,
            timeout=60,
        )
        if result.returncode != 0:
            raise RuntimeError(f"eingang {' '.join(arguments)}: exit {result.returncode}: {result.stderr.decode()}")
        return result.stdout.decode()

    def start(self) -> None:
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [str(self.binary), "run", "--config", str(self.config)],
            cwd=self.directory,
            env=self.environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=terminate_with_parent,
        )
        log.close()

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL after 20 s; returns the exit status."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def wait_until_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"eingang run exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except urllib.error.HTTPError as error:
                last = f"{error.code} {error.read().decode(errors='replace').strip()}"
            except OSError as error:
                last = str(error)
            time.sleep(0.3)
        raise RuntimeError(f"/health not ready after {timeout:.0f} s: {last}")

    def drop(self, name: str, content: bytes) -> None:
        """Writes into staging and renames into the inbox, as a careful sender does."""
        staged = self.directory / "staging" / name
        staged.write_bytes(content)
        staged.rename(self.directory / "inbox" / name)

    def wait_until_settled(self, bookings: int, rejections: int, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            counts = (self.count("queue"), self.count("rejections"))
            work = self.directory / "data" / "work"
            idle = not any((self.directory / "inbox").iterdir()) and not (work.exists() and any(work.iterdir()))
            if counts == (bookings, rejections) and idle:
                return
            time.sleep(0.5)
        raise RuntimeError(f"not settled after {timeout:.0f} s: bookings, rejections = {counts}")

    def count(self, command: str) -> int:
        return sum(1 for line in self.eingang(command, "list", "--json").splitlines() if line.strip())


# MARK: The browser


def make_driver(chromium: str, chromedriver: str, artifacts: Path) -> webdriver.Chrome:
    options = Options()
    options.binary_location = chromium
    for argument in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--force-device-scale-factor=1",
        "--hide-scrollbars",
        "--lang=de-DE",
        "--no-first-run",
        "--disable-extensions",
    ]:
        options.add_argument(argument)
    service = Service(
        executable_path=chromedriver,
        service_args=["--log-level=WARNING"],
        log_output=str(artifacts / "chromedriver.log"),
    )
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(20)
    return driver


class Browser:
    """The driver with the test's habits: full-page screenshots and an axe run for every page it shows."""

    def __init__(self, driver: webdriver.Chrome, base: str, artifacts: Path, checks: Checks) -> None:
        self.driver = driver
        self.base = base
        self.artifacts = artifacts
        self.checks = checks
        self.screenshots: list[tuple[str, str]] = []
        self.axe_script = axe_script()
        self.axe_results: dict[str, dict] = {}

    def get(self, path: str) -> None:
        self.driver.get(self.base + path)

    def path(self) -> str:
        url = self.driver.current_url
        return url[len(self.base) :] if url.startswith(self.base) else url

    def h1(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "h1").text

    def text(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "body").text

    def page(self, name: str, what: str) -> None:
        """Saves a screenshot of the whole page as NAME.png and checks it with axe."""
        self.screenshot(name, what)
        self.axe(name)

    def screenshot(self, name: str, what: str) -> None:
        """The whole page: the viewport is made as tall as the document for the shot. (Chromium's
        captureBeyondViewport leaves the framed report, an out-of-process frame, blank.)"""
        driver = self.driver
        height = driver.execute_script(
            "return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))"
        )
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": min(height, 8000), "deviceScaleFactor": 1, "mobile": False},
        )
        try:
            time.sleep(0.2)  # the framed report paints in its own process
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        finally:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        file = self.artifacts / f"{name}.png"
        file.write_bytes(base64.b64decode(shot["data"]))
        self.screenshots.append((file.name, what))

    def axe(self, name: str) -> None:
        """axe-core on the page as it is now, WCAG 2.1 A and AA rules only; a violation fails the check."""
        self.driver.execute_script(self.axe_script)
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations", "incomplete"]}
        # The stored report is framed with sandbox="" (no script runs in it): axe cannot enter it and checks it
        # on its own page instead (see the walk).
        options["iframes"] = False
        results = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, arguments[0]).then(r => done({violations: r.violations, incomplete: r.incomplete,"
            " passes: r.passes.length, version: r.testEngine.version}), e => done({error: String(e)}));",
            options,
        )
        self.axe_results[name] = results
        if "error" in results:
            self.checks.check(f"axe {name}", False, results["error"])
            return
        violations = results["violations"]
        detail = "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
            for v in violations
        )
        self.checks.check(f"axe {name}: no WCAG 2.1 A/AA violations", not violations, detail)

    def active(self) -> WebElement:
        return self.driver.switch_to.active_element

    def autofocused_id(self, expected: str, timeout: float = 5) -> str:
        """The id of the focused element once the browser has applied `autofocus`. It does so at a rendering update
        after the load, which on a busy machine can come after `get` has returned (CI failed once on this)."""
        try:
            WebDriverWait(self.driver, timeout).until(lambda _: self.active().get_attribute("id") == expected)
        except TimeoutException:
            pass
        return self.active().get_attribute("id") or ""

    def press(self, *keys: str) -> None:
        ActionChains(self.driver).send_keys(*keys).perform()

    def loads(self, action: Callable[[], object]) -> None:
        """Runs the action (a click, a key) and waits until it has loaded the next page."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        action()
        WebDriverWait(self.driver, 15).until(expected_conditions.staleness_of(old))
        WebDriverWait(self.driver, 15).until(
            lambda driver: driver.execute_script("return document.readyState") == "complete"
        )

    def follow(self, link_text: str) -> None:
        self.loads(self.driver.find_element(By.LINK_TEXT, link_text).click)


def axe_script() -> str:
    from axe_core_python.base import AXE_SCRIPT

    return AXE_SCRIPT


# MARK: The keyboard


# How an element looks as to focus: its outline and shadow.
RING = """
const ring = element => {
    const style = getComputedStyle(element);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
        ? style.outlineWidth + ' ' + style.outlineStyle + ' ' + style.outlineColor : '')
        + (style.boxShadow !== 'none' ? ' shadow ' + style.boxShadow : '');
};
"""

# The focused element: which one, its label, and whether its focus can be seen.
DESCRIBE_FOCUS = RING + """
const element = document.activeElement;
if (!element || element === document.body || element === document.documentElement) return null;
const rect = element.getBoundingClientRect();
const label = (element.labels && element.labels.length ? element.labels[0].innerText : '')
    || element.getAttribute('aria-label') || element.getAttribute('title') || element.innerText
    || element.value || element.name || '';
const type = element.type && element.tagName !== 'TEXTAREA' ? '[' + element.type + ']' : '';
return {
    walk: element.dataset.walk === undefined ? null : Number(element.dataset.walk),
    tag: element.tagName.toLowerCase() + type,
    label: label.trim().replace(/\\s+/g, ' ').slice(0, 60),
    focusVisible: element.matches(':focus-visible'),
    ring: ring(element),
    ringChanged: ring(element) !== '' && ring(element) !== element.dataset.walkRest,
    onScreen: rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.bottom > 0
        && rect.left < innerWidth && rect.top < innerHeight,
};
"""

# Every element a keyboard user must reach, numbered in document order, with its look without focus.
MARK_INTERACTIVE = RING + """
document.activeElement && document.activeElement.blur();
window.scrollTo(0, 0);
const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),'
    + ' select:not([disabled]), textarea:not([disabled]), iframe:not([tabindex="-1"]),'
    + ' [tabindex]:not([tabindex="-1"])';
const elements = [...document.querySelectorAll(selector)];
elements.forEach((element, index) => {
    element.dataset.walk = index;
    element.dataset.walkRest = ring(element);
});
return elements.map(element => element.tagName.toLowerCase() + ' '
    + (element.innerText || element.name || element.id || '').trim().replace(/\\s+/g, ' ').slice(0, 40));
"""


OUTSIDE = "(outside the page)"


def keyboard_walk(browser: Browser, name: str, max_presses: int = 80) -> list[dict]:
    """Tabs through the page as loaded until focus comes round again; checks every interactive element is reached
    in document order and shows a visible focus indicator on screen."""
    checks = browser.checks
    driver = browser.driver
    interactive = driver.execute_script(MARK_INTERACTIVE)
    order: list[dict] = []
    seen: set[int] = set()
    for _ in range(max_presses):
        browser.press(Keys.TAB)
        focus = driver.execute_script(DESCRIBE_FOCUS)
        if focus is None:  # past the last element: the browser's own UI, then the page again
            if order and order[-1]["tag"] != OUTSIDE:
                order.append({"walk": None, "tag": OUTSIDE, "label": ""})
            continue
        if focus["walk"] is not None and focus["walk"] in seen:
            break
        if order and order[-1].get("walk") == focus["walk"] and focus["walk"] is None:
            continue  # focus moving inside a frame
        order.append(focus)
        if focus["walk"] is not None:
            seen.add(focus["walk"])

    print(f"  focus order on {name} (Tab):")
    for step, focus in enumerate(order, 1):
        print(f"    {step:2}. {focus['tag']:<16} {focus['label']!r:<62} focus: {focus.get('ring') or '-'}")
    (browser.artifacts / f"{name}-focus-order.json").write_text(json.dumps(order, indent=2, ensure_ascii=False))

    missing = [interactive[i] for i in range(len(interactive)) if i not in seen]
    checks.check(f"keyboard {name}: every interactive element is reached by Tab", not missing, f"missing {missing}")
    walked = [focus["walk"] for focus in order if focus.get("walk") is not None]
    start = walked.index(min(walked)) if walked else 0
    checks.check(
        f"keyboard {name}: focus moves in document order",
        walked[start:] + walked[:start] == sorted(walked),
        f"order {walked}",
    )
    page_stops = [focus for focus in order if focus.get("walk") is not None]
    invisible = [f"{f['tag']} {f['label']!r}" for f in page_stops if not f["ringChanged"]]
    checks.check(
        f"keyboard {name}: focus is visible on every stop (an outline or shadow it lacks unfocused)",
        not invisible,
        str(invisible),
    )
    not_focus_visible = [f"{f['tag']} {f['label']!r}" for f in page_stops if not f["focusVisible"]]
    checks.check(f"keyboard {name}: every stop matches :focus-visible", not not_focus_visible, str(not_focus_visible))
    off_screen = [f"{f['tag']} {f['label']!r}" for f in page_stops if not f["onScreen"]]
    checks.check(f"keyboard {name}: the focused element is on screen", not off_screen, str(off_screen))
    return order


def tab_to(browser: Browser, condition: str, what: str, max_presses: int = 60) -> None:
    """Presses Tab until the focused element `e` meets the JavaScript condition."""
    for _ in range(max_presses):
        browser.press(Keys.TAB)
        if browser.driver.execute_script(f"const e = document.activeElement; return Boolean({condition});"):
            return
    raise CheckFailed(f"Tab never reached {what}")


# MARK: The walk


def walk(browser: Browser, installation: Installation, checks: Checks) -> None:
    driver = browser.driver

    # Login: by keyboard only. The name field has autofocus; Tab moves on, Enter submits.
    browser.get("/")
    checks.require("an anonymous visit goes to the login page", browser.path().startswith("/login"), browser.path())
    browser.page("01-login", "the login form (German, the default), before anything is typed")
    keyboard_walk(browser, "01-login")
    browser.get("/login")
    checks.check(
        "login: the name field has focus when the page opens", browser.autofocused_id("name") == "name"
    )
    browser.press(Keys.TAB)
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    checks.check("login: Shift+Tab goes back to the name field", browser.active().get_attribute("id") == "name")
    browser.press(USER, Keys.TAB, PASSWORD, Keys.TAB)
    checks.check(
        "login: Tab leads from the fields to the submit button",
        browser.active().tag_name == "button" and browser.active().get_attribute("type") == "submit",
    )
    browser.loads(lambda: browser.press(Keys.ENTER))
    checks.require("login by keyboard (Enter on the button) opens the overview", browser.path() == "/", browser.path())

    # Overview.
    checks.check("overview: heading", browser.h1() == "Übersicht", browser.h1())
    counts = driver.find_element(By.CSS_SELECTOR, "table.counts").text
    checks.check("overview: 3 rejected today, this week, in all", "zurückgewiesen 3 3 3" in counts, counts)
    checks.check("overview: 3 open rejections", "offen: Zurückweisungen 3 3 3" in counts, counts)
    checks.check("overview: 2 booked", "gebucht 2 2 2" in counts, counts)
    checks.check("overview: 1 suspected duplicate", "Verdacht auf Doppelrechnung 1 1 1" in counts, counts)
    checks.check("overview: shows the logged-in user", USER in driver.find_element(By.TAG_NAME, "header").text)
    browser.page("02-overview", "the overview after the five files: counts, oldest open rejection, rules, senders")

    # The rejections, reached through the navigation.
    browser.follow("Zurückweisungen")
    checks.require("rejections: listed", browser.path() == "/rejections", browser.path())
    rows = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    checks.check("rejections: three rows", len(rows) == 3, f"{len(rows)} rows")
    listing = browser.text()
    for expected in ["NL-2026-00418", "NL-2026-00420", GARBAGE[0], "BR-DE-15", "BR-CO-15"]:
        checks.check(f"rejections: shows {expected}", expected in listing)
    browser.page("03-rejections", "the rejections list: three open rejections with reason, rules and status")

    # One rejection: BR-DE-15, checked again with the current rules.
    browser.follow("NL-2026-00418")
    first = browser.path()
    checks.require("rejection: opened", first.startswith("/rejections/"), first)
    checks.check("rejection: heading names the invoice", browser.h1() == "Zurückweisung NL-2026-00418", browser.h1())
    details = driver.find_element(By.CSS_SELECTOR, "main > dl").text
    checks.check("rejection: failed rule BR-DE-15, status open", "BR-DE-15" in details and "offen" in details, details)
    checks.check(
        "rejection: shows the invoice from the original (seller)",
        "Nordlicht Bürobedarf GmbH" in driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=invoice]").text,
    )
    checks.check(
        "rejection: the stored report is framed, sandboxed",
        driver.find_element(By.TAG_NAME, "iframe").get_attribute("sandbox") == "",
    )
    history = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=history]").text
    checks.check("rejection: no history yet", "Noch keine Einträge" in history, history)
    browser.page("04-rejection", "the rejection of NL-2026-00418 (BR-DE-15) as opened: data, invoice, framed report")

    # The same page by keyboard only: every element reached, the skip link works, Space on "check again".
    keyboard_walk(browser, "04-rejection")
    browser.get(first)
    browser.press(Keys.TAB)
    checks.check("keyboard: the first Tab stop is the skip link", browser.active().get_attribute("class") == "skip")
    browser.screenshot("05-rejection-skip-link-focused", "the same page after one Tab: the skip link shown, ringed")
    browser.press(Keys.ENTER)
    checks.check("keyboard: Enter on the skip link moves focus to the main content",
                 browser.active().tag_name == "main")
    tab_to(
        browser,
        "e.tagName === 'BUTTON' && e.form && e.form.action.endsWith('/reprocess')",
        "the button 'check again'",
    )
    browser.screenshot("06-rejection-reprocess-focused", "Tab reached 'Mit den aktuellen Regeln erneut prüfen'")
    browser.loads(lambda: browser.press(Keys.SPACE))
    checks.require("reprocess by keyboard (Space): back on the rejection", browser.path() == first, browser.path())
    history = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=history]").text
    checks.check("reprocess: the history lists invoice.reprocessed", "invoice.reprocessed" in history, history)
    checks.check(f"reprocess: by user:{USER}", f"user:{USER}" in history, history)
    checks.check(
        "reprocess: the outcome is shown (unchanged, BR-DE-15 still failing)",
        "unchanged under bundle" in history and "failing: BR-DE-15" in history,
        history,
    )
    details = driver.find_element(By.CSS_SELECTOR, "main > dl").text
    checks.check("reprocess: the rejection stays open", "offen" in details, details)
    browser.page("07-rejection-reprocessed", "NL-2026-00418 after 'check again': history row with the outcome")

    # Another rejection: BR-CO-15, returned to sender with a reason.
    browser.get("/rejections")
    browser.follow("NL-2026-00420")
    second = browser.path()
    checks.require("second rejection: opened", second.startswith("/rejections/") and second != first, second)
    reason = driver.find_element(By.ID, "reason")
    checks.check(
        "return: the message is prefilled with the findings (BR-CO-15)",
        "BR-CO-15" in reason.get_attribute("value") and "Sehr geehrte" in reason.get_attribute("value"),
        reason.get_attribute("value")[:200],
    )
    reason.clear()
    reason.send_keys(RETURN_REASON)
    browser.loads(driver.find_element(By.CSS_SELECTOR, "form[action$='/return'] button[type=submit]").click)
    checks.require("return: back on the rejection", browser.path() == second, browser.path())
    details = driver.find_element(By.CSS_SELECTOR, "main > dl").text
    checks.check("return: status 'an Absender zurückgegeben'", "an Absender zurückgegeben" in details, details)
    history = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=history]").text
    checks.check(
        "return: the history lists rejection.returned by the user with the reason",
        "rejection.returned" in history and f"user:{USER}" in history and RETURN_REASON in history,
        history,
    )
    browser.page("08-rejection-returned", "NL-2026-00420 (BR-CO-15) marked returned to sender, reason in its history")

    # The audit log: both actions with the user.
    browser.follow("Protokoll")
    checks.require("audit: opened", browser.path() == "/audit", browser.path())
    entries = [
        [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        for row in driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    ]
    first_id, second_id = first.rsplit("/", 1)[1], second.rsplit("/", 1)[1]

    def listed(action: str, rejection: str, detail: str) -> bool:
        return any(
            row[1:4] == [f"user:{USER}", action, f"Zurückweisung {rejection}"] and detail in row[4]
            for row in entries
        )

    checks.check(
        "audit: invoice.reprocessed by the user on the first rejection",
        listed("invoice.reprocessed", first_id, "unchanged"),
        str(entries),
    )
    checks.check(
        "audit: rejection.returned by the user on the second rejection, with the reason",
        listed("rejection.returned", second_id, RETURN_REASON),
        str(entries),
    )
    browser.page("09-audit", "the audit log: the two actions of user:clerk, newest first")

    # The bookings.
    browser.follow("Buchungen")
    checks.require("bookings: opened", browser.path() == "/bookings", browser.path())
    bookings = browser.text()
    checks.check(
        "bookings: both accepted invoices, 350.57 EUR each",
        "NL-2026-00417" in bookings and "NL-2026-00419" in bookings and bookings.count("350.57 EUR") == 2,
        bookings,
    )
    browser.page("10-bookings", "the bookings: the two accepted invoices, status new")

    # The suspected duplicate: compared with the booking it resembles, then released into booking with a reason.
    browser.follow("Doppelrechnungsverdacht")
    checks.require("duplicates: listed", browser.path() == "/duplicates", browser.path())
    rows = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    checks.check("duplicates: one open suspected duplicate", len(rows) == 1, f"{len(rows)} rows")
    browser.page("13-duplicates", "the suspected duplicates: the second copy of NL-2026-00417, open")
    browser.follow("NL-2026-00417")
    duplicate = browser.path()
    checks.require("duplicate: opened", duplicate.startswith("/duplicates/"), duplicate)
    comparison = driver.find_element(By.CSS_SELECTOR, "main table").text
    checks.check(
        "duplicate: compared with the booking (same number and amount on both sides)",
        comparison.count("NL-2026-00417") == 2 and comparison.count("350.57 EUR") == 2,
        comparison,
    )
    browser.page("14-duplicate", "the suspected duplicate beside the booking it resembles, with the two actions")
    comment = driver.find_element(By.ID, "release-comment")
    comment.send_keys(RELEASE_REASON)
    browser.loads(driver.find_element(By.CSS_SELECTOR, "form[action$='/release'] button[type=submit]").click)
    checks.require("release: back on the suspected duplicate", browser.path() == duplicate, browser.path())
    details = driver.find_element(By.CSS_SELECTOR, "main > dl").text
    checks.check("release: status 'zur Buchung freigegeben'", "zur Buchung freigegeben" in details, details)
    history = driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=history]").text
    checks.check(
        "release: the history lists duplicate.released by the user with the reason",
        "duplicate.released" in history and f"user:{USER}" in history and RELEASE_REASON in history,
        history,
    )
    browser.page("15-duplicate-released", "the suspected duplicate after its release: status, booking, history")
    browser.follow("Buchungen")
    bookings = browser.text()
    checks.check("release: the bookings now list NL-2026-00417 twice", bookings.count("NL-2026-00417") == 2, bookings)

    # The language switch, and the stored report on its own page.
    browser.follow("English")
    checks.check("language: English", browser.h1() == "Bookings" and browser.path() == "/bookings", browser.h1())
    browser.get("/")
    browser.page("11-overview-english", "the overview in English (lang=en), after the two actions")
    browser.follow("Deutsch")
    browser.get(second + "/report")
    checks.check("report: the stored HTML report opens on its own", "BR-CO-15" in browser.text())
    browser.screenshot("12-report", "the stored HTML report of NL-2026-00420 opened on its own (EInvoiceReports)")
    # The report is served with `Content-Security-Policy: sandbox` (no script, so no axe in it): axe checks the
    # same file from the data directory.
    shown = installation.eingang("rejections", "show", second.rsplit("/", 1)[1])
    reports = next(line.split(" ", 1)[1] for line in shown.splitlines() if line.startswith("reports "))
    browser.driver.get(Path(reports, "invoice-report.html").as_uri())
    browser.axe("12-report")


# MARK: Main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eingang", type=Path, default=REPO / ".build/debug/eingang", help="the eingang binary")
    parser.add_argument(
        "--artifacts",
        type=Path,
        default=Path(os.environ.get("EINGANG_BROWSER_ARTIFACTS") or REPO / ".build/browser-artifacts"),
        help="where screenshots and logs go",
    )
    parser.add_argument(
        "--rules",
        type=Path,
        default=Path(os.environ.get("EINGANG_RULES") or REPO.parent / "shared/rules"),
    )
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    parser.add_argument("--keep", action="store_true", help="keep the temporary installation")
    arguments = parser.parse_args()

    started = time.monotonic()
    # SIGTERM (a CI timeout, say) unwinds like Ctrl-C, so that the daemon is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    for path, what in [(arguments.eingang, "the eingang binary (swift build)"), (arguments.rules, "the rules")]:
        if not path.exists():
            print(f"browser test: {path} is missing: {what}", file=sys.stderr)
            return 2
    for program in [arguments.chromium, arguments.chromedriver]:
        if shutil.which(program) is None:
            print(f"browser test: {program} is missing (apt-get install chromium chromium-driver)", file=sys.stderr)
            return 2
    artifacts = arguments.artifacts.resolve()
    if artifacts.exists():
        shutil.rmtree(artifacts)
    artifacts.mkdir(parents=True)

    checks = Checks()
    installation = Installation(arguments.eingang.resolve(), arguments.rules.resolve(), artifacts)
    driver = None
    browser = None
    try:
        print(f"browser test: installation in {installation.directory}, workspace on {installation.base}")
        installation.eingang("users", "add", USER, "--role", "clerk", stdin=PASSWORD + "\n")
        installation.start()
        installation.wait_until_ready()
        print(f"browser test: daemon ready after {time.monotonic() - started:.1f} s")
        for name in INVOICES:
            installation.drop(name, (REPO / "Samples" / name).read_bytes())
        installation.drop(*GARBAGE)
        again = (REPO / "Samples" / AGAIN[1]).read_bytes() + b"\n<!-- sent again -->\n"
        installation.drop(AGAIN[0], again)
        installation.wait_until_settled(
            bookings=list(INVOICES.values()).count("accepted"),
            rejections=list(INVOICES.values()).count("rejected") + 1,
        )
        print(f"browser test: invoices settled after {time.monotonic() - started:.1f} s")
        driver = make_driver(arguments.chromium, arguments.chromedriver, artifacts)
        browser = Browser(driver, installation.base, artifacts, checks)
        walk(browser, installation, checks)
    except CheckFailed as failure:
        print(f"browser test: stopped after the failed check {failure}")
    except Exception as error:  # noqa: BLE001 (any error fails the test, after the daemon is stopped)
        checks.check("the walk runs to its end", False, f"{type(error).__name__}: {error}")
        traceback.print_exc()
    finally:
        if browser is not None and checks.failed:
            try:
                browser.screenshot("zz-failed", "the page the browser was on when the test failed")
            except WebDriverException:
                pass
        if driver is not None:
            driver.quit()
        if installation.process is not None:
            status = installation.stop()
            checks.check("the daemon stops on SIGTERM with status 0", status == 0, f"status {status}")
        if arguments.keep:
            print(f"browser test: installation kept in {installation.directory}")
        else:
            shutil.rmtree(installation.directory, ignore_errors=True)

    if browser is not None:
        (artifacts / "axe-results.json").write_text(json.dumps(browser.axe_results, indent=2, ensure_ascii=False))
        versions = {result.get("version") for result in browser.axe_results.values() if "version" in result}
        incomplete = sum(len(result.get("incomplete", [])) for result in browser.axe_results.values())
        print(
            f"browser test: axe-core {', '.join(sorted(v for v in versions if v))} on {len(browser.axe_results)} pages,"
            f" tags {', '.join(WCAG_TAGS)}; {incomplete} results to review by hand (incomplete) in axe-results.json"
        )
        print(f"browser test: screenshots in {artifacts}:")
        for file, what in browser.screenshots:
            print(f"  {file}: {what}")
    for name, detail in checks.failed:
        print(f"FAILED: {name}" + (f": {detail}" if detail else ""))
    print(f"browser test: {time.monotonic() - started:.1f} s")
    print(f"browser: {len(checks.passed)} passed, {len(checks.failed)} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
