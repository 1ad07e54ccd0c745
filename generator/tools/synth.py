"""Synthetic corpora for benchmarking: `scale` × the seed corpus, as a complete project copy.

scale 1 is the real project unchanged (data, templates, docs, seeds, mkdocs.yml). scale N adds
(N-1) × 5 synthetic documents: each round makes one new document per real document (its
*template*), placed in a new region of the same level (provinces for Tianjin, Liaoning and Jilin;
prefecture-level cities for Wenzhou and Fangchenggang). A synthetic document keeps its template's
provision tree (ids, labels, kinds, containers) and recombines the template's measures: the
content of each measure (heading and text with their English, responsibility, themes, framework
items, notes) is shuffled among the measures of the same shape, so every zh/en pair, theme and
framework reference stays a real one and the measure count is exactly the template's.

Responsibility units are re-pointed to clones of the template region's agencies, made once per new
region with ids `<region>-<suffix>` (same function, kind and aliases: aliases are per jurisdiction),
so every unit still resolves within the document's own region. Each new region is bound to one
template, so two templates never clone clashing aliases into one region.

Synthetic documents have `source.seed: null` (no seed text to check) and ids `<region>-synth-<n>`.
Everything is drawn from `random.Random(seed)`: the same (source, scale, seed) gives byte-identical files.
"""

from __future__ import annotations

import copy
import random
import shutil
from pathlib import Path
from typing import Any

from generator.data.model import GlossaryTerm, Text, Where
from generator.data.translation import chinese_left_in_english, glossary_mismatches, missing_quantities
from generator.data.yamlio import dump_yaml, load_yaml
from generator.errors import GeneratorError, Problem
from generator.paths import Project
from generator.tools.synthregions import region_table

COPIED = ("templates", "docs", "seeds", "mkdocs.yml")
DATA_COPIED = ("schema", "frameworks", "functions.yaml", "themes.yaml", "glossary.yaml",
               "dataset.yaml", "releases.json", "CHANGELOG.md")  # the last three: the release history (issue 14)
# every editorial field of a measure travels with its text (target overrides name spans of that text)
CONTENT_KEYS = ("heading", "text", "responsibility", "themes", "framework", "notes", "themes_not", "targets", "deadline")
DOCUMENT_SCHEMA = "../schema/document.schema.json"


def _plain(value: Any) -> Any:
    """LineDict/LineList → plain dict/list (deep), so the dumper's output never depends on line info."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


MARKER = ".synthetic-project"


def _copy_tree(source: Project, target: Project) -> None:
    if target.root.exists():
        if any(target.root.iterdir()) and not (target.root / MARKER).exists():
            raise GeneratorError(Problem(str(target.root), 0, 0, "exists and is not a synthesized project",
                                         "give --out a new or a synthesized folder: this one is not replaced",
                                         code="E-ARGUMENT"))
        shutil.rmtree(target.root)
    target.root.mkdir(parents=True)
    (target.root / MARKER).write_text("written by generator/tools/synth.py; safe to delete\n", encoding="utf-8")
    for name in COPIED:
        src = source.root / name
        if src.is_dir():
            shutil.copytree(src, target.root / name)
        elif src.exists():
            shutil.copyfile(src, target.root / name)
    target.documents.mkdir(parents=True)
    for name in DATA_COPIED:
        src = source.data / name
        if not src.exists():
            continue
        if src.is_dir():
            shutil.copytree(src, target.data / name)
        else:
            shutil.copyfile(src, target.data / name)
    for name in ("regions.yaml", "agencies.yaml"):
        shutil.copyfile(source.data / name, target.data / name)
    for path in sorted(source.documents.glob("*.yaml")):
        shutil.copyfile(path, target.documents / path.name)


class _Renamer:
    """Replaces a template region's names with a new region's in metadata texts (zh and en alike).

    A renamed text that the translation checks would reject (a glossary term that the new name
    completes, such as 上海市 + 就业工作领导小组) keeps the template's wording instead."""

    def __init__(self, old: dict, new: dict, glossary: list[GlossaryTerm]):
        self.zh = [(old["name"]["zh"], new["name"]["zh"])] + \
                  [(alias, new["aliases"][0]) for alias in old.get("aliases") or [] if new.get("aliases")]
        self.en = [(old["name"]["en"], new["name"]["en"])]
        self.glossary = glossary

    def __call__(self, value: str | None, lang: str) -> str | None:
        if not value:
            return value
        for a, b in self.zh if lang == "zh" else self.en:
            value = value.replace(a, b)
        return value

    def acceptable(self, zh: str | None, en: str | None) -> bool:
        if not zh or not en:
            return True
        text = Text(zh, en)
        return not (glossary_mismatches(text, self.glossary) or missing_quantities(zh, en)
                    or chinese_left_in_english(en))

    def text(self, value: dict | None) -> dict | None:
        if not isinstance(value, dict):
            return value
        out = dict(value)
        for lang in ("zh", "en"):
            if out.get(lang):
                out[lang] = self(out[lang], lang)
        return out if self.acceptable(out.get("zh"), out.get("en")) else dict(value)


def _glossary(source: Project) -> list[GlossaryTerm]:
    terms = []
    for item in _plain(load_yaml(source.data / "glossary.yaml")) or []:
        terms.append(GlossaryTerm(item["zh"], item["en"], list(item.get("accept") or []), None,
                                  Where("glossary.yaml"), list(item.get("exclude") or [])))
    return terms


def _measure_groups(provisions: list[dict], unordered_from: str | None) -> dict[tuple, list[int]]:
    """Indexes of measures that may swap content: same depth, same shape, same side of 排序不分先后."""
    groups: dict[tuple, list[int]] = {}
    unordered = False
    for i, p in enumerate(provisions):
        if unordered_from and p["id"] == unordered_from:
            unordered = True
        if p["kind"] != "measure":
            continue
        key = (p["id"].count("."), bool(p.get("heading")), bool(p.get("text")), bool(p.get("responsibility")), unordered)
        groups.setdefault(key, []).append(i)
    return groups


def _clone_agencies(template_agencies: list[dict], old_region: str, new_region: dict,
                    rename: _Renamer) -> tuple[list[dict], dict[str, str]]:
    mapping = {a["id"]: f"{new_region['id']}-{a['id'].removeprefix(old_region + '-')}" for a in template_agencies}
    clones = []
    for a in template_agencies:
        clone = {
            "id": mapping[a["id"]],
            "name": rename.text(a["name"]),
        }
        if a.get("short") is not None:
            clone["short"] = rename.text(a["short"])
        clone.update({
            "jurisdiction": new_region["id"],
            "function": a["function"],
            "kind": a["kind"],
            "parent": mapping.get(a.get("parent"), a.get("parent")),
            "aliases": list(a.get("aliases") or []),
            "note": {"zh": f"基准测试用的合成数据，复制自 {a['id']}（generator/tools/synth.py）。",
                     "en": f"Synthetic benchmark clone of {a['id']} (generator/tools/synth.py)."},
        })
        clones.append(clone)
    return clones, mapping


def _synthetic_document(template: dict, doc_id: str, region: dict, sample: int, rename: _Renamer,
                        agency_map: dict[str, str], rng: random.Random) -> dict:
    doc = copy.deepcopy(template)
    doc["id"] = doc_id
    doc["region"] = region["id"]
    original = doc.get("title") or {"zh": "", "en": ""}
    for title in (rename.text(original), original):
        zh, en = title.get("zh") or "", title.get("en") or ""
        if region["name"]["zh"] not in zh or region["name"]["en"] not in en:
            zh, en = f"{region['name']['zh']}：{zh}", f"{region['name']['en']}: {en}"
        zh, en = f"{zh}（合成样本{sample}）", f"{en} (synthetic sample {sample})"
        if rename.acceptable(zh, en):
            break
    doc["title"] = {**original, "zh": zh, "en": en}
    doc.pop("editorial_title", None)  # a synthetic document always has a title; the template's editorial one names its region
    for key in ("issuer", "issuer_note", "preamble", "closing"):
        doc[key] = rename.text(doc.get(key))
    doc["doc_number"] = None
    source = doc.get("source") or {}
    doc["source"] = {"seed": None, "sha256": None, "encoding": None,
                     "publisher": rename.text(source.get("publisher")), "url": None}
    doc["front"] = [{**f, "text": rename.text(f["text"])} for f in doc.get("front") or []]
    doc["chrome"] = []
    provisions = doc["provisions"]
    for indexes in _measure_groups(provisions, doc.get("unordered_units_from")).values():
        contents = [{k: provisions[i].get(k) for k in CONTENT_KEYS if k in provisions[i]} for i in indexes]
        rng.shuffle(contents)
        for i, content in zip(indexes, contents):
            p = provisions[i]
            for k in CONTENT_KEYS:
                p.pop(k, None)
            # keep the canonical key order: id, label, kind, then content
            head = {k: p[k] for k in ("id", "label", "kind") if k in p}
            rest = {k: v for k, v in p.items() if k not in head}
            p.clear()
            p.update(head)
            for k in CONTENT_KEYS:
                if k in content:
                    p[k] = content[k]
            p.update(rest)
    for p in provisions:
        for unit in (p.get("responsibility") or {}).get("units") or []:
            if unit.get("agency"):
                unit["agency"] = agency_map.get(unit["agency"], unit["agency"])
    return doc


def synthesize(source: Project, target_root: Path, scale: int, seed: int = 1) -> Project:
    """Write a project at target_root holding scale × the source corpus (see the module docstring)."""
    if scale < 1:
        raise GeneratorError(Problem("--scale", 0, 0, f"{scale} is below 1", "give a whole number of 1 or more "
                                     "(1 = the project as it is, N = N times its documents)", code="E-ARGUMENT"))
    target = Project(Path(target_root))
    if target.root.resolve() in (source.root.resolve(), *source.root.resolve().parents):
        raise GeneratorError(Problem(str(target.root), 0, 0, "is the source project or holds it",
                                     "give --out a folder of its own", code="E-ARGUMENT"))
    _copy_tree(source, target)
    if scale == 1:
        return target

    rng = random.Random(seed)
    glossary = _glossary(source)
    regions = {r["id"]: r for r in _plain(load_yaml(source.data / "regions.yaml"))}
    agencies = _plain(load_yaml(source.data / "agencies.yaml"))
    templates = [_plain(load_yaml(path)) for path in sorted(source.documents.glob("*.yaml"))]
    used_codes = {r.get("code") for r in regions.values()}
    table = region_table()
    # Autonomous regions only serve as parents: the glossary renders 自治区 as "the Autonomous Region",
    # which renamed template titles would not satisfy.
    fresh = [r for r in table.values() if r["id"] not in regions and r["code"] not in used_codes
             and "自治区" not in r["name"]["zh"]]
    by_level = {level: [r for r in fresh if r["level"] == level] for level in ("province", "prefecture")}
    for pool in by_level.values():
        rng.shuffle(pool)

    # Bind each new region to one template of the same level (round-robin over the shuffled pool).
    pools: dict[str, list[dict]] = {}
    for level, pool in by_level.items():
        same_level = [t for t in templates if regions.get(t["region"], {}).get("level") == level]
        for j, template in enumerate(same_level):
            pools[template["id"]] = pool[j::len(same_level)]
    for template in templates:
        if not pools.get(template["id"]):
            raise GeneratorError(Problem(template["id"], 0, 0, f"no new regions of the level of its region "
                                         f"{template['region']} in synth's region table",
                                         "add regions of that level to generator/tools/synthregions.json",
                                         code="E-SYNTH-REGIONS"))

    new_regions: dict[str, dict] = {}
    new_agencies: list[dict] = []
    cloned: dict[str, dict[str, str]] = {}  # region id → template agency id → clone id
    counters: dict[str, int] = {}
    for round_ in range(1, scale):
        for template in templates:
            pool = pools[template["id"]]
            region = pool[(round_ - 1) % len(pool)]
            old_region = regions[template["region"]]
            rename = _Renamer(old_region, region, glossary)
            if region["id"] not in cloned:
                _add_region(region, regions, new_regions, table)
                template_agencies = [a for a in agencies if a["jurisdiction"] == template["region"]]
                clones, mapping = _clone_agencies(template_agencies, template["region"], region, rename)
                new_agencies += clones
                cloned[region["id"]] = mapping
            counters[region["id"]] = counters.get(region["id"], 0) + 1
            n = counters[region["id"]]
            doc_id = f"{region['id']}-synth-{n}"
            doc = _synthetic_document(template, doc_id, region, n, rename, cloned[region["id"]], rng)
            (target.documents / f"{doc_id}.yaml").write_text(dump_yaml(doc, schema=DOCUMENT_SCHEMA), encoding="utf-8")

    _append(target.data / "regions.yaml", "regions", list(new_regions.values()))
    _append(target.data / "agencies.yaml", "agencies", new_agencies)
    return target


def _add_region(region: dict, known: dict[str, dict], new_regions: dict[str, dict], table: dict[str, dict]) -> None:
    """Add a region and (first) any ancestors the project does not have yet."""
    parent = region.get("parent")
    if parent and parent not in known and parent not in new_regions:
        _add_region(table[parent], known, new_regions, table)
    new_regions.setdefault(region["id"], region)


def _append(path: Path, what: str, entries: list[dict]) -> None:
    """Append entries to a reference list, keeping the real file (header, comments) byte for byte."""
    if not entries:
        return
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    text += f"# Synthetic {what} for benchmarking (generator/tools/synth.py): not real data.\n" + dump_yaml(entries)
    path.write_text(text, encoding="utf-8")
