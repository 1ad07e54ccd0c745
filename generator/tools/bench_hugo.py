"""The benchmark's Hugo side (used by tools/bench.py): Hugo over the very Markdown our render stage staged
(.build/staging/docs), with a minimal layout of the same job (page shell, section nav, table of
contents, content), plus the same Pagefind indexing over its pages for a like-for-like total.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HUGO_CONFIG = """\
baseURL = "http://127.0.0.1/"
title = "Benchmark"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = false
disableKinds = ["taxonomy", "term", "RSS"]

[markup.goldmark.renderer]
unsafe = true
[markup.goldmark.parser.attribute]
title = true
block = true
[markup.tableOfContents]
startLevel = 2
endLevel = 3

[languages.zh]
languageName = "简体中文"
weight = 1
contentDir = "content/zh"
[languages.en]
languageName = "English"
weight = 2
contentDir = "content/en"
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!doctype html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "assets/site.css" | relURL }}">
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
{{ range .Translations }} <a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}
</header>
{{ partial "nav.html" . }}
<aside class="toc">{{ .TableOfContents }}</aside>
<main data-pagefind-body>
{{ block "main" . }}{{ end }}
</main>
<script src="{{ "assets/explorer.js" | relURL }}"></script>
</body>
</html>
""",
    "partials/nav.html": """\
<nav><ul>
{{ $here := . }}
{{ range .Site.Sections }}<li{{ if $here.IsDescendant . }} class="active"{{ end }}><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
{{ range .Site.Home.RegularPages }}<li{{ if eq $here . }} class="active"{{ end }}><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ul></nav>
""",
    "_default/single.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
    "_default/list.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
    "index.html": '{{ define "main" }}{{ .Content }}{{ end }}\n',
}


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def _run_measured(cmd: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """Run a command; (wall seconds, its own peak RSS in MB, exit code, tail of output)."""
    start = time.perf_counter()
    with subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as proc:
        output = proc.stdout.read() if proc.stdout else b""
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode, output.decode(errors="replace")[-2000:]


def hugo_version(hugo_bin: str) -> str:
    out = subprocess.run([hugo_bin, "version"], capture_output=True, text=True)
    return out.stdout.strip().split(" BuildDate")[0]


def prepare_hugo_site(staged_docs: Path, hugo_dir: Path) -> int:
    """A Hugo site over the staged Markdown: index.md → _index.md (a branch bundle in Hugo, like MkDocs'
    section index), other files → static/. Returns the number of Markdown files."""
    if hugo_dir.exists():
        shutil.rmtree(hugo_dir)
    (hugo_dir / "static").mkdir(parents=True)
    (hugo_dir / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for rel, text in HUGO_LAYOUTS.items():
        target = hugo_dir / "layouts" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    count = 0
    for lang in ("zh", "en"):
        root = staged_docs / lang
        for src in sorted(root.rglob("*")):
            if not src.is_file():
                continue
            rel = src.relative_to(root)
            if src.suffix == ".md":
                name = "_index.md" if rel.name == "index.md" else rel.name
                target = hugo_dir / "content" / lang / rel.parent / name
                count += 1
            elif lang == "zh":
                target = hugo_dir / "static" / rel
            else:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    return count


def run_hugo(hugo_bin: str, staged_docs: Path, hugo_dir: Path) -> dict:
    files = prepare_hugo_site(staged_docs, hugo_dir)
    seconds, peak, code, output = _run_measured([hugo_bin, "--quiet", "-d", "public"], hugo_dir)
    if code != 0:
        return {"hugo_error": output.strip().splitlines()[-5:] if output.strip() else [f"exit {code}"]}
    public = hugo_dir / "public"
    # the same search index over Hugo's pages, for a like-for-like total (Hugo itself indexes nothing)
    pagefind_s, _, pagefind_code, _ = _run_measured([sys.executable, "-m", "pagefind", "--site", str(public), "--silent"], hugo_dir)
    return {"hugo_s": seconds, "hugo_peak_mb": peak, "hugo_markdown_files": files,
            "hugo_pagefind_s": pagefind_s if pagefind_code == 0 else None,
            "hugo_html_pages": sum(1 for _ in public.rglob("*.html")), "hugo_site_bytes": tree_size(public)}


def ensure_hugo() -> tuple[str | None, str]:
    """Hugo's path, installing Debian's package when missing (as root); else (None, why not)."""
    found = shutil.which("hugo")
    if found:
        return found, ""
    if not shutil.which("apt-get"):
        return None, "hugo is not on PATH and there is no apt-get to install it"
    if os.geteuid() != 0:
        return None, "hugo is not on PATH and installing Debian's package needs root"
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "hugo"]):
        done = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        if done.returncode != 0:
            return None, f"`{' '.join(cmd)}` failed: {(done.stderr or done.stdout).strip()[-200:]}"
    found = shutil.which("hugo")
    return (found, "") if found else (None, "apt-get installed hugo but it is not on PATH")
