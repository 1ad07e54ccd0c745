"""`make lighthouse`: Lighthouse (npm, pinned in tools/lighthouse) against Debian's chromium, mobile
preset, on the home, a document, a theme, a matrix and the explorer page in both languages of the
built site. Prints the four category scores per page as a Markdown table and exits 1 when
Accessibility, Best Practices or SEO is below 100 (Performance is a timing: reported, not asserted).

Run as `python -m generator.tools.lighthouse [SITE]` with CHROME_PATH set (the make target does both)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from generator.paths import REPO_ROOT
from generator.tools.searchprobe import chromium_path, serve_site

LIGHTHOUSE = REPO_ROOT / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
ASSERTED = ("accessibility", "best-practices", "seo")


def sample_pages(site: Path) -> dict[str, str]:
    """One page of each audited type, chosen from the built site (the first in name order)."""
    def first(folder: str) -> str:
        names = sorted(p.parent.name for p in (site / folder).glob("*/index.html") if not p.parent.name.startswith("page-"))
        if not names:
            raise SystemExit(f"{site}/{folder}: no pages — build the site first (make build)")
        return f"{folder}/{names[0]}/"
    return {"home": "", "document": first("documents"), "theme": first("themes"), "matrix": first("matrices"),
            "explorer": "explorer/"}


def audit(url: str) -> dict[str, int]:
    """Scores 0–100 per category for one URL (mobile preset, Lighthouse's default)."""
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH") or chromium_path())
    cmd = ["node", str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
           f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    # the audits that cost points in an asserted category, so a failure says what to fix
    scores["failing"] = sorted(a["id"] for c in ASSERTED for ref in report["categories"][c]["auditRefs"]
                               if ref["weight"] and (a := report["audits"][ref["id"]])["score"] is not None and a["score"] < 1)
    return scores


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else REPO_ROOT / "site"
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `make lighthouse` (it installs the pinned Lighthouse with npm ci)", file=sys.stderr)
        return 2
    rows, bad = [], []
    with serve_site(site) as base:
        for lang, prefix in (("zh", "/"), ("en", "/en/")):
            for kind, path in sample_pages(site).items():
                scores = audit(base + prefix + path)
                rows.append((f"{kind} ({lang})", prefix + path, scores))
                print(f"{prefix + path}: {scores}", file=sys.stderr, flush=True)
                if any(scores[c] < 100 for c in ASSERTED):
                    bad.append(f"{prefix + path}: " + ", ".join(scores["failing"]))
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
