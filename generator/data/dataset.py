"""The dataset as a versioned release (issue 14): `data/dataset.yaml` (version, release date, licences —
editors edit it), `data/releases.json` (what each released version contained — written by
`python -m generator release`, never by hand) and `data/CHANGELOG.md` (generated from the releases).

How "the version must increase when measures change" is checked honestly: each release records a
fingerprint (a hash of the canonical content) of every document's metadata and of every measure. The
check recomputes the fingerprints from the data: if they differ from those recorded for the version
that dataset.yaml names, the data changed without a new version. The changelog is derived from the
recorded fingerprints (added / changed / removed per version), so it is regenerated and compared in CI.

`validate` checks dataset.yaml itself (schema, SPDX licence ids); the release check (fingerprints and
changelog) runs in `python -m generator release --check`, `make validate` and the tests, not inside
every build: an editor's preview of an unreleased edit must still build, and says "unreleased".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.data.fingerprints import document_fingerprints
from generator.data.inputs import read_bounded
from generator.data.load_cache import MISS, LoadCache
from generator.data.model import Text
from generator.data.yamlio import MAX_FILE_BYTES, load_yaml, read_text
from generator.errors import DataError, ProblemList
from generator.files import content_key
from generator.parallel import fork_map
from generator.paths import Project

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
FEED_CAP = 100  # entries per feed: the newest changes (Atom readers want recent items, not the archive)


@dataclass
class Release:
    version: str
    released: str
    documents: dict[str, dict]  # id → {"hash": …, "title": …}
    measures: dict[str, str]  # "document/measure id" → hash


@dataclass
class Dataset:
    version: str
    released: str
    title: Text
    licenses: dict[str, str]  # code | data | translations → SPDX id
    releases: list[Release]
    lines: dict  # field → (line, column) for messages
    path: str

    @property
    def recorded(self) -> Release | None:
        return next((r for r in self.releases if r.version == self.version), None)


@dataclass
class SiteVersion:
    """What the site states: the version, and its release date only if the data is exactly that release."""
    version: str
    released: str | None
    unreleased_changes: bool


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


# ---- fingerprints --------------------------------------------------------------------------------------
def snapshot(project: Project, version: str, released: str, cache: LoadCache | None = None) -> Release:
    """Fingerprints of every document's metadata (everything but its provisions) and of every measure;
    a file's fingerprints come from the load cache when its bytes were fingerprinted before."""
    cache = cache or LoadCache(project)
    documents, measures = {}, {}
    paths = sorted(project.documents.glob("*.yaml"))
    raws, keys, results = [], [], []
    for path in paths:
        rel = project.relative(path)
        try:
            raw = read_bounded(path, MAX_FILE_BYTES) if cache.enabled else None
        except DataError:
            raw = None  # unreadable: fingerprinted uncached below, which skips it as before
        raws.append(raw)
        keys.append(cache.read_key(rel, "fingerprints", raw) if raw is not None else None)
        results.append(cache.get("fingerprints", rel, keys[-1]))
    for i, path in enumerate(paths):  # documents this run has parsed already are not parsed again
        parsed_key, found = cache.fingerprints.get(project.relative(path), (None, MISS))
        if results[i] is MISS and found is not MISS and (not cache.enabled or parsed_key == content_key(raws[i])):
            results[i] = found
            cache.put("fingerprints", project.relative(path), keys[i], found)
    todo = [i for i, found in enumerate(results) if found is MISS]
    for i, found in zip(todo, fork_map(_fingerprints, [(paths[i], raws[i]) for i in todo]), strict=True):
        cache.put("fingerprints", project.relative(paths[i]), keys[i], found)
        results[i] = found
    for found in results:
        if found is None:
            continue  # validation reports it; a release is only made of valid data
        doc_id, document, doc_measures = found
        documents[doc_id] = document
        measures.update(doc_measures)
    return Release(version, released, dict(sorted(documents.items())), measures)


def _fingerprints(item: tuple[Path, bytes | None]) -> tuple[str, dict, dict] | None:
    """(document id, its metadata fingerprint and title, its measures' fingerprints) of one file (and
    its bytes when already read), or None when it is not a readable document (validation reports it)."""
    path, raw = item
    try:
        return document_fingerprints(load_yaml(path, read_text(path, raw)))
    except DataError:
        return None


# ---- loading -------------------------------------------------------------------------------------------
def load_dataset(project: Project, problems: ProblemList) -> Dataset | None:
    """dataset.yaml checked against its schema and SPDX, plus the release history; None if absent or broken
    (a project without dataset.yaml publishes no version rather than an invented one)."""
    from generator.data.load import read_checked

    path = project.data / "dataset.yaml"
    if not path.exists():
        return None
    rel = project.relative(path)
    data = read_checked(path, "dataset.schema.json", project, problems)
    if data is None:
        return None
    ok = True
    for role, spdx in data["licenses"].items():
        if not _is_spdx(spdx):
            ok = False
            licences = data["licenses"]
            problems.error(rel, licences.line_of(role), f"licenses.{role}: '{spdx}' is not an SPDX licence identifier",
                           "use an id from https://spdx.org/licenses/ exactly as listed, e.g. CC-BY-4.0, CC0-1.0, MIT",
                           licences.column_of(role) + len(role) + 2, code="E-DATASET-LICENCE")
    releases = _load_releases(project, problems)
    if not ok or releases is None:
        return None
    lines = {k: (data.line_of(k), data.column_of(k)) for k in data}
    title = Text(data["title"]["zh"], data["title"].get("en"))
    return Dataset(data["version"], data["released"], title, dict(data["licenses"]), releases, lines, rel)


@lru_cache(maxsize=64)  # the preview validates after every save
def _is_spdx(identifier: str) -> bool:
    result = _spdx_licensing().validate(identifier, strict=True)
    return not result.errors and result.normalized_expression == identifier


@lru_cache(maxsize=1)
def _spdx_licensing():
    """The SPDX licence table, built once per process (0.1 s a build: it was built for each licence)."""
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def _load_releases(project: Project, problems: ProblemList) -> list[Release] | None:
    path = project.data / "releases.json"
    rel = project.relative(path)
    if not path.exists():
        return []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        releases = [Release(r["version"], r["released"], r["documents"], r["measures"]) for r in raw]
    except (ValueError, KeyError, TypeError) as exc:
        problems.error(rel, getattr(exc, "lineno", 1), f"release history is not readable: {exc}",
                       "restore it from git; it is written only by `python -m generator release`", code="E-RELEASE-HISTORY")
        return None
    for before, after in zip(releases, releases[1:]):
        if version_key(after.version) <= version_key(before.version) or after.released < before.released:
            problems.error(rel, 1, f"release {after.version} ({after.released}) does not follow {before.version} ({before.released})",
                           "restore the file from git; versions and dates only increase", code="E-RELEASE-HISTORY")
            return None
    return releases


# ---- what changed --------------------------------------------------------------------------------------
@dataclass
class Change:
    version: str
    released: str
    kind: str  # added | changed | removed
    document: str
    measure: str | None  # None: the document itself (its metadata, or the whole document when added/removed)
    title: str  # the document's title as recorded


def diff(before: Release, after: Release) -> list[Change]:
    """What `after` added, changed or removed compared with `before`. A document added or removed is one
    change (its measures come and go with it); otherwise each changed measure is one."""
    out: list[Change] = []

    def change(kind, doc, measure=None):
        title = (after.documents.get(doc) or before.documents.get(doc) or {}).get("title", doc)
        out.append(Change(after.version, after.released, kind, doc, measure, title))

    for doc in sorted(set(before.documents) | set(after.documents)):
        old, new = before.documents.get(doc), after.documents.get(doc)
        if old is None or new is None:
            change("added" if old is None else "removed", doc)
            continue
        if old["hash"] != new["hash"]:
            change("changed", doc)
        prefix = doc + "/"
        keys = sorted({k for k in (*before.measures, *after.measures) if k.startswith(prefix)},
                      key=lambda k: [int(x) if x.isdigit() else 0 for x in k[len(prefix):].split(".")])
        for key in keys:
            a, b = before.measures.get(key), after.measures.get(key)
            if a != b:
                change("added" if a is None else "removed" if b is None else "changed", doc, key[len(prefix):])
    return out


def changes(releases: list[Release]) -> list[Change]:
    """Every release's changes against the one before it (the first against nothing), oldest first."""
    out: list[Change] = []
    before = Release("0.0.0", "", {}, {})
    for r in releases:
        out += diff(before, r)
        before = r
    return out


def changelog(releases: list[Release]) -> str:
    """data/CHANGELOG.md, newest version first."""
    words = {"added": "Added", "changed": "Changed", "removed": "Removed"}
    lines = ["# Data changelog", "",
             "Generated by `python -m generator release` from `data/releases.json`; do not edit by hand.",
             "Documents and measures added, changed or removed in each version of the dataset.", ""]
    all_changes = changes(releases)
    for r in reversed(releases):
        lines += [f"## {r.version} — {r.released}", ""]
        mine = [c for c in all_changes if c.version == r.version]
        if not mine:
            lines += ["No change to documents or measures.", ""]
        for kind in ("added", "changed", "removed"):
            of_kind = [c for c in mine if c.kind == kind]
            if not of_kind:
                continue
            lines.append(f"### {words[kind]}")
            lines.append("")
            for c in of_kind:
                lines.append(f"- `{c.document}`" + (f" measure {c.measure}" if c.measure else " (document)") + f" — {c.title}")
            lines.append("")
        lines.append(f"{len(r.documents)} documents, {len(r.measures)} measures.")
        lines.append("")
    return "\n".join(lines)


# ---- checks --------------------------------------------------------------------------------------------
def release_problems(project: Project, dataset: Dataset, problems: ProblemList) -> None:
    """The version names the data exactly, and the committed changelog is the generated one."""
    line, column = dataset.lines.get("version", (1, 1))
    value_column = column + len("version: ")
    latest = dataset.releases[-1] if dataset.releases else None
    if latest and version_key(dataset.version) < version_key(latest.version):
        problems.error(dataset.path, line, f"version {dataset.version} is lower than the last release {latest.version}",
                       f"versions only increase: set a version above {latest.version}", value_column, code="E-RELEASE-VERSION")
        return
    current = snapshot(project, dataset.version, dataset.released)
    recorded = dataset.recorded
    if recorded is None:
        problems.error(dataset.path, line, f"version {dataset.version} has not been released",
                       "run `python -m generator release` (records what it contains and writes data/CHANGELOG.md)", value_column,
                       code="E-RELEASE-UNRELEASED")
    elif (recorded.documents, recorded.measures) != (current.documents, current.measures):
        moved = diff(recorded, current)
        summary = ", ".join(f"{c.kind} {c.document}" + (f" {c.measure}" if c.measure else "") for c in moved[:5])
        summary += f" and {len(moved) - 5} more" if len(moved) > 5 else ""
        problems.error(dataset.path, line,
                       f"the data changed since release {dataset.version} ({summary}) but the version did not increase",
                       f"set a higher version (e.g. {_bump(dataset.version)}) and released date, then run `python -m generator release`",
                       value_column, code="E-RELEASE-DATA-CHANGED")
    if dataset.recorded is not None and dataset.released != dataset.recorded.released:
        rline, rcolumn = dataset.lines.get("released", (1, 1))
        problems.error(dataset.path, rline, f"released {dataset.released} differs from the recorded {dataset.recorded.released}",
                       "a released version keeps its date: restore it, or release a new version", rcolumn + len("released: "),
                       code="E-RELEASE-DATE")
    _citation_cff_problems(project, dataset, problems)
    changelog_path = project.data / "CHANGELOG.md"
    expected = changelog(dataset.releases)
    actual = changelog_path.read_text(encoding="utf-8") if changelog_path.exists() else ""
    if actual != expected:
        first = next((i for i, (a, b) in enumerate(zip(actual.splitlines(), expected.splitlines()), 1) if a != b),
                     min(len(actual.splitlines()), len(expected.splitlines())) + 1)
        problems.error(project.relative(changelog_path), first, "the data changelog differs from the release history",
                       "regenerate it with `python -m generator release` (never edit it by hand)", 1, code="E-RELEASE-CHANGELOG")


def _citation_cff_problems(project: Project, dataset: Dataset, problems: ProblemList) -> None:
    """CITATION.cff cites the same version and date as dataset.yaml."""
    path = project.root / "CITATION.cff"
    if not path.exists():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        key, _, value = line.partition(":")
        expected = {"version": dataset.version, "date-released": dataset.released}.get(key)
        if expected and value.strip().strip("'\"") != expected:
            problems.error("CITATION.cff", number, f"{key} is {value.strip()}, but data/dataset.yaml says {expected}",
                           "run `python -m generator release` (it keeps CITATION.cff in step)", len(key) + 3, code="E-RELEASE-CITATION")


def _write_citation_cff(project: Project, dataset: Dataset) -> None:
    path = project.root / "CITATION.cff"
    if not path.exists():
        return
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key = line.partition(":")[0]
        if key == "version":
            line = f"version: {dataset.version}"
        elif key == "date-released":
            line = f'date-released: "{dataset.released}"'
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _bump(version: str) -> str:
    major, minor, patch = version_key(version)
    return f"{major}.{minor}.{patch + 1}"


def site_version(project: Project, dataset: Dataset | None, cache: LoadCache | None = None) -> SiteVersion | None:
    """The version the site states: with its release date only when the data is exactly that release."""
    if dataset is None:
        return None
    recorded = dataset.recorded
    current = snapshot(project, dataset.version, dataset.released, cache)
    if recorded and (recorded.documents, recorded.measures) == (current.documents, current.measures):
        return SiteVersion(dataset.version, recorded.released, False)
    return SiteVersion(dataset.version + "+unreleased", None, True)


def release(project: Project, dataset: Dataset) -> str:
    """Record the data as dataset.yaml's version (a new version must be higher than the last) and regenerate
    the changelog. Re-running for the same data is a no-op; changed data under a recorded version is refused."""
    problems = ProblemList()
    current = snapshot(project, dataset.version, dataset.released)
    releases = list(dataset.releases)
    recorded = dataset.recorded
    line, column = dataset.lines.get("version", (1, 1))
    if recorded is not None:
        if (recorded.documents, recorded.measures) != (current.documents, current.measures):
            problems.error(dataset.path, line, f"version {dataset.version} is already released with other data",
                           f"set a higher version (e.g. {_bump(dataset.version)}) and released date", column + len("version: "),
                           code="E-RELEASE-VERSION")
            problems.raise_if_errors()
        message = f"version {dataset.version} already recorded; changelog regenerated"
    else:
        latest = releases[-1] if releases else None
        if latest and (version_key(dataset.version) <= version_key(latest.version) or dataset.released < latest.released):
            problems.error(dataset.path, line, f"version {dataset.version} ({dataset.released}) must come after {latest.version} "
                           f"({latest.released})", "raise the version and the released date", column + len("version: "),
                           code="E-RELEASE-VERSION")
            problems.raise_if_errors()
        releases.append(current)
        message = f"released {dataset.version} ({dataset.released}): {len(current.documents)} documents, {len(current.measures)} measures"
    payload = [{"version": r.version, "released": r.released, "documents": r.documents, "measures": r.measures} for r in releases]
    (project.data / "releases.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                                encoding="utf-8")
    (project.data / "CHANGELOG.md").write_text(changelog(releases), encoding="utf-8")
    _write_citation_cff(project, dataset)
    return message


def dataset_for_build(project: Project) -> tuple[Dataset | None, SiteVersion | None]:
    problems = ProblemList()
    dataset = load_dataset(project, problems)
    problems.raise_if_errors()
    return dataset, site_version(project, dataset)


def licence_url(spdx: str) -> str:
    return f"https://spdx.org/licenses/{spdx}.html"


def write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
