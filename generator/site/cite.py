"""Citations (issue 14): the human citation of a document or measure in each language, and the machine
formats per document (BibTeX, RIS, CSL-JSON) written to `<site>/data/cite/`.

Chinese follows GB/T 7714-2015 for an electronic official document ([EB/OL]): responsible party.
title: 文号[EB/OL]. (date issued)[date cited]. URL. English follows APA 7 for a translated work: original
title with the translation in brackets, the translation credited. Only what the data gives is printed:
no 文号 or date is ever guessed — a missing one is left out (GB/T 7714 and APA both say so: omit).

The permalink is absolute when SITE_URL is set (`Settings.site_base`, passed in) (a citation must resolve off the site), relative otherwise.
The "cited" date is the dataset's release date: the version of the text a reader sees on the site.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.analyse.comparisons import measure_permalink
from generator.data.model import Corpus, Document, Provision
from generator.site.labels import label_path_text

EXTENSIONS = {"bibtex": "bib", "ris": "ris", "csl": "csl.json"}

SITE_NAME = {"zh": "劳动力和人才社会性流动政策比较", "en": "Social Mobility of Labour and Talent — Regional Policy Comparison"}
TRANSLATION_CREDIT = {
    "editorial": "reference translation by the site's editors",
    "official": "official translation",
    "machine": "machine translation",
}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


@dataclass
class Segment:
    """A run of citation text; `zh` marks Chinese quoted on an English page (it gets lang="zh-Hans")."""
    text: str
    zh: bool = False


def permalink(doc: Document, provision: Provision | None, lang: str, site_base: str = "") -> str:
    """`site_base` is `Settings.site_base` (SITE_URL without its final slash; '' for a relative link)."""
    path = measure_permalink(doc, provision, lang) if provision else f"/{'en/' if lang == 'en' else ''}documents/{doc.id}/"
    return site_base + path


def _english_date(iso: str) -> str:
    year, month, day = (iso.split("-") + ["", ""])[:3]
    if month and day:
        return f"{year}, {_MONTHS[int(month) - 1]} {int(day)}"
    return year


def human_citation(corpus: Corpus, doc: Document, provision: Provision | None, lang: str, version,
                   site_base: str = "") -> list[Segment]:
    """The citation as segments (plain text once joined). `version` is the dataset's (version, released)
    or None when the data has no recorded version."""
    issuer_zh = doc.issuer.zh if doc.issuer and doc.issuer.zh else None
    title_zh = doc.title.zh if doc.title and doc.title.zh else doc.id
    link = permalink(doc, provision, lang, site_base)
    released = version.released if version else None
    if lang == "zh":
        text = f"{issuer_zh}. " if issuer_zh else ""
        text += title_zh + (f": {doc.doc_number}" if doc.doc_number else "")
        if provision:
            text += f"（{label_path_text(doc, provision, 'zh')}）"
        text += "[EB/OL]. "
        text += SITE_NAME["zh"] + (f", 数据集版本 {version.version}" if version else "") + ", "
        text += f"({doc.issued})" if doc.issued else ""
        text += f"[{released}]" if released else ""
        text += f". {link}."
        return [Segment(text)]
    segments: list[Segment] = []
    issuer_en = doc.issuer.en if doc.issuer and doc.issuer.en else None
    if issuer_zh:
        segments += [Segment(issuer_zh, True), Segment(f" [{issuer_en}]. " if issuer_en else ". ")]
    segments.append(Segment(f"({_english_date(doc.issued)}). " if doc.issued else "(n.d.). "))
    segments.append(Segment(title_zh, True))
    title_en = doc.title.en if doc.title and doc.title.en else None
    segments.append(Segment(f" [{title_en}]" if title_en else ""))
    if doc.doc_number:
        segments += [Segment(" ("), Segment(doc.doc_number, True), Segment(")")]
    segments.append(Segment("."))
    if provision:
        segments.append(Segment(f" Item {label_path_text(doc, provision, 'en')}."))
    credit = TRANSLATION_CREDIT.get(doc.translation_source or "")
    if credit:
        reviewed = ", reviewed by a second editor" if doc.translation_reviewed else ", not yet reviewed"
        segments.append(Segment(f" English: {credit}{reviewed}; the Chinese original prevails."))
    segments.append(Segment(f" In {SITE_NAME['en']}" + (f" (dataset version {version.version})" if version else "") + "."))
    segments.append(Segment(f" Retrieved {released}, from {link}" if released else f" {link}"))
    return segments


def plain(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments)


# ---- machine formats -------------------------------------------------------------------------------------
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "#": r"\#",
                   "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bib(value: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in value.replace("\n", " "))


def _fields(doc: Document, version, site_base: str) -> dict:
    """The values every machine format carries, from the data only (absent → left out)."""
    return {
        "id": doc.id,
        "title": doc.title.zh if doc.title and doc.title.zh else None,
        "title_en": doc.title.en if doc.title and doc.title.en else None,
        "issuer": doc.issuer.zh if doc.issuer and doc.issuer.zh else None,
        "number": doc.doc_number,
        "issued": doc.issued,
        "publisher": doc.publisher.zh if doc.publisher and doc.publisher.zh else None,
        "url": permalink(doc, None, "zh", site_base),
        "url_en": permalink(doc, None, "en", site_base),
        "official_url": doc.url,
        "accessed": version.released if version else None,
        "version": version.version if version else None,
    }


def bibtex(doc: Document, version, site_base: str = "") -> str:
    f = _fields(doc, version, site_base)
    entries = [("title", f["title"]), ("author", "{" + _bib(f["issuer"]) + "}" if f["issuer"] else None),
               ("number", f["number"]), ("date", f["issued"]), ("year", f["issued"][:4] if f["issued"] else None),
               ("publisher", f["publisher"]), ("url", f["url"]), ("urldate", f["accessed"]), ("language", "chinese"),
               ("note", ("English title: " + f["title_en"] + ". ") if f["title_en"] else None),
               ("howpublished", SITE_NAME["en"] + (f", dataset version {f['version']}" if f["version"] else ""))]
    lines = [f"@misc{{{doc.id},"]
    for key, value in entries:
        if value:
            lines.append(f"  {key} = {{{value if key == 'author' else _bib(value)}}},")
    return "\n".join(lines) + "\n}\n"


def ris(doc: Document, version, site_base: str = "") -> str:
    f = _fields(doc, version, site_base)
    tags = [("TY", "GOVDOC"), ("TI", f["title"]), ("TT", f["title_en"]), ("AU", f["issuer"]), ("IS", f["number"]),
            ("PY", f["issued"][:4] if f["issued"] else None), ("DA", f["issued"].replace("-", "/") if f["issued"] else None),
            ("PB", f["publisher"]), ("UR", f["url"]), ("UR", f["official_url"]), ("Y2", f["accessed"]), ("LA", "zh-Hans"),
            ("DB", SITE_NAME["en"] + (f", dataset version {f['version']}" if f["version"] else ""))]
    lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in tags if value]
    return "\n".join(lines) + "\nER  - \n"


def csl_json(doc: Document, version, site_base: str = "") -> str:
    f = _fields(doc, version, site_base)
    item: dict = {"id": doc.id, "type": "legislation", "language": "zh-Hans"}
    if f["title"]:
        item["title"] = f["title"]
    if f["title_en"]:
        item["note"] = "English title: " + f["title_en"]
    if f["issuer"]:
        item["author"] = [{"literal": f["issuer"]}]
    if f["number"]:
        item["number"] = f["number"]
    if f["issued"]:
        item["issued"] = {"date-parts": [[int(x) for x in f["issued"].split("-")]]}
    if f["publisher"]:
        item["publisher"] = f["publisher"]
    item["URL"] = f["url"]
    if f["accessed"]:
        item["accessed"] = {"date-parts": [[int(x) for x in f["accessed"].split("-")]]}
    item["container-title"] = SITE_NAME["en"]
    if f["version"]:
        item["version"] = f["version"]
    return json.dumps([item], ensure_ascii=False, indent=1) + "\n"


def write_cite_files(corpus: Corpus, version, out_dir: Path, site_base: str = "") -> int:
    """`<site>/data/cite/<document>.{bib,ris,csl.json}`; returns the number of files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    writers = {"bibtex": bibtex, "ris": ris, "csl": csl_json}
    for doc in corpus.documents.values():
        for fmt, write in writers.items():
            (out_dir / f"{doc.id}.{EXTENSIONS[fmt]}").write_text(write(doc, version, site_base), encoding="utf-8")
    return len(corpus.documents) * len(writers)
