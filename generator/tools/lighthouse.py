"""`make lighthouse`: Lighthouse (npm, pinned in tools/lighthouse) against Debian's chromium, mobile
preset, on the home, a document, a theme, a matrix and the explorer page in both languages of the
built site. Prints the four category scores per page as a Markdown table and exits 1 when
Accessibility, Best Practices or SEO is below 100 (Performance is a timing: reported, not asserted).
The test suite holds the same three at 100 through `audit_pages` (tests/test_lighthouse.py).

Run as `python -m generator.tools.lighthouse [SITE]` with CHROME_PATH set (the make target does both)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from generator.paths import REPO_ROOT
from generator.tools.searchprobe import chromium_path, serve_site

TOOL = REPO_ROOT / "tools" / "lighthouse"
LIGHTHOUSE = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
AUDIT = TOOL / "audit.mjs"  # one chromium for every page: a browser start per page cost more than the audit
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
ASSERTED = ("accessibility", "best-practices", "seo")
MISSING = (f"{LIGHTHOUSE} is missing: install the pinned Lighthouse with "
           "`cd tools/lighthouse && npm ci` (`make test` and `make lighthouse` do this; they need Node and npm)")


class LighthouseError(RuntimeError):
    """Lighthouse is not installed or could not audit a page (the message says which and why)."""


def sample_pages(site: Path) -> dict[str, str]:
    """One page of each audited type, chosen from the built site (the first in name order)."""
    def first(folder: str) -> str:
        names = sorted(p.parent.name for p in (site / folder).glob("*/index.html") if not p.parent.name.startswith("page-"))
        if not names:
            raise SystemExit(f"{site}/{folder}: no pages — build the site first (make build)")
        return f"{folder}/{names[0]}/"
    return {"home": "", "document": first("documents"), "theme": first("themes"), "matrix": first("matrices"),
            "explorer": "explorer/"}


def audit_pages(urls: list[str], categories=CATEGORIES, timeout: float = 900) -> dict[str, dict]:
    """Scores 0–100 per category for each URL, and under "failing" the audits that cost points outside
    Performance (so a failure says what to fix). One node process and one chromium for all URLs; on a
    timeout both are stopped (audit.mjs stops its browser on SIGTERM) before the error is raised."""
    if not LIGHTHOUSE.exists():
        raise LighthouseError(MISSING)
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH") or chromium_path())
    proc = subprocess.Popen(["node", str(AUDIT), ",".join(categories), *urls], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.terminate()
        try:
            proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
        raise LighthouseError(f"lighthouse took over {timeout:.0f} s on {len(urls)} pages") from None
    if proc.returncode != 0:
        raise LighthouseError(f"lighthouse failed (exit {proc.returncode}):\n{err[-2000:]}")
    results = {}
    for line in out.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            results[row["url"]] = {**row["scores"], "failing": row["failing"]}
    if set(results) != set(urls):
        raise LighthouseError(f"lighthouse reported no scores for {sorted(set(urls) - set(results))}:\n{err[-2000:]}")
    return results


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else REPO_ROOT / "site"
    rows, bad = [], []
    # served gzip-compressed as any static host does (the README's page weights count gzip bytes too)
    with serve_site(site, compress=True) as base:
        pages = [(f"{kind} ({lang})", prefix + path) for lang, prefix in (("zh", "/"), ("en", "/en/"))
                 for kind, path in sample_pages(site).items()]
        try:
            results = audit_pages([base + path for _, path in pages])
        except LighthouseError as error:
            print(error, file=sys.stderr)
            return 2
        for name, path in pages:
            scores = results[base + path]
            rows.append((name, path, scores))
            if any(scores[c] < 100 for c in ASSERTED):
                bad.append(f"{path}: " + ", ".join(scores["failing"]))
    print("| page | path | Performance | Accessibility | Best Practices | SEO |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, path, s in rows:
        print(f"| {name} | `{path}` | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} |")
    if bad:
        print("\nbelow 100 in Accessibility, Best Practices or SEO:\n" + "\n".join(bad), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
