"""mkdocs.yml, checked by our safe loader before MkDocs sees it.

MkDocs reads its config with PyYAML's full loader plus `!ENV`: a `!!python/object/apply:…` tag runs
code on the machine that builds (CI), and `!ENV NAME` publishes an environment variable (a secret)
in the site. The file is ours to check first: same safe loader and limits as the data, no tags at all,
and no key that makes MkDocs run Python from the repository (`hooks`) or read a config we did not
check (`INHERIT`).
"""

from __future__ import annotations

from generator.data.yamlio import load_yaml
from generator.errors import DataError, Problem
from generator.paths import Project

REFUSED_KEYS = {
    "hooks": "hooks run Python files at build time: put code in generator/, where it is reviewed as code",
    "INHERIT": "the generated config already inherits mkdocs.yml: merge the other file into it",
}


def check_site_config(project: Project) -> None:
    """Raise DataError (path:line:col) when mkdocs.yml uses a tag, a refused key, or is not a mapping."""
    path = project.root / "mkdocs.yml"
    rel = project.relative(path)
    try:
        config = load_yaml(path)
    except DataError as exc:
        raise DataError([Problem(rel, p.line, p.column, p.message,
                                 "mkdocs.yml allows no tags (!ENV, !!python/…): they run code or publish the "
                                 "build's environment; write the value itself" if "tag" in p.message else p.fix,
                                 code=p.code)
                         for p in exc.problems]) from None
    if not isinstance(config, dict):
        raise DataError(Problem(rel, 1, 1, "mkdocs.yml is not a mapping of settings", "restore it from git", code="E-SITECONFIG"))
    problems = [Problem(rel, config.line_of(key), config.column_of(key), f"'{key}' is not allowed here", fix, code="E-SITECONFIG")
                for key, fix in REFUSED_KEYS.items() if key in config]
    if problems:
        raise DataError(problems)
