"""`<site>/data/datapackage.json` (issue 14): a Frictionless Data Package describing every CSV the export
wrote — whichever they are, so a new download joins by itself — with a Table Schema per file (field
types from the JSON twin, descriptions from the codebook, primary and foreign keys), the dataset's
version, release date and licences, and the per-document citation files and licence texts beside it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from generator.data.dataset import changelog, licence_url
from generator.data.model import Corpus
from generator.paths import REPO_ROOT
from generator.site import cite
from generator.site.codebook import CODEBOOK
from generator.site.feeds import write_feeds

# Keys of the known tables; a table not listed here is still described (fields, types), just without keys.
PRIMARY_KEYS = {
    "measures": ["document", "id"],
    "documents": ["id"],
    "agencies": ["id"],
    "themes": ["id"],
    "regions": ["id"],
    "units": ["document", "measure", "position"],
    "related": ["document", "measure", "related_document", "related_measure"],
}
FOREIGN_KEYS = {
    "measures": [(["document"], "documents", ["id"]), (["region"], "regions", ["id"])],
    "documents": [(["region"], "regions", ["id"])],
    "agencies": [(["jurisdiction"], "regions", ["id"]), (["parent"], "agencies", ["id"])],
    "regions": [(["parent"], "regions", ["id"])],
    "units": [(["document", "measure"], "measures", ["document", "id"]), (["agency"], "agencies", ["id"])],
    "related": [(["document", "measure"], "measures", ["document", "id"]),
                (["related_document", "related_measure"], "measures", ["document", "id"])],
}
LICENCE_TITLES = {"CC-BY-4.0": "Creative Commons Attribution 4.0 International", "MIT": "MIT License",
                  "CC0-1.0": "Creative Commons Zero v1.0 Universal"}
LICENCE_FILES = ["LICENSE", "LICENSE-DATA.md"]


def _column_kinds(records: list[dict]) -> dict[str, set[type]]:
    """Column → the Python types of its values in the JSON twin (empty values left out), in one pass."""
    kinds: dict[str, set[type]] = {}
    for record in records:
        for column, value in record.items():
            if value is not None and value != "":
                kinds.setdefault(column, set()).add(type(value))
    return kinds


def _type(kinds: set[type]) -> str:
    """A field's Table Schema type from its values' types (lists are ;-joined text in CSV)."""
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "integer"
    return "string"


def table_schema(name: str, header: list[str], records: list[dict] | None) -> dict:
    meanings = {f: (zh, en) for f, zh, en in CODEBOOK.get(name, [])}
    kinds = _column_kinds(records or [])
    fields = []
    for column in header:
        field = {"name": column, "type": _type(kinds.get(column, set()))}
        if column in meanings:
            zh, en = meanings[column]
            field["description"] = f"{en} / {zh}"
        if list in kinds.get(column, ()):
            field["description"] = field.get("description", "") + " (a list: values joined with ';')"
        fields.append(field)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if name in PRIMARY_KEYS and all(k in header for k in PRIMARY_KEYS[name]):
        schema["primaryKey"] = PRIMARY_KEYS[name]
    return schema


def data_package(corpus: Corpus, out_dir: Path, site_base: str = "", tables: dict[str, list[dict]] | None = None) -> dict:
    """`tables`: the records of the tables written this run (name → records), so that their JSON twins need not be
    read back; any other CSV in the folder is described from its file."""
    names = sorted(p.name[: -len(".csv")] for p in out_dir.glob("*.csv"))
    resources = []
    for name in names:
        path = out_dir / f"{name}.csv"
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
        twin = out_dir / f"{name}.json"
        records = (tables or {}).get(name)
        if records is None and twin.exists():
            records = json.loads(twin.read_text(encoding="utf-8"))
        schema = table_schema(name, header, records if isinstance(records, list) else None)
        keys = [k for k in FOREIGN_KEYS.get(name, []) if k[1] in names and all(f in header for f in k[0])]
        if keys:
            schema["foreignKeys"] = [{"fields": f, "reference": {"resource": "" if ref == name else ref, "fields": rf}}
                                     for f, ref, rf in keys]
        resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8-sig", "schema": schema})
    dataset = corpus.dataset
    version = corpus.site_version
    package: dict = {
        "profile": "tabular-data-package",
        "name": "social-mobility-policies",
        "title": dataset.title.en if dataset else cite.SITE_NAME["en"],
        "description": ("Chinese regional policy documents on the social mobility of labour and talent, measure by measure, "
                        "with the units responsible as printed. The Chinese originals are official documents; the English "
                        "is a reference translation."),
        "homepage": site_base + "/" if site_base else None,
        "version": version.version if version else None,
        "created": f"{version.released}T00:00:00Z" if version and version.released else None,
        "licenses": [{"name": dataset.licenses["data"], "path": licence_url(dataset.licenses["data"]),
                      "title": LICENCE_TITLES.get(dataset.licenses["data"], dataset.licenses["data"])}] if dataset else None,
        "sources": [{"title": f"{d.title.zh if d.title and d.title.zh else d.id}", **({"path": d.url} if d.url else {})}
                    for d in sorted(corpus.documents.values(), key=lambda d: d.id)],
        "resources": resources,
    }
    return {k: v for k, v in package.items() if v is not None}


def write_reuse_files(corpus: Corpus, out_dir: Path, site_base: str = "", tables: dict[str, list[dict]] | None = None) -> None:
    """Citation files, licence texts, the changelog and datapackage.json into the site's data folder; the
    Atom feeds into the site's feeds/ folders. `tables`: as in `data_package`."""
    cite.write_cite_files(corpus, corpus.site_version, out_dir / "cite", site_base)
    for name in LICENCE_FILES:
        source = REPO_ROOT / name
        if source.exists():
            (out_dir / (name if name.endswith(".md") else name + ".txt")).write_text(source.read_text(encoding="utf-8"),
                                                                                  encoding="utf-8")
    if corpus.dataset is not None:  # the same text as the committed data/CHANGELOG.md (release --check holds them equal)
        (out_dir / "CHANGELOG.md").write_text(changelog(corpus.dataset.releases), encoding="utf-8")
    write_feeds(corpus, out_dir.parent, site_base)
    package = data_package(corpus, out_dir, site_base, tables)
    (out_dir / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
