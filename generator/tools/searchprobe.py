"""What one search costs a reader: the bytes a real browser downloads from /pagefind/ for a query typed
into the header search box. Used by the browser tests (a budget) and by `make bench` (a column per
scale). Needs Playwright and Debian's chromium (`make test` and `make bench` install them).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

# a query of each kind: a two-character word inside compounds, and a longer term
QUERIES = ("档案", "户籍制度")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_files: dict[str, Path] = {}  # URL path → file served beside the site (see serve_site)

    def log_message(self, *args) -> None:  # noqa: D102 - keep test output clean
        pass

    def translate_path(self, path: str) -> str:
        extra = self.extra_files.get(path.split("?", 1)[0])
        return str(extra) if extra else super().translate_path(path)


class _GzipHandler(_QuietHandler):
    """Text files gzip-compressed when the browser accepts it, as a static host (GitHub Pages, nginx)
    serves them: Lighthouse's Performance models transfer time from the bytes actually sent."""
    TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # its redirect to the address with a slash
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.TEXT or not path.is_file():
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that moves on to the next page drops what it was still loading (BrokenPipe,
        ConnectionReset): expected, not worth a traceback. Anything else is still reported."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextmanager
def serve_site(site: Path, compress: bool = False, extra_files: dict[str, Path] | None = None):
    """The built site over HTTP on a free loopback port (text gzip-compressed with `compress`); yields its base URL.
    `extra_files` ({"/url/path.js": file}) are served beside it without touching the site (the tests' axe-core:
    a script the browser fetches by URL is compiled once and reused from its cache, not on every page)."""
    base = _GzipHandler if compress else _QuietHandler
    handler_class = type("Handler", (base,), {"extra_files": dict(extra_files or {})})
    handler = functools.partial(handler_class, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def chromium_path() -> str:
    """Debian's chromium, the whole browser (Lighthouse drives it)."""
    return shutil.which("chromium") or "/usr/bin/chromium"


def headless_chromium_path() -> str:
    """The browser Playwright drives: Debian's chromium-headless-shell (the same Blink and V8 as chromium,
    built without the desktop browser around them: measured, 40% less CPU per page load, most of it the
    browser process's), else chromium itself."""
    return shutil.which("chromium-headless-shell") or chromium_path()


def query_bytes(browser, base_url: str, path: str = "/", queries=QUERIES) -> dict:
    """Bytes from /pagefind/ per query on one page: the first query pays for Pagefind's code and WASM
    ("cold"), later ones only for index chunks and result fragments ("warm")."""
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context()
    page = context.new_page()
    sizes: list[tuple[int, int]] = []  # (bytes as served here, bytes gzip-compressed as a typical host sends them)

    def record(response) -> None:
        if "/pagefind/" in response.url and response.ok:
            try:
                body = response.body()
            except PlaywrightError:  # the tab closed under a late response (after the last query): not counted
                return
            sizes.append((len(body), len(gzip.compress(body, compresslevel=6))))

    page.on("response", record)
    try:
        page.goto(base_url + path)
        sizes.clear()  # the page itself loads nothing from /pagefind/; opening search does
        page.keyboard.press("/")
        page.wait_for_selector("#pf-dialog[open] .pagefind-ui__search-input")
        per_query = []
        for n, query in enumerate(queries):
            if n:  # the first query also pays for opening search (UI code, WASM): cold; later ones are warm
                sizes.clear()
            page.fill("#pf-dialog .pagefind-ui__search-input", query)
            # this query's results, not the last one's still on screen: Pagefind names the query it answered
            # (its input is debounced, so a result from before is there at once and the fetches not yet started)
            page.wait_for_function("""q => { const m = document.querySelector('#pf-dialog .pagefind-ui__message');
                return !!m && m.textContent.includes(q) && !!document.querySelector('#pf-dialog .pagefind-ui__result') }""",
                                   arg=query)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            per_query.append((sum(s for s, _ in sizes), sum(min(s, g) for s, g in sizes)))
    finally:
        page.remove_listener("response", record)
        context.close()
    warm = max(per_query[1:] or per_query)
    return {"cold_query_bytes": per_query[0][0], "cold_query_gzip_bytes": per_query[0][1],
            "warm_query_bytes": warm[0], "warm_query_gzip_bytes": warm[1], "queries": list(queries)}


def measure_site(site: Path) -> dict:
    """query_bytes against a built site, with its own server and browser (for the benchmark)."""
    from playwright.sync_api import sync_playwright

    with serve_site(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=headless_chromium_path(), args=CHROMIUM_ARGS)
        try:
            return query_bytes(browser, base)
        finally:
            browser.close()
