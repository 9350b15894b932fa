"""A small W3C WebDriver client for headless Chromium, and a static server for dist/.

Python standard library only: the end-to-end test (tests/e2e/run.py) and the browser benchmark
(scripts/bench-browser) share it. ChromeDriver speaks W3C WebDriver over HTTP; we add its
Chrome-only endpoints for the browser log (`/se/log`) and the DevTools protocol (`/goog/cdp/execute`).
"""

import base64
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver")
DESKTOP = (1280, 900)
PHONE = (390, 844)

# The hooks the app's views put on their elements for tools like this one (README.md, "Run every test").
HOOKS = {
    "timeline": '[data-testid="timeline"]',
    "metric_cards": '[data-testid="metric-cards"]',
    "lesson_link": '[data-testid="lesson-link"]',
    "step_next": '[data-testid="step-next"]',
    "step_counter": '[data-testid="step-counter"]',
    "prediction": '[data-testid="prediction"]',
    "prediction_choice": '[data-testid="prediction-choice"]',
    "compare": '[data-testid="compare"]',
    "embed_open_link": '[data-testid="embed-open-link"]',
    "panic_panel": '[data-testid="panic-panel"]',
    "write_programs": '[data-testid="write-programs"]',
    "add_group": '[data-testid="add-group"]',
    "open_in_lab": '[data-testid="open-in-lab"]',
}


class WebDriverError(Exception):
    pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript"}

    folder = "/"

    def translate_path(self, path):
        """The file at `path` within the served folder; outside it, none."""
        if not path.startswith(self.folder):
            return os.path.join(self.directory, ".outside-the-served-folder", "missing")
        return super().translate_path("/" + path[len(self.folder) :])

    def end_headers(self):
        # Every load fetches the files again: the benchmark measures a first visit, not the cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args):
        pass


class _HostLikeHandler(_QuietHandler):
    """Serves as a real host does: compressed with gzip, and trunk's hashed files cached for a year."""

    COMPRESSED_TYPES = ("text/", "application/wasm", "application/json", "image/svg+xml")
    HASHED_NAME = re.compile(r"-[0-9a-f]{16}(_bg)?\.(js|wasm|css|svg)$")

    def end_headers(self):
        caching = "public, max-age=31536000, immutable" if self.HASHED_NAME.search(self.path.split("?")[0]) else "no-cache"
        self.send_header("Cache-Control", caching)
        # Past _QuietHandler, whose `no-store` is what this handler replaces.
        http.server.SimpleHTTPRequestHandler.end_headers(self)

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        content_type = self.guess_type(path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (os.path.isfile(path) and wants_gzip and content_type.startswith(self.COMPRESSED_TYPES)):
            super().do_GET()
            return
        with open(path, "rb") as file:
            body = gzip.compress(file.read(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class StaticServer:
    """Serves a directory on 127.0.0.1 on a free port, from a thread: uncached and uncompressed, or,
    with `like_a_host`, compressed and cached as a real host serves it (the Lighthouse runs). With
    `folder` (`gil-lab/`), the directory is served under that folder, as a GitHub Pages project
    site is, and nothing outside it: `url` is the folder's."""

    def __init__(self, directory, like_a_host=False, folder=""):
        if not os.path.isfile(os.path.join(directory, "index.html")):
            raise SystemExit(f"{directory}/index.html is missing: build the app first (trunk build --release)")
        served = type("Handler", (_HostLikeHandler if like_a_host else _QuietHandler,), {"folder": "/" + folder})
        handler = functools.partial(served, directory=directory)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/{folder}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        """Stops serving (the offline check); stopping twice is harmless."""
        self.server.shutdown()
        self.server.server_close()


class Browser:
    """One headless Chromium session driven through a ChromeDriver started on a free port."""

    def __init__(self, size=DESKTOP):
        self.size = size
        self.port = free_port()
        self.driver = None
        self.session = None

    def __enter__(self):
        for path, what in ((CHROMEDRIVER, "chromedriver (set CHROMEDRIVER)"), (CHROMIUM, "Chromium (set CHROMIUM)")):
            if not os.path.exists(path):
                raise SystemExit(f"{what} is not at {path}")
        self.driver = subprocess.Popen(
            [CHROMEDRIVER, f"--port={self.port}", "--allowed-ips=127.0.0.1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            self._wait_for_driver()
            width, height = self.size
            capabilities = {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": [
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-extensions",
                        "--no-first-run",
                        "--hide-scrollbars",
                        f"--window-size={width},{height}",
                    ],
                },
                "goog:loggingPrefs": {"browser": "ALL"},
            }
            reply = self._call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
            self.session = reply["sessionId"]
        except BaseException:
            self.driver.kill()
            self.driver.wait()
            raise
        return self

    def __exit__(self, *exc):
        try:
            if self.session:
                self._call("DELETE", f"/session/{self.session}")
        except (WebDriverError, OSError):
            pass
        finally:
            self.driver.terminate()
            try:
                self.driver.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.driver.kill()
                self.driver.wait()

    def _wait_for_driver(self):
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.driver.poll() is not None:
                raise SystemExit(f"chromedriver exited with status {self.driver.returncode}")
            try:
                if self._call("GET", "/status").get("ready"):
                    return
            except (OSError, WebDriverError):
                pass
            time.sleep(0.05)
        raise SystemExit("chromedriver did not start within 15 s")

    def _call(self, method, path, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                payload = json.load(response)
        except urllib.error.HTTPError as error:
            try:
                detail = json.load(error).get("value", {})
            except ValueError:
                detail = {}
            raise WebDriverError(f"{method} {path}: {detail.get('error', error.code)}: {detail.get('message', '')[:300]}") from None
        value = payload.get("value")
        return value if value is not None or "value" in payload else payload

    def command(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def get(self, url):
        self.command("POST", "/url", {"url": url})

    def run(self, script, *args):
        """Runs a function body in the page and returns what it returns."""
        return self.command("POST", "/execute/sync", {"script": script, "args": list(args)})

    def run_async(self, script, *args):
        """Runs a function body whose last argument is a callback; returns what it is called with."""
        return self.command("POST", "/execute/async", {"script": script, "args": list(args)})

    def cdp(self, cmd, params=None):
        return self.command("POST", "/goog/cdp/execute", {"cmd": cmd, "params": params or {}})

    def set_timeouts(self, script_ms):
        self.command("POST", "/timeouts", {"script": script_ms})

    def browser_log(self):
        """The console messages and errors since the last call (ChromeDriver's log endpoint)."""
        return self.command("POST", "/se/log", {"type": "browser"})

    def find_all(self, css):
        found = self.command("POST", "/elements", {"using": "css selector", "value": css})
        return [next(iter(element.values())) for element in found]

    def click(self, element):
        self.command("POST", f"/element/{element}/click", {})

    def screenshot(self, path):
        png = base64.b64decode(self.command("GET", "/screenshot"))
        with open(path, "wb") as file:
            file.write(png)

    def emulate_viewport(self, size):
        """Sets the page's viewport to size (width, height), as a phone would have it; None restores the window's."""
        if size is None:
            self.cdp("Emulation.clearDeviceMetricsOverride")
        else:
            width, height = size
            self.cdp("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
