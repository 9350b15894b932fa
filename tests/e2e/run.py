#!/usr/bin/env python3
"""End-to-end test of the built web app: serves dist/ on 127.0.0.1 under a folder (/gil-lab/, as a
GitHub Pages project site is), opens it in headless Chromium at the pages' path addresses and walks
home, the lab (a control change must update the timeline), the sandbox (the convoy built
through its controls, a program with an error, the link and embed round trip), the compare view,
the validation page, every step of every lesson the home page links to (answering prediction
steps) and one step opened in the lab, each view also once in embed mode; every old hash address
form (#/lab?…, #/validation, …), which must land on its view at its path address with its query,
without a new history entry; Next, a header link, Back and Forward, which must move within one
document to their views; last, with the server
stopped, a lesson step visited before must open from the service worker's cache, and so must one
never visited, in a fresh browser that saw only the home page. Fails on a
console message of level SEVERE (errors, uncaught exceptions, failed loads), a blank page or the
app's panic panel. Keeps a PNG screenshot of every view and step in test-artifacts/e2e/, plus
phone-size (390×844, touch) ones of home, the lab, the sandbox and a lesson step, and of the lab's
and the lesson step's timelines, the step's after a real pinch and drag: they must zoom and pan it,
its lanes and labels must keep their size, and its labels their place at the frame's left edge. On
the phone, each timeline's chart must start within 150 px of its heading with Play, Next event and
Fit on screen above it (44 px for a finger) and "More" showing the other controls; the lab's chart
must start on the first screen, and its "Change" must open the settings with focus on the first.

Usage: tests/e2e/run.py [DIST] [ARTIFACTS]   (defaults: dist, test-artifacts/e2e; build first)
A view that is missing (the compare view, a view's embed form or its "Open in GIL Lab" link, the
home page's lesson links, a lesson's step counter) is a failure. So is any serious or critical
accessibility violation that axe-core (node_modules/axe-core, pinned in package.json) finds on a
page it visits.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webdriver import HOOKS, PHONE, Browser, StaticServer, WebDriverError  # noqa: E402

MAX_STEPS_PER_LESSON = 60
AXE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "node_modules", "axe-core", "axe.min.js")

# Runs axe-core on the page (it is in every document: see `main`) and returns its serious and
# critical violations, each with up to three of the elements it found.
AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] }).then(
    (result) => done(result.violations
        .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
        .map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help,
                               nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")) }))),
    (error) => done([{ id: "axe-failed", impact: "critical", help: String(error), nodes: [] }]));
"""

# Waits until the app has mounted a page and nothing in it is loading (aria-busy: a lesson's file,
# a step's text), or failed to start, then for two animation frames so that what is on screen is
# what was rendered. Returns what the checks need to know about the page.
SETTLE = """
const done = arguments[arguments.length - 1];
const hooks = arguments[0];
const started = performance.now();
function state() {
    const app = document.getElementById("app");
    const main = app && app.querySelector("main");
    const bootFailure = app && app.querySelector(":scope > p.error");
    return {
        mounted: Boolean(main),
        loading: Boolean(main && main.querySelector("[aria-busy='true']")),
        loadError: ((main && main.querySelector(".load-error")) || {}).textContent || null,
        bootFailure: bootFailure ? bootFailure.textContent : null,
        panic: Boolean(document.querySelector(hooks.panic_panel)),
        text: (app ? app.innerText : "").trim().length,
        href: location.href,
        mainClass: main ? main.className : "",
        notice: (document.querySelector("main .notice") || {}).textContent || null,
        stepCounter: (document.querySelector(hooks.step_counter) || {}).textContent || null,
    };
}
function poll() {
    const now = state();
    if ((now.mounted && !now.loading) || now.bootFailure || now.panic || performance.now() - started > 10000) {
        requestAnimationFrame(() => requestAnimationFrame(() => done(state())));
    } else {
        requestAnimationFrame(poll);
    }
}
poll();
"""

# The requests for a lesson's file and a step's text in this document, with what made each
# (`link`: boot.js's preload, which the app's own fetch then uses).
LESSON_REQUESTS = """
return performance.getEntriesByType("resource")
    .filter((entry) => /\\/lessons\\/[^/]+\\/(lesson\\.json|[0-9]+\\.html)$/.test(new URL(entry.name).pathname))
    .map((entry) => [new URL(entry.name).pathname, entry.initiatorType]);
"""

# Waits until the service worker has stored the deployment for offline reading (it notes which in
# its cache when done, assets/sw.js); returns whether it did within 20 seconds.
WAIT_FOR_STORED_LESSONS = """
const done = arguments[arguments.length - 1];
const started = performance.now();
(async function poll() {
    const stored = await caches.open("gil-lab").then((cache) => cache.match("stored-for-offline"));
    if (stored) done(true);
    else if (performance.now() - started > 20000) done(false);
    else setTimeout(poll, 100);
})();
"""

# Changes a lab control as a person would (value, then the input and change events) and waits
# for the timeline's SVG to change; returns whether it did, and in how many milliseconds.
CHANGE_CONTROL = """
const [selector, timelineSelector, value, done] = arguments;
const control = document.querySelector(selector);
const timeline = () => { const svg = document.querySelector(timelineSelector); return svg ? svg.innerHTML : null; };
if (!control) { done({ error: `no control ${selector}` }); return; }
const before = timeline();
const started = performance.now();
control.value = value;
control.dispatchEvent(new Event("input", { bubbles: true }));
control.dispatchEvent(new Event("change", { bubbles: true }));
function poll() {
    const now = timeline();
    if (now !== null && now !== before) {
        requestAnimationFrame(() => done({ changed: true, ms: performance.now() - started }));
    } else if (performance.now() - started > 5000) {
        done({ changed: false, before: before !== null, after: now !== null });
    } else {
        requestAnimationFrame(poll);
    }
}
poll();
"""

# The timeline on a phone, scrolled to the top of the screen: what a finger and the eye get.
TIMELINE_ON_PHONE = """
const frame = document.querySelector(".timeline-frame");
if (!frame) { return null; }
frame.closest(".timeline").querySelector(".timeline-toolbar").scrollIntoView({ block: "start" });
const box = (element) => element.getBoundingClientRect();
const frameBox = box(frame);
const labels = box(frame.querySelector(".lane-labels"));
const ticks = [...frame.querySelectorAll(".tick-label")].map((tick) => Number(tick.textContent));
const shown = (element) => element.getClientRects().length > 0;
const tallEnough = [...document.querySelectorAll(".timeline-toolbar button, .timeline-toolbar select, .timeline-scrub")]
    .filter(shown).map((control) => box(control).height);
return {
    headingToChart: frameBox.top - box(frame.closest(".timeline").querySelector("h2")).top,
    folded: [...document.querySelectorAll(".timeline-toolbar button, .timeline-toolbar select, .timeline-scrub")].filter((control) => !shown(control)).length,
    frame: { left: frameBox.left, top: frameBox.top, width: frameBox.width },
    scrolled: frame.scrollLeft,
    labelsLeft: labels.left,
    laneHeight: box(frame.querySelector(".lane-bg")).height,
    labelSize: parseFloat(getComputedStyle(frame.querySelector(".lane-name")).fontSize),
    firstLane: box(frame.querySelector(".lane-bg")).top,
    shown: ticks.length ? ticks[ticks.length - 1] - ticks[0] : null,
    firstTick: ticks.length ? ticks[0] : null,
    smallestControl: Math.min(...tallEnough),
};
"""

# The page's body replaced by an iframe `width` px wide showing `src` (a course site's column), and,
# half a second after the view in it has drawn its timeline (time to fit it to its frame), what a
# reader of that frame sees: whether the view is
# in one column (its text, or its controls, above its timeline) and how big the timeline's lane and
# axis labels are on screen (their font size times the drawing's scale).
IN_A_FRAME = """
const [src, width, done] = arguments;
document.body.replaceChildren();
const frame = document.createElement("iframe");
frame.width = String(width);
frame.height = "900";
frame.src = src;
document.body.append(frame);
const started = performance.now();
function drawn() {
    const page = frame.contentDocument;
    const svg = page && page.querySelector(".timeline-svg");
    const busy = page && page.querySelector("[aria-busy='true']");
    if (svg && !busy && svg.querySelector(".tick-label")) {
        setTimeout(measure, 500);
    } else if (performance.now() - started > 15000) {
        done({ error: "no timeline drawn in the frame" });
    } else {
        requestAnimationFrame(drawn);
    }
}
function measure() {
    const page = frame.contentDocument;
    const svg = page.querySelector(".timeline-svg");
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll(".lane-name, .tick-label")]
        .map((text) => parseFloat(frame.contentWindow.getComputedStyle(text).fontSize) * scale);
    const side = page.querySelector(".player-text, .lab-controls");
    const chart = page.querySelector(".timeline");
    const frameBox = page.querySelector(".timeline-frame").getBoundingClientRect();
    done({
        oneColumn: side.getBoundingClientRect().bottom <= chart.getBoundingClientRect().top + 1,
        smallestLabel: Math.min(...sizes),
        drawnWidth: svg.getBoundingClientRect().width,
        frameWidth: frameBox.width,
        pageScrollsSideways: page.documentElement.scrollWidth > page.documentElement.clientWidth + 1,
    });
}
frame.addEventListener("load", () => requestAnimationFrame(drawn));
"""

# Presses the timeline's visible Fit button, then says what the frame shows: whether the drawing
# fits the frame (no sideways scroll), the ticks, and the run's end in milliseconds.
FIT = """
const done = arguments[arguments.length - 1];
const fit = [...document.querySelectorAll(".timeline-zoom-fit")].find((button) => button.getClientRects().length > 0);
if (!fit) { done(null); return; }
fit.click();
requestAnimationFrame(() => requestAnimationFrame(() => {
    const frame = document.querySelector(".timeline-frame");
    const ticks = [...frame.querySelectorAll(".tick-label")].map((tick) => Number(tick.textContent));
    done({
        fits: frame.scrollWidth <= frame.clientWidth + 1,
        ticks,
        endMs: Number(document.querySelector(".timeline-scrub").max) / 1e6,
    });
}));
"""

# Presses Play and, for a second and a half, checks at every frame that the playhead is inside the
# lanes' frame on screen; returns how many frames it was out of it, of how many.
PLAYHEAD_IN_VIEW = """
const done = arguments[arguments.length - 1];
const frame = document.querySelector(".timeline-frame");
const play = [...document.querySelectorAll(".timeline-play")].find((button) => button.getClientRects().length > 0);
if (!play) { done(null); return; }
play.click();
const started = performance.now();
let frames = 0, outside = 0;
function look() {
    const head = frame.querySelector(".playhead line");
    if (head) {
        frames += 1;
        const box = head.getBoundingClientRect(), view = frame.getBoundingClientRect();
        if (box.left < view.left || box.right > view.right) { outside += 1; }
    }
    if (performance.now() - started < 1500) { requestAnimationFrame(look); } else { play.click(); done({ frames, outside }); }
}
requestAnimationFrame(look);
"""

# The lab's settings on a phone: whether "Change" says they are open, whether the first setting is
# shown, and whether focus is on it or on "Change".
LAB_SETTINGS_STATE = """
const change = document.querySelector(".lab-change");
const first = document.querySelector("#lab-settings :is(input, select, textarea, button)");
return {
    expanded: Boolean(change) && change.getAttribute("aria-expanded") === "true",
    firstSettingShown: Boolean(first) && first.getClientRects().length > 0,
    focusOnFirstSetting: Boolean(first) && document.activeElement === first,
    focusOnChange: Boolean(change) && document.activeElement === change,
    focused: document.activeElement ? document.activeElement.outerHTML.slice(0, 80) : null,
};
"""

# The timeline scrolled so that the top 200 px of its lanes' frame are the bottom of the screen: is
# each of Play, Next event and Fit on screen too, how far above the lanes, and how big?
CONTROLS_AT_HAND = """
const frame = document.querySelector(".timeline-frame");
scrollBy(0, frame.getBoundingClientRect().top - (innerHeight - 200));
const chartTop = frame.getBoundingClientRect().top;
return [".timeline-play", ".timeline-step", ".timeline-zoom-fit"].map((selector) => {
    const control = frame.closest(".timeline").querySelector(selector);
    const place = control && control.getBoundingClientRect();
    const shown = Boolean(control && control.getClientRects().length && place.top > -1 && place.bottom < innerHeight + 1);
    return { selector, shown, aboveChart: place ? chartTop - place.bottom : null,
             height: place ? place.height : 0, width: place ? place.width : 0 };
});
"""

# Types into a text area as a person would (the value, then an input event), without leaving it.
TYPE_TEXT = """
const [selector, text] = arguments;
const area = document.querySelector(selector);
if (!area) { return false; }
area.value = text;
area.dispatchEvent(new Event("input", { bubbles: true }));
return true;
"""

# What the sandbox shows of its scenario: the summary, each program editor's text, whether the
# second editor is marked invalid and described by its error, and whether the timeline is marked stale.
SANDBOX_STATE = """
const second = document.querySelector("#group-2-program");
return {
    summary: (document.querySelector(".lab-summary") || {}).textContent || null,
    programs: [...document.querySelectorAll(".program-text")].map((area) => area.value),
    invalid: second ? second.getAttribute("aria-invalid") : null,
    describedBy: second ? second.getAttribute("aria-describedby") : null,
    error: (document.querySelector("#group-2-program-error p") || {}).textContent || null,
    stale: Boolean(document.querySelector(".stale-note")),
};
"""

# Opens the Share panel's embed code and scrolls it into the middle of the screen.
OPEN_EMBED_CODE = """
const button = document.querySelector(".share-buttons button[aria-expanded]");
if (!button) { return false; }
button.click();
button.scrollIntoView({ block: "center" });
return true;
"""

# Waits until the location or the step counter differs from what they were.
WAIT_FOR_STEP_CHANGE = """
const [href, counter, counterSelector, done] = arguments;
const started = performance.now();
function poll() {
    const now = (document.querySelector(counterSelector) || {}).textContent || null;
    if (location.href !== href || now !== counter) {
        requestAnimationFrame(() => requestAnimationFrame(() => done(true)));
    } else if (performance.now() - started > 5000) {
        done(false);
    } else {
        requestAnimationFrame(poll);
    }
}
poll();
"""


# Every form of the old hash addresses (docs/url-format.md, "The old hash addresses"): the page it
# is opened on, the old address, the path address it must land on (its query's pairs kept; a view
# may add the settings it writes at rest), and what only the right view shows: a selector, and the
# start of its text when that tells the view (None: being there is enough).
OLD_ADDRESSES = (
    ("./", "#/", "./", "main.home h1", "GIL Lab"),
    ("./", "#/?embed=1", "./?embed=1", ".embedded main.home h1", "GIL Lab"),
    ("./", "#/lessons", "lessons/", "main.home h1", "Lessons"),
    ("./", "#/lesson/convoy-effect", "lesson/convoy-effect/1/", HOOKS["step_counter"], "Step 1 of"),
    ("./", "#/lesson/convoy-effect/2", "lesson/convoy-effect/2/", HOOKS["step_counter"], "Step 2 of"),
    ("./", "#/lesson/convoy-effect/3?switch_interval=1ms", "lesson/convoy-effect/3/?switch_interval=1ms", "select[data-control='switch_interval']", "1ms"),
    ("./", "#/lesson/convoy-effect/2?embed=1", "lesson/convoy-effect/2/?embed=1", f".embedded {HOOKS['step_counter']}", "Step 2 of"),
    ("./", "#/lesson/convoy-effect/2?embed=1&only=1", "lesson/convoy-effect/2/?embed=1&only=1", ".embedded .step-nav[hidden]", None),
    ("./", "#/lab", "lab/", f"main.lab {HOOKS['timeline']}", None),
    ("./", "#/lab?c=4&py=3.13&t=3&work=50ms", "lab/?c=4&py=3.13&t=3&work=50ms", "#threads", None),
    ("./", "#/lab?v=2&title=Two&py=3.12&c=2&si=5ms&seed=0&wake=random&w=thread,n=2:cpu+100ms", "lab/?v=2&title=Two&py=3.12&c=2&si=5ms&seed=0&wake=random&w=thread,n=2:cpu+100ms", ".program-text", None),
    ("./", "#/lab?c=2&t=2&embed=1", "lab/?c=2&t=2&embed=1", f".embedded {HOOKS['timeline']}", None),
    ("./", "#/compare?c=4&n=2", "compare/?c=4&n=2", HOOKS["compare"], None),
    ("./", "#/compare?n=2&embed=1", "compare/?n=2&embed=1", f".embedded {HOOKS['compare']}", None),
    ("./", "#/validation", "fidelity/", ".validation-table", None),
    ("./", "#/validation?embed=1", "fidelity/?embed=1", ".embedded .validation-table", None),
    ("lab/", "#/lesson/convoy-effect/2", "lesson/convoy-effect/2/", HOOKS["step_counter"], "Step 2 of"),
    ("lessons/", "#/compare?n=2", "compare/?n=2", HOOKS["compare"], None),
    ("./", "#/nowhere", "#/nowhere", "main.home .notice", "There is no page at #/nowhere"),
)

# What an old address's check needs of the page: the view's text there (a control's value), whether
# the site's header is shown (not in embed mode), and a mark that survives only within one document.
VIEW_FACTS = """
const element = document.querySelector(arguments[0]);
return {
    found: Boolean(element),
    text: element ? (element.tagName === "SELECT" ? element.value : element.textContent.trim()) : null,
    header: Boolean(document.querySelector(".site-header")),
    href: location.href,
    sameDocument: window.gilLabSameDocument === true,
};
"""


def same_address(landed, expected):
    """Whether `landed` is `expected`'s page with every pair of its query (a view may add more)."""
    path, _, query = landed.removeprefix("./").partition("?")
    expected_path, _, expected_query = expected.removeprefix("./").partition("?")
    pairs = set(query.split("&"))
    return path == expected_path and all(pair in pairs for pair in expected_query.split("&") if pair)


def with_embed(address):
    return address + ("&" if "?" in address else "?") + "embed=1"


def slug(text):
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:80] or "home"


def page_problem(state, expect_home):
    """What is wrong with the page SETTLE described, if anything."""
    if state["bootFailure"]:
        return f"the app did not start: {state['bootFailure']}"
    if state["panic"]:
        return "the app shows its panic panel"
    if not state["mounted"] or state["text"] < 40:
        return f"blank page (mounted: {state['mounted']}, {state['text']} characters of text)"
    if state["loadError"]:
        return f"a file it fetches did not load: {state['loadError']!r}"
    if state["loading"]:
        return "still loading after 10 seconds"
    if not expect_home and "home" in state["mainClass"].split() and state["notice"]:
        return f"the app sent it home with a notice: {state['notice']!r}"
    return None


class Walk:
    def __init__(self, browser, base_url, artifacts):
        self.browser = browser
        self.base_url = base_url
        self.artifacts = artifacts
        self.failures = []
        self.pages = 0
        self.loads = 0
        self.screenshots = 0

    def fail(self, view, message):
        self.failures.append(f"{view}: {message}")
        print(f"  FAIL {view}: {message}")

    def url(self, address):
        """The URL of an address (`lab/?c=2`, `./`) on the site's base."""
        return self.base_url + (address[2:] if address.startswith("./") else address)

    def address(self, url):
        """The address of a URL on the site's base (the URL itself when it is elsewhere)."""
        return url[len(self.base_url) :] if url.startswith(self.base_url) else url

    def open(self, address):
        """A fresh load of the page at `address`: each is a file of its own, a new document."""
        self.loads += 1
        self.browser.get(self.url(address))
        return self.settle()

    def settle(self):
        state = self.browser.run_async(SETTLE, HOOKS)
        state["address"] = self.address(state["href"])
        return state

    def check(self, view, state, name=None, expect_home=False):
        """Checks the page on screen, keeps its screenshot and the console's verdict; returns True when it is sound."""
        self.pages += 1
        if name:
            self.browser.screenshot(os.path.join(self.artifacts, f"{name}.png"))
            self.screenshots += 1
        problem = page_problem(state, expect_home)
        if problem:
            self.fail(view, problem)
        accessible = self.accessible(view)
        return self.console_clean(view) and not problem and accessible

    def accessible(self, view):
        violations = self.browser.run_async(AXE_RUN)
        for violation in violations:
            self.fail(view, f"axe {violation['impact']} {violation['id']}: {violation['help']} ({'; '.join(violation['nodes'])})")
        return not violations

    def console_clean(self, view):
        clean = True
        for entry in self.browser.browser_log():
            if entry.get("level") == "SEVERE":
                self.fail(view, f"console {entry['level']}: {entry.get('message', '')[:400]}")
                clean = False
            elif entry.get("level") == "WARNING":
                print(f"  console warning on {view}: {entry.get('message', '')[:300]}")
        return clean

    def open_known(self, address, view, missing):
        """Opens `address`; None, with a failure that says `missing`, when the build has no such view
        (the app showed the home page with its unknown-page notice)."""
        state = self.open(address)
        if "home" in state["mainClass"].split() and state["notice"]:
            self.browser.browser_log()
            self.fail(view, f"{missing}: {state['notice']!r}")
            return None
        return state

    def check_embed(self, view, address, name):
        state = self.open_known(with_embed(address), f"{view} (embed)", "the app does not know this view's embed form")
        if state is None:
            return
        self.check(f"{view} (embed)", state, f"{name}-embed")
        if not self.browser.run("return Boolean(document.querySelector(arguments[0]));", HOOKS["embed_open_link"]):
            self.fail(f"{view} (embed)", f"no \"Open in GIL Lab\" link ({HOOKS['embed_open_link']}) in embed mode")

    # The views.

    def home(self):
        print("home")
        state = self.open("./")
        self.check("home", state, "home", expect_home=True)
        links = self.browser.run("return [...new Set([...document.querySelectorAll(arguments[0])].map(a => a.href))];", HOOKS["lesson_link"])
        self.check_embed("home", "./", "home")
        return [self.address(link) for link in links]

    def lab(self):
        print("lab")
        state = self.open("lab/")
        if not self.check("lab", state, "lab"):
            return
        has_timeline = self.browser.run("return Boolean(document.querySelector(arguments[0]));", HOOKS["timeline"])
        has_cards = self.browser.run("return Boolean(document.querySelector(arguments[0]));", HOOKS["metric_cards"])
        if not has_timeline or not has_cards:
            self.fail("lab", f"the lab shows no timeline ({has_timeline}) or no metric cards ({has_cards})")
            return
        for selector, value in (("#threads", "3"), ("#cores", "1")):
            result = self.browser.run_async(CHANGE_CONTROL, selector, HOOKS["timeline"], value)
            if result.get("error") or not result.get("changed"):
                self.fail("lab", f"setting {selector} to {value} did not update the timeline: {result}")
            else:
                print(f"  {selector} = {value}: timeline updated in {result['ms']:.0f} ms")
        state = self.settle()
        self.check("lab after a change", state, "lab-changed")
        self.check_embed("lab", "lab/", "lab")

    def sandbox(self):
        """Builds the convoy in the sandbox as a learner would: the quick form's threads become a
        group, a second group gets the I/O-bound preset, a program with an error is marked and
        leaves the last timeline in place, the fixed one runs; the link opens the same scenario,
        and so does its embed form. Returns the sandbox's address, for the phone-size screenshots."""
        print("sandbox")
        state = self.open("lab/?t=1&si=5ms")
        if not self.check("sandbox", state):
            return None
        for hook in ("write_programs", "add_group"):
            buttons = self.browser.find_all(HOOKS[hook])
            if not buttons:
                self.fail("sandbox", f"no {HOOKS[hook]} button")
                return None
            self.browser.click(buttons[0])
            self.settle()
        result = self.browser.run_async(CHANGE_CONTROL, "#group-2-preset", HOOKS["timeline"], "1")
        if not result.get("changed"):
            self.fail("sandbox", f"choosing the I/O-bound preset for a second group did not update the timeline: {result}")
            return None
        self.check("sandbox with two groups", self.settle(), "sandbox")
        self.browser.run(TYPE_TEXT, "#group-2-program", "repeat 20 {\n  io 5ms\n  cpu fast\n}")
        self.settle()
        broken = self.browser.run(SANDBOX_STATE)
        if broken["invalid"] != "true" or broken["describedBy"] != "group-2-program-error" or not broken["error"] or not broken["stale"]:
            self.fail("sandbox", f"a program with an error is not marked as one: {broken}")
        elif not broken["error"].startswith("line 3, column 7:"):
            self.fail("sandbox", f"the error does not say where it is: {broken['error']!r}")
        self.check("sandbox with an error", self.settle(), "sandbox-error")
        result = self.browser.run_async(CHANGE_CONTROL, "#group-2-program", HOOKS["timeline"], "repeat 20 {\n  io 5ms\n  cpu 1ms\n}")
        if not result.get("changed"):
            self.fail("sandbox", f"the fixed program did not run: {result}")
            return None
        time.sleep(1)  # the address is written once the settings rest
        built = self.browser.run(SANDBOX_STATE)
        address = self.address(self.browser.run("return location.href;"))
        if built["stale"] or not address.startswith("lab/?") or "w=" not in address:
            self.fail("sandbox", f"after the fix: stale {built['stale']}, address {address!r}")
            return None
        self.open(address)
        reopened = self.browser.run(SANDBOX_STATE)
        if (reopened["summary"], reopened["programs"]) != (built["summary"], built["programs"]):
            self.fail("sandbox", f"its link opens another scenario: {reopened} instead of {built}")
        self.check("sandbox from its link", self.settle(), "sandbox-link")
        # What docs/embedding.md shows a teacher: the embed code of their own scenario.
        if self.browser.run(OPEN_EMBED_CODE):
            self.check("sandbox embed code", self.settle(), "sandbox-embed-code")
        else:
            self.fail("sandbox", "no Embed button beside the timeline")
        self.check_embed("sandbox", address, "sandbox")
        return address

    def old_addresses(self):
        """Every old hash address opens its view at its path address, its query kept, in place of
        the old one (no new history entry), from the base or from another page."""
        print("old hash addresses")
        for page, old, expected, selector, text in OLD_ADDRESSES:
            view = f"{page}{old}"
            self.browser.get("about:blank")
            self.browser.get(self.url(page) + old)
            state = self.settle()
            facts = self.browser.run(VIEW_FACTS, selector)
            landed = self.address(facts["href"])
            history = self.browser.cdp("Page.getNavigationHistory")
            before = history["entries"][history["currentIndex"] - 1]["url"]
            self.check(f"{view} (old address)", state, f"old-{slug(old)}", expect_home=old == "#/nowhere")
            if not same_address(landed, expected):
                self.fail(view, f"landed on {landed!r}, not {expected!r}")
            if before != "about:blank":
                self.fail(view, f"Back leads to {before!r}, not to the page before: the old address was not replaced")
            if not facts["found"] or (text and not (facts["text"] or "").startswith(text)):
                self.fail(view, f"not its view: {selector} {'missing' if not facts['found'] else repr(facts['text'][:80])}")
            if facts["header"] == ("embed=1" in expected):
                self.fail(view, f"the site's header is {'shown' if facts['header'] else 'missing'}")

    def moves_without_reloading(self, first_step):
        """Next, a link in the site's header, Back and Forward all move within one document (the app
        follows the links itself), each to its address and view."""
        print("moves within the app")
        view = "moving within the app"
        self.open(first_step)
        self.browser.run("window.gilLabSameDocument = true;")
        second = first_step.replace("/1/", "/2/")

        def moved(what, expected, selector, text):
            before = self.browser.run("return location.href;")
            if what() is False:
                return
            self.browser.run_async(WAIT_FOR_STEP_CHANGE, before, None, "no-counter")
            self.settle()
            facts = self.browser.run(VIEW_FACTS, selector)
            landed = self.address(facts["href"])
            if not facts["sameDocument"]:
                self.fail(view, f"moving to {expected!r} loaded the page again")
            if not same_address(landed, expected) or not facts["found"] or (text and not (facts["text"] or "").startswith(text)):
                self.fail(view, f"moved to {landed!r} showing {facts['text']!r} for {selector}, not {expected!r}")

        def click(selector):
            links = self.browser.find_all(selector)
            if not links:
                self.fail(view, f"no {selector} on {first_step}")
                return False
            self.browser.click(links[0])

        moved(lambda: click(HOOKS["step_next"]), second, HOOKS["step_counter"], "Step 2 of")
        moved(lambda: click(".site-nav a[href*='lab/']"), "lab/?c=2", HOOKS["timeline"], None)
        moved(lambda: self.browser.run("history.back();"), second, HOOKS["step_counter"], "Step 2 of")
        moved(lambda: self.browser.run("history.back();"), first_step, HOOKS["step_counter"], "Step 1 of")
        moved(lambda: self.browser.run("history.forward();"), second, HOOKS["step_counter"], "Step 2 of")

    def open_in_lab(self, steps):
        """A lesson step's "Open this scenario in the lab" (shown once its question is answered, as
        the walk has done) opens the lab with the step's workers as groups."""
        print("open a step in the lab")
        for step in steps[:6]:
            self.open(step)
            href = self.browser.run("const a = document.querySelector(arguments[0]); return a && a.href;", HOOKS["open_in_lab"])
            if href:
                href = self.address(href)
                break
        else:
            self.fail("lessons", f"no {HOOKS['open_in_lab']} link beside the timeline of the first steps")
            return
        state = self.open(href)
        if self.check("a step opened in the lab", state, "step-in-lab") and not self.browser.find_all(".program-text"):
            self.fail(step, f"{href} opens a lab without the step's programs")
        return step

    def followed_link_starts_at_top(self, step):
        """On a phone, where a step's "Open this scenario in the lab" is far down the page, following
        it (a real click) opens the lab at its top, and Back goes back down to where the link was."""
        print("a followed link starts at the top")
        view = "a followed link (phone)"
        self.browser.emulate_viewport(PHONE)
        try:
            self.open(step)
            links = self.browser.find_all(HOOKS["open_in_lab"])
            if not links:
                self.fail(view, f"no {HOOKS['open_in_lab']} link on {step}")
                return
            self.browser.click(links[0])
            self.settle()
            opened_at = self.browser.run("return window.scrollY;")
            print(f"  the lab opened at {opened_at} px")
            if opened_at > 1:
                self.fail(view, f"the lab opened {opened_at} px down its page, not at its top")
            self.browser.run("history.back();")
            self.settle()
            back_at = self.browser.run("return window.scrollY;")
            print(f"  Back returned to the step at {back_at} px")
            if back_at <= 0:
                self.fail(view, "Back returned to the step's top, not to where its link was")
        finally:
            self.browser.emulate_viewport(None)

    def frames_of_any_width(self, step):
        """A lesson step and the lab embedded in frames 860, 600 and 390 px wide (a course's column, a
        narrow one, a phone): one column, and the timeline's labels at least 11 px on screen."""
        print("frames of any width")
        for width in (860, 600, 390):
            for view, address in (("lesson step", step), ("lab", "lab/")):
                self.open("./")
                seen = self.browser.run_async(IN_A_FRAME, self.url(with_embed(address)), width)
                name = f"{view} in a {width} px frame"
                print(f"  {name}: {seen}")
                if seen.get("error"):
                    self.fail(name, seen["error"])
                    continue
                if not seen["oneColumn"]:
                    self.fail(name, "two columns: the timeline squeezed beside the text or the controls")
                if seen["smallestLabel"] < 11:
                    self.fail(name, f"timeline labels {seen['smallestLabel']:.1f} px on screen, below 11")
                if seen["pageScrollsSideways"] or seen["drawnWidth"] > seen["frameWidth"] + 1:
                    self.fail(name, "the page or the timeline scrolls sideways: the timeline is not laid out for its frame")
                self.browser.screenshot(os.path.join(self.artifacts, f"frame-{width}-{slug(view)}.png"))
                self.screenshots += 1

    def validation(self):
        """The simulator against real CPython: the page fetches its cases, and shows every group's table."""
        print("validation")
        state = self.open_known("fidelity/", "validation", "the app does not know the validation page")
        if state is None:
            return
        if self.check("validation", state, "validation"):
            tables = len(self.browser.find_all(".validation-table"))
            rows = len(self.browser.find_all(".validation-table tbody tr"))
            if tables < 5 or rows < 40:
                self.fail("validation", f"the page shows {tables} tables and {rows} cases; the suite has more")
        self.check_embed("validation", "fidelity/", "validation")

    def compare(self):
        print("compare")
        state = self.open_known("compare/", "compare", "the app does not know the compare view")
        if state is None:
            return
        if self.check("compare", state, "compare") and not self.browser.find_all(HOOKS["compare"]):
            self.fail("compare", f"the compare view has no {HOOKS['compare']}")
        self.check_embed("compare", "compare/", "compare")

    def lesson(self, href):
        print(f"lesson {href}")
        state = self.open_known(href, href, "the home page links to a lesson the app does not know")
        if state is None:
            return []
        requested = self.browser.run(LESSON_REQUESTS)
        if sorted(initiator for _, initiator in requested) != ["link", "link"]:
            self.fail(href, f"the step's two files were not each fetched once, asked for by boot.js beside the wasm module: {requested}")
        steps = []
        for _ in range(MAX_STEPS_PER_LESSON):
            address = state["address"]
            view = address or href
            steps.append(address)
            self.check(view, state, slug(address))
            self.answer_prediction(view)
            counter = state["stepCounter"]
            position = re.search(r"(\d+)\D+(\d+)", counter or "")
            if not position:
                self.fail(view, f"no step counter ({HOOKS['step_counter']}) saying which step of how many this is")
                break
            if int(position.group(1)) >= int(position.group(2)):
                break
            nexts = self.browser.find_all(HOOKS["step_next"])
            enabled = nexts and self.browser.run(
                "const b = document.querySelector(arguments[0]); return !b.disabled && b.getAttribute('aria-disabled') !== 'true';",
                HOOKS["step_next"],
            )
            if not enabled:
                self.fail(view, f"the next button ({HOOKS['step_next']}) is missing or disabled before the last step")
                break
            self.browser.click(nexts[0])
            if not self.browser.run_async(WAIT_FOR_STEP_CHANGE, state["href"], counter, HOOKS["step_counter"]):
                self.fail(view, "the next button did not move to another step")
                break
            state = self.settle()
        else:
            self.fail(href, f"more than {MAX_STEPS_PER_LESSON} steps: is the next button going round in circles?")
        if position and len(steps) != int(position.group(2)):
            self.fail(href, f"walked {len(steps)} steps but the counter says {position.group(2)}")
        return steps

    def answer_prediction(self, view):
        if not self.browser.find_all(HOOKS["prediction"]):
            return
        choices = self.browser.find_all(f'{HOOKS["prediction"]} :is({HOOKS["prediction_choice"]})')
        if not choices:
            self.fail(view, "a prediction step without choices")
            return
        self.browser.click(choices[0])
        self.settle()
        self.check(f"{view} (answered)", self.settle(), f"{slug(view)}-answered")

    def updated_notice(self):
        """A visit after a new deployment (another wasm module's name than the last visit's) says
        the page was updated, once."""
        print("updated notice")
        self.browser.run("localStorage.setItem('gil-lab:build', '/an-older-build_bg.wasm');")
        state = self.open("./")
        shown = self.browser.run("const notice = document.querySelector('.updated-notice'); return notice && notice.textContent;")
        self.check("home after an update", state, "updated-notice", expect_home=True)
        if not shown:
            self.fail("home after an update", "no notice that GIL Lab was updated since the last visit")
        self.open("./")
        if self.browser.find_all(".updated-notice"):
            self.fail("home after an update", "the update notice shows again on the next visit")

    def offline(self, lesson_step, server):
        """After the walk, with the server stopped: a lesson step visited before still opens, its
        text and lesson from the service worker's cache (assets/sw.js)."""
        print("offline")
        server.stop()
        state = self.open(lesson_step)
        self.opened_offline(self.browser, f"{lesson_step} (offline)", state, "offline-lesson-step")

    def offline_never_visited(self, lesson_step, server):
        """A first visit to the home page stores the page and every lesson for reading offline
        (assets/sw.js, asked by boot.js once the page is idle): with the server stopped, a step never
        visited opens from the cache, in a browser of its own whose profile has seen nothing else."""
        print("offline, a lesson never visited")
        view = f"{lesson_step} (offline, never visited)"
        with Browser() as fresh:
            fresh.set_timeouts(30000)
            fresh.get(self.base_url)
            if not fresh.run_async(WAIT_FOR_STORED_LESSONS):
                self.fail(view, "the lessons were not stored for offline reading within 20 s of a first visit")
                return
            server.stop()
            fresh.get(self.url(lesson_step))
            self.opened_offline(fresh, view, fresh.run_async(SETTLE, HOOKS), "offline-never-visited-step")

    def opened_offline(self, browser, view, state, name):
        """Checks a lesson step opened with the server stopped: its counter and text are there."""
        # The browser reports the requests that could not reach the stopped server (the service
        # worker's own update check among them): expected here, so the console is not judged.
        browser.browser_log()
        self.pages += 1
        browser.screenshot(os.path.join(self.artifacts, f"{name}.png"))
        self.screenshots += 1
        problem = page_problem(state, expect_home=False)
        if problem:
            self.fail(view, problem)
        elif not state["stepCounter"] or not browser.find_all(".step-text"):
            self.fail(view, f"the step did not open from the cache: counter {state['stepCounter']!r}")

    def phone(self, lesson_step, sandbox):
        print("phone size")
        self.browser.emulate_viewport(PHONE)
        self.browser.cdp("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
        try:
            for view, address in (("home", "./"), ("lab", "lab/"), ("sandbox", sandbox), ("lesson step", lesson_step)):
                if address:
                    self.check(f"{view} (phone)", self.open(address), f"phone-{slug(view)}", expect_home=address == "./")
                    if view in ("lab", "lesson step"):
                        self.phone_timeline(view, zoom=view == "lesson step")
                    if view == "lab":
                        self.lab_settings_on_phone()
        finally:
            self.browser.cdp("Emulation.setTouchEmulationEnabled", {"enabled": False})
            self.browser.emulate_viewport(None)

    def touch(self, kind, points):
        """Real touch input (the browser's own gesture handling included): points are (x, y) in CSS pixels."""
        touches = [{"x": x, "y": y, "id": index} for index, (x, y) in enumerate(points)]
        self.browser.cdp("Input.dispatchTouchEvent", {"type": kind, "touchPoints": touches})

    def controls_at_hand(self, view, timeline):
        """On a phone the chart starts close under its heading; Play, Next event and Fit are right
        above its lanes, on screen with them and big enough for a finger; "More" shows the other
        controls, each as big, and the legend's line opens the legend."""
        print(f"  {view}: the chart starts {timeline['headingToChart']:.0f} px below its heading")
        if timeline["headingToChart"] > 150:
            self.fail(f"{view} (phone)", f"the chart starts {timeline['headingToChart']:.0f} px below the timeline's heading, not within 150 px")
        for control in self.browser.run(CONTROLS_AT_HAND):
            if not control["shown"] or not 0 <= control["aboveChart"] <= 120 or min(control["height"], control["width"]) < 44:
                self.fail(f"{view} (phone)", f"{control['selector']} is not on screen within 120 px above the lanes, at least 44 px for a finger: {control}")
        more = self.browser.find_all(".timeline-more-toggle")
        if not more:
            self.fail(f"{view} (phone)", "no \"More\" button for the timeline's other controls")
            return
        self.browser.click(more[0])
        opened = self.browser.run(TIMELINE_ON_PHONE)
        if opened["folded"] or opened["smallestControl"] < 44 or more[0] and not self.expanded(".timeline-more-toggle"):
            self.fail(f"{view} (phone)", f"\"More\" left {opened['folded']} controls hidden, the smallest {opened['smallestControl']:.0f} px tall")
        self.browser.click(more[0])
        key = self.browser.find_all(".legend-toggle")
        legend_shown = "return document.querySelector('.timeline .legend').getClientRects().length > 0;"
        if not key or self.browser.run(legend_shown):
            self.fail(f"{view} (phone)", "the legend is not folded into one line")
            return
        self.browser.click(key[0])
        if not self.browser.run(legend_shown) or not self.expanded(".legend-toggle"):
            self.fail(f"{view} (phone)", "a tap on the legend's line does not open the legend")
        self.browser.click(key[0])

    def expanded(self, selector):
        return self.browser.run("return document.querySelector(arguments[0]).getAttribute('aria-expanded') === 'true';", selector)

    def lab_settings_on_phone(self):
        """The lab on a phone: its chart starts on the first screen, under the scenario's summary;
        "Change" opens the settings with focus on the first, and closing them puts focus back."""
        view = "lab (phone)"
        chart_top = self.browser.run("return document.querySelector('.timeline-frame').getBoundingClientRect().top + scrollY;")
        print(f"  lab: the chart starts {chart_top:.0f} px from the page's top")
        if chart_top > PHONE[1]:
            self.fail(view, f"the chart starts {chart_top:.0f} px from the page's top, below the first screen ({PHONE[1]} px)")
        change = self.browser.find_all(".lab-change")
        if not change:
            self.fail(view, "no \"Change\" button above the results")
            return
        self.browser.run("scrollTo(0, 0);")
        self.browser.click(change[0])
        opened = self.browser.run(LAB_SETTINGS_STATE)
        if not opened["expanded"] or not opened["firstSettingShown"] or not opened["focusOnFirstSetting"]:
            self.fail(view, f"\"Change\" did not open the settings with focus on the first: {opened}")
        closes = self.browser.find_all(".lab-close")
        if closes:
            self.browser.click(closes[0])
        closed = self.browser.run(LAB_SETTINGS_STATE)
        if closed["expanded"] or closed["firstSettingShown"] or not closed["focusOnChange"]:
            self.fail(view, f"closing the settings did not fold them with focus back on \"Change\": {closed}")

    def phone_timeline(self, view, zoom):
        """The timeline scrolled into view: lanes 24 px tall with 13 px labels, controls a finger can
        hit (44 px); with zoom, a pinch then a drag to the left zoom in and move to later times, and
        the labels stay at the frame's left edge."""
        name = f"phone-{slug(view)}-timeline"
        before = self.browser.run(TIMELINE_ON_PHONE)
        if not before:
            self.fail(f"{view} (phone)", "no timeline")
            return
        if before["laneHeight"] < 24 or before["labelSize"] < 13:
            self.fail(f"{view} (phone)", f"lanes {before['laneHeight']} px tall, labels {before['labelSize']} px: shrunk to fit")
        if before["smallestControl"] < 44:
            self.fail(f"{view} (phone)", f"a timeline control only {before['smallestControl']:.0f} px tall for a finger")
        if zoom:
            # Two fingers on the second lane, 60 px apart, spread to 180, then one dragged 150 px left.
            y = before["firstLane"] + 40
            middle = before["frame"]["left"] + before["frame"]["width"] * 0.6
            self.touch("touchStart", [(middle - 30, y), (middle + 30, y)])
            for step in range(1, 7):
                self.touch("touchMove", [(middle - 30 - 10 * step, y), (middle + 30 + 10 * step, y)])
            self.touch("touchEnd", [])
            zoomed = self.browser.run(TIMELINE_ON_PHONE)
            self.touch("touchStart", [(middle + 60, y)])
            for step in range(1, 11):
                self.touch("touchMove", [(middle + 60 - 15 * step, y)])
            self.touch("touchEnd", [])
            time.sleep(0.3)
            after = self.browser.run(TIMELINE_ON_PHONE)
            print(f"  {view}: {before['shown']} ms shown → pinched {zoomed['shown']} ms → dragged: from {after['firstTick']} ms, frame scrolled {after['scrolled']} px")
            if not zoomed["shown"] or zoomed["shown"] >= before["shown"] / 1.5:
                self.fail(f"{view} (phone)", f"a pinch did not zoom in: {before['shown']} ms shown, then {zoomed['shown']} ms")
            if after["scrolled"] <= before["scrolled"] and after["firstTick"] <= zoomed["firstTick"]:
                self.fail(f"{view} (phone)", f"a drag to the left neither scrolled the frame nor panned: {zoomed} → {after}")
            if abs(after["labelsLeft"] - after["frame"]["left"]) > 10:
                self.fail(f"{view} (phone)", f"the lanes' labels left the frame's edge: at {after['labelsLeft']}, the frame at {after['frame']['left']}")
            name += "-zoomed"
            self.play_then_fit(view)
        self.controls_at_hand(view, before)
        self.check(f"{view} timeline (phone)", self.settle(), name)

    def play_then_fit(self, view):
        """On the phone, zoomed in, Play keeps the playhead on screen; then Fit shows the whole run."""
        played = self.browser.run_async(PLAYHEAD_IN_VIEW)
        print(f"  {view}: playing {played}")
        if not played or not played["frames"] or played["outside"]:
            self.fail(f"{view} (phone)", f"the playhead left the screen while playing: {played}")
        fitted = self.browser.run_async(FIT)
        print(f"  {view}: after Fit {fitted}")
        if not fitted:
            self.fail(f"{view} (phone)", "no visible Fit button")
            return
        ticks, end = fitted["ticks"], fitted["endMs"]
        step = ticks[1] - ticks[0] if len(ticks) > 1 else end
        if not fitted["fits"] or not ticks or ticks[0] != 0 or ticks[-1] + step <= end:
            self.fail(f"{view} (phone)", f"Fit does not show the whole run of {end} ms: {fitted}")


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    dist = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "dist")
    artifacts = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "test-artifacts", "e2e")
    os.makedirs(artifacts, exist_ok=True)
    for old in os.listdir(artifacts):
        if old.endswith(".png"):
            os.remove(os.path.join(artifacts, old))
    if not os.path.isfile(AXE):
        print(f"end-to-end: {AXE} is missing; install it with npm ci (scripts/setup does)")
        return 1
    with open(AXE, encoding="utf-8") as file:
        axe_source = file.read()
    started = time.monotonic()
    # Under a folder, as a GitHub Pages project site serves it: nothing may assume the host's root.
    with StaticServer(dist, folder="gil-lab/") as server, Browser() as browser:
        browser.set_timeouts(20000)
        # In every document the walk opens, before the page's own scripts (DevTools injects it, so
        # the page's Content-Security-Policy, which allows no other script, does not apply).
        browser.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": axe_source})
        walk = Walk(browser, server.url, artifacts)
        lessons, all_steps = [], []
        try:
            lessons = walk.home()
            walk.lab()
            sandbox = walk.sandbox()
            walk.compare()
            walk.validation()
            if not lessons:
                walk.fail("home", f"the home page links to no lesson ({HOOKS['lesson_link']})")
            for href in lessons:
                all_steps.extend(walk.lesson(href))
            for address in all_steps:
                walk.check_embed(address, address, slug(address))
            walk.old_addresses()
            if all_steps:
                walk.moves_without_reloading(all_steps[0])
            if all_steps:
                step_with_link = walk.open_in_lab(all_steps)
                if step_with_link:
                    walk.followed_link_starts_at_top(step_with_link)
            walk.phone(all_steps[0] if all_steps else None, sandbox)
            if all_steps:
                walk.frames_of_any_width(all_steps[0])
            walk.updated_notice()
            if all_steps:
                walk.offline_never_visited(all_steps[-1], server)
                walk.offline(all_steps[0], server)
        except WebDriverError as error:
            walk.fail("webdriver", str(error))
    elapsed = time.monotonic() - started
    print(
        f"\nend-to-end: {walk.pages} pages checked, {len(lessons)} lessons, {len(all_steps)} steps, "
        f"{walk.screenshots} screenshots in {os.path.relpath(artifacts, root)}/, {elapsed:.1f} s"
    )
    if walk.failures:
        print(f"{len(walk.failures)} failure(s):")
        for failure in walk.failures:
            print(f"  {failure}")
        return 1
    print("no console errors, no blank page, no panic")
    return 0


if __name__ == "__main__":
    sys.exit(main())
