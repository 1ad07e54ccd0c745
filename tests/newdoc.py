"""A new editor's first document, made up for the tests: a new region, two new agencies, units resolved
through their aliases, themes, English, and `translation.reviewed: false` (what the new-document
checklist tells editors to leave until a second editor has reviewed). Adding it to a copy of the
project must keep every data, site and browser check passing: the suite may not depend on the corpus
being the seed corpus. The text is invented and says so; it never reaches the published site."""

from __future__ import annotations

import yaml

from generator.paths import Project

DOC_ID = "sample-city-new-document"
REGION = "sample-city"
PARENT_REGION = "jilin"  # a province with no city yet: the new city gets its own name in the tile map

REGION_YAML = f"""- id: {REGION}
  name:
    zh: 样例市
    en: Sample City
  level: prefecture
  parent: {PARENT_REGION}
  code: null
  aliases:
  - 样例
"""

AGENCIES_YAML = f"""- id: {REGION}-hrss
  name:
    zh: 样例市人力资源和社会保障局
    en: Sample City Human Resources and Social Security Bureau
  jurisdiction: {REGION}
  function: hrss
  kind: agency
  parent: null
  aliases:
  - 市人社局
- id: {REGION}-education
  name:
    zh: 样例市教育局
    en: Sample City Education Bureau
  jurisdiction: {REGION}
  function: education
  kind: agency
  parent: null
  aliases:
  - 市教育局
"""


def _measure(pid: str, label: str, heading: tuple[str, str], text: tuple[str, str], theme: str, units: list[tuple[str, str]]):
    printed = "（" + "、".join(name for name, _ in units) + "）"
    return {
        "id": pid, "label": label, "kind": "measure",
        "heading": {"zh": heading[0], "en": heading[1]},
        "text": {"zh": text[0], "en": text[1]},
        "responsibility": {"printed": printed, "label": None, "note": None,
                           "units": [{"name": name, "role": "responsible", "agency": agency} for name, agency in units]},
        "themes": [{"id": theme, "why": "synthetic test document"}],
        "framework": [],
    }


def document() -> dict:
    return {
        "id": DOC_ID, "region": REGION,
        "title": {"zh": "样例市关于测试新文件的通知", "en": "Notice of Sample City on testing a new document"},
        "issuer": None, "issuer_note": None, "doc_number": None,
        "dates": {"issued": None, "published": None},
        "source": {"seed": None, "sha256": None, "encoding": None, "publisher": None, "url": None},
        "implements": [], "cites": [], "unordered_units_from": None,
        "translation": {"source": "editorial", "reviewed": False,
                        "note": "Draft translation by the editors, not yet reviewed by a second editor."},
        "front": [], "chrome": [],
        "preamble": {"zh": "为测试新文件，制定如下措施。", "en": "To test a new document, the following measures are formulated."},
        "provisions": [
            {"id": "1", "label": "一、", "kind": "part", "heading": {"zh": "工作措施", "en": "Work measures"}},
            _measure("1.1", "（一）", ("畅通流动渠道。", "Open up channels of mobility."),
                     ("完善就业服务，方便劳动者流动。", "Improve employment services so that workers can move more easily."),
                     "employment-first", [("市人社局", f"{REGION}-hrss")]),
            _measure("1.2", "（二）", ("拓展教育渠道。", "Widen channels through education."),
                     ("支持学校与企业合作办学。", "Support schools in running programmes together with enterprises."),
                     "education-equity", [("市教育局", f"{REGION}-education"), ("市人社局", f"{REGION}-hrss")]),
        ],
    }


def add_synthetic_document(project: Project) -> str:
    """Add the region, the agencies and the document to a project copy; returns the document id."""
    for name, text in (("regions.yaml", REGION_YAML), ("agencies.yaml", AGENCIES_YAML)):
        path = project.data / name
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")
    (project.documents / f"{DOC_ID}.yaml").write_text(
        "# yaml-language-server: $schema=../schema/document.schema.json\n"
        + yaml.safe_dump(document(), allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return DOC_ID
