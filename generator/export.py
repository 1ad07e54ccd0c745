"""Downloads built from the model at build time: measures, documents, agencies, themes and regions,
each as CSV and JSON, into `<site>/data/`. Values are data, written as text (a CSV cell that
starts with = + - @ is prefixed with ' so spreadsheets do not run it as a formula)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .analyse import Analysis, measure_permalink
from .model import Corpus, Responsibility, Text
from .targets import plain_number

# (field, meaning in Chinese, meaning in English) — also rendered as the codebook page.
# One entry per download: (field, meaning in Chinese, meaning in English), in column order.
# The data page prints it, and a test holds every export to exactly these columns.
CODEBOOK: dict[str, list[tuple[str, str, str]]] = {
    "measures": [
        ("document", "文件 id（与网址和 YAML 文件名一致）", "document id (as in its URL and YAML file name)"),
        ("region", "地区 id", "region id"),
        ("region_zh", "地区中文名", "region name in Chinese"),
        ("region_en", "地区英文名", "region name in English"),
        ("id", "措施 id，对应原文编号层级（如 2.16.44）", "measure id mirroring the printed numbering (e.g. 2.16.44)"),
        ("label", "原文编号（如（三）、12.）", "printed label (e.g. “（三）”, “12.”)"),
        ("label_path", "含上级编号的完整编号（如 三、（一））；原文编号在文件内重复时，前加未编号部分的序号（如 第二部分一、）",
         "printed labels of the enclosing parts and the measure (e.g. “三、（一）”); where printed labels repeat within "
         "the document, the position of the unnumbered part comes first (e.g. “第二部分一、”, Part 2 1.)"),
        ("organisational", "是否为组织实施类措施（位于“组织实施”“组织保障”“工作要求”等部分）",
         "whether the measure is about carrying the document out (under a part headed “组织实施”, “组织保障”, “工作要求” …)"),
        ("title_zh", "措施标题（原文有则有）", "measure heading in Chinese (where the source has one)"),
        ("title_en", "措施标题英文", "measure heading in English"),
        ("text_zh", "措施全文（中文原文）", "full measure text, Chinese original"),
        ("text_en", "措施全文英文参考译文", "full measure text, English reference translation"),
        ("translation_source", "译文来源：editorial（编辑部）/official/machine",
         "who produced the English: editorial / official / machine"),
        ("translation_reviewed", "译文是否经第二人校对", "whether a second person reviewed the English"),
        ("agencies", "责任单位（规范机构 id）", "responsible agencies (canonical ids)"),
        ("agencies_raw", "责任单位（原文写法）", "responsible units as printed"),
        ("lead_agencies", "原文注明的牵头单位", "lead agencies where the source names them"),
        ("supporting_agencies", "原文注明的配合单位", "supporting agencies where the source names them"),
        ("deadline_zh", "完成时限（任务分工表原文）", "deadline as printed (task tables)"),
        ("deadline_en", "完成时限英文", "deadline in English"),
        ("agency_functions", "责任单位职能类别", "functions of the responsible agencies"),
        ("themes", "主题 id", "theme ids"),
        ("framework_items", "对应国家意见条目", "national framework items answered"),
        ("url_zh", "中文页面锚点链接", "link to the measure on the Chinese page"),
        ("url_en", "英文页面锚点链接", "link to the measure on the English page"),
        # responsibility exactly as printed (issue 14): a download must not read a printed open list as closed
        ("responsibility_printed", "原文责任表述（原样）", "the responsibility statement exactly as printed (Chinese)"),
        ("responsibility_label", "原文列表名称（如 责任科室、责任处室、单位）；原文无则为空",
         "the list's printed label (e.g. “责任科室”); empty where the source prints none"),
        ("responsibility_note", "原文附注（如 等部门按职责分工、排序不分先后）；原文无则为空",
         "the note printed with the list (e.g. “等部门按职责分工”, “排序不分先后”); empty where none"),
        ("responsibility_open_ended", "是否为开放式列举（原文写“等部门”等）：是则所列单位并非全部责任单位",
         "whether the printed list is open (“…等部门”, “and other departments”): if true the units listed are not all"),
        ("unit_roles", "各责任单位的角色，与 agencies_raw 逐一对应：responsible（责任）、lead（牵头）、supporting（配合）",
         "each printed unit's role, in the order of agencies_raw: responsible, lead (“牵头”) or supporting (“配合”)"),
        ("unit_agencies", "各责任单位对应的规范机构 id，与 agencies_raw 逐一对应（未归并则为空）",
         "each printed unit's canonical agency id, in the order of agencies_raw (empty where unresolved)"),
    ],
    "units": [
        ("document", "文件 id", "document id"),
        ("measure", "措施 id", "measure id"),
        ("position", "在原文责任单位列表中的序号（从 1 起）", "position in the printed list of units (from 1)"),
        ("name_printed", "单位名称（原文写法）", "the unit's name exactly as printed"),
        ("role", "角色：responsible（责任）、lead（牵头）、supporting（配合）", "role: responsible, lead (“牵头”) or supporting (“配合”)"),
        ("agency", "规范机构 id（未归并则为空）", "canonical agency id (empty where unresolved)"),
        ("agency_zh", "规范机构中文全称", "the canonical agency's full name in Chinese"),
        ("agency_en", "规范机构英文全称", "the canonical agency's full name in English"),
        ("list_label", "原文列表名称", "the list's printed label"),
        ("list_note", "原文附注", "the note printed with the list"),
        ("list_open_ended", "所在列表是否为开放式列举（“等部门”）", "whether the list this unit is in is open (“等部门”)"),
        ("unordered", "原文注明排序不分先后（顺序不表示牵头）", "the source says the order implies no lead (“排序不分先后”)"),
    ],
    "targets": [
        ("document", "文件 id", "document id"),
        ("provision", "条目 id（措施或部分导语）", "provision id (a measure, or a section's lead-in)"),
        ("label_path", "完整编号（同 measures.label_path）", "label path (as in measures.label_path)"),
        ("kind", "类型：share 比例、count 数量、money 金额、duration 期限、deadline 截止年份、time-limit 时限、"
                 "frequency 频次、window 时间段",
         "kind: share, count, money, duration, deadline, time-limit, frequency, window (a date range)"),
        ("role", "角色：commitment 承诺目标、condition 条件、threshold 界限", "role: commitment, condition, threshold"),
        ("value", "数值（万、亿已换算；时间段为起始日期 YYYY-MM-DD）",
         "value as a number (“万” and “亿” multiplied out); for a window the start date, YYYY-MM-DD"),
        ("value_to", "区间的上限（非区间为空）", "upper end of a range (empty unless a range)"),
        ("unit", "单位 id：percent、yuan、person、person-time、organisation、item、session、set、institution、unit、time、"
                 "year、month、day、working-day、year-of-age、date",
         "unit id: percent, yuan, person, person-time, organisation, item, session, set, institution, unit, time, year, month, day, "
         "working-day, year-of-age, date"),
        ("qualifier", "限定：at-least 不低于/以上、at-most 不超过/最高/以内、about 左右/约、exactly 无限定词",
         "qualifier: at-least, at-most, about, exactly (no qualifying word)"),
        ("period", "周期：per-year、per-month、per-quarter、per-week、per-occasion；无则为空",
         "period: per-year, per-month, per-quarter, per-week, per-occasion; empty if none"),
        ("subject_zh", "所指对象（提取所得，或编辑更正）",
         "what the number is about, in Chinese (as extracted, or as the editors corrected it)"),
        ("subject_en", "所指对象英文（编辑提供）", "what the number is about, in English (given by the editors)"),
        ("value_en", "数值英文表述（含限定、单位、周期）", "the value in English with qualifier, unit and period"),
        ("span", "原文片段（逐字，含限定词）", "the exact source span, qualifiers included"),
        ("sentence_zh", "所在句子（中文原文）", "the sentence it comes from, Chinese original"),
        ("overridden", "是否经编辑修正（文件 YAML 中的 targets）", "whether the editors corrected it (targets: in the document YAML)"),
        ("url_zh", "中文页面链接", "link on the Chinese page"),
        ("url_en", "英文页面链接", "link on the English page"),
    ],
    "documents": [
        ("id", "文件 id", "document id"),
        ("region", "地区 id", "region id"),
        ("title_zh", "标题（原文）", "title as printed"),
        ("title_en", "标题英文", "title in English"),
        ("issuer_zh", "发文机关（原文）", "issuing body as printed"),
        ("issuer_en", "发文机关英文", "issuing body in English"),
        ("doc_number", "文号；原文未注明则为空", "document number (“文号”); empty where the source gives none"),
        ("issued", "成文日期 YYYY-MM-DD；原文未注明则为空", "date issued, YYYY-MM-DD; empty where the source gives none"),
        ("published", "发布日期；原文未注明则为空", "date published; empty where the source gives none"),
        ("publisher_zh", "发布网站或机构", "publishing website or body"),
        ("seed", "原始文本文件（seeds/）", "source text file in seeds/"),
        ("url", "原文网址（已知时）", "source URL, where known"),
        ("measures", "措施条数", "number of measures"),
        ("implements", "所贯彻的上级文件（文号或标题）", "documents it implements (number or title)"),
        ("cites", "引用的其他文件（文号或标题）", "other documents it cites (number or title)"),
        ("archive_url", "存档副本网址；未记录则为空", "URL of an archived copy; empty where not recorded"),
        ("transcribed_from_zh", "文本转录来源说明；未记录则为空", "where the text was transcribed from (Chinese); empty if not recorded"),
        ("transcribed_from_en", "文本转录来源说明英文", "the same in English"),
        ("lag_framework", "所实施的上级文件（data/frameworks/ 中的 id）；不实施其中任何文件则为空",
         "the framework it implements (id in data/frameworks/); empty where it implements none of them"),
        ("lag_days", "从上级文件印发到本文件印发的天数；两个日期都注明到日时才有，否则为空",
         "days from the framework's date of issue to this document's; only where both dates are stated to the day, else empty"),
        ("lag_days_min", "间隔天数的下限（日期只注明到月或年时不推定具体日期，取可能的最短间隔）；本文件日期未注明则为空",
         "the shortest lag the stated dates allow (a date stated to the month or year is not given a day); "
         "empty where this document's date is not stated"),
        ("lag_days_max", "间隔天数的上限（可能的最长间隔）；本文件日期未注明则为空",
         "the longest lag the stated dates allow; empty where this document's date is not stated"),
    ],
    "related": [
        ("document", "文件 id", "document id"),
        ("measure", "措施 id", "measure id"),
        ("related_document", "相似措施所在文件 id（总是另一份文件）", "document of the related measure (always another document)"),
        ("related_measure", "相似措施 id", "id of the related measure"),
        ("score", "相似度：两条措施中文原文（标题和正文）的二字组 TF-IDF 余弦相似度，0 到 1，保留两位小数；"
                  "每条措施列出最多 3 条，不低于 0.12",
         "similarity: cosine of the two measures' character-bigram TF-IDF vectors over the Chinese text (heading and text), "
         "0 to 1, two decimals; at most 3 per measure, none below 0.12"),
    ],
    "agencies": [
        ("id", "规范机构 id", "canonical agency id"),
        ("name_zh", "全称", "full name in Chinese"),
        ("name_en", "英文全称", "full name in English"),
        ("short_zh", "简称", "short name in Chinese"),
        ("short_en", "英文简称", "short name in English"),
        ("jurisdiction", "所属地区 id", "region id of its jurisdiction"),
        ("function", "职能类别 id", "function id"),
        ("kind", "类型：机关、内设机构、直属单位、集合主体、议事协调机构", "kind: agency, section, institution, collective, coordination"),
        ("parent", "上级机构 id（内设机构）", "parent agency id (for internal sections)"),
        ("aliases", "原文中的写法", "names as printed in the documents"),
        ("note_zh", "编者说明（如何归并）", "editors' note on how the printed names were resolved, in Chinese"),
        ("note_en", "编者说明英文", "the same note in English"),
    ],
    "themes": [
        ("id", "主题 id", "theme id"),
        ("name_zh", "主题名称", "theme name in Chinese"),
        ("name_en", "主题英文名", "theme name in English"),
        ("description_zh", "说明", "description in Chinese"),
        ("description_en", "英文说明", "description in English"),
        ("framework_item", "对应的国家意见条目编号", "national framework item it corresponds to"),
    ],
    "regions": [
        ("id", "地区 id", "region id"),
        ("name_zh", "中文名", "name in Chinese"),
        ("name_en", "英文名", "name in English"),
        ("level", "层级：national、province、prefecture、county", "level: national, province, prefecture, county"),
        ("parent", "上级地区 id", "parent region id"),
        ("code", "行政区划代码（GB/T 2260）", "administrative division code (GB/T 2260)"),
    ],
}


def _t(text: Text | None, lang: str) -> str:
    return (text.get(lang) or "") if text else ""


def measure_records(corpus: Corpus, analysis: Analysis) -> list[dict]:
    records = []
    for row in analysis.rows:
        doc, p = row.doc, row.provision
        region = corpus.regions.get(doc.region or "")
        source = (p.text.en_source if p.text and p.text.en else None) or ""
        reviewed = bool(p.text and p.text.en and p.text.en_reviewed)
        records.append({
            "document": doc.id,
            "region": doc.region or "",
            "region_zh": region.name.zh if region else "",
            "region_en": region.name.en if region else "",
            "id": p.id,
            "label": p.label or "",
            "label_path": doc.label_path(p),
            "organisational": doc.is_organisational(p),
            "title_zh": _t(p.heading, "zh"),
            "title_en": _t(p.heading, "en"),
            "text_zh": _t(p.text, "zh"),
            "text_en": _t(p.text, "en"),
            "translation_source": source,
            "translation_reviewed": reviewed,
            "agencies": row.agencies,
            "agencies_raw": [u.name for u in p.responsibility.units] if p.responsibility else [],
            "lead_agencies": row.lead_agencies,
            "supporting_agencies": [a for a in row.agencies if row.roles.get(a) == "supporting"],
            "deadline_zh": _t(p.deadline, "zh"),
            "deadline_en": _t(p.deadline, "en"),
            "agency_functions": row.functions,
            "themes": row.themes,
            "framework_items": row.framework,
            "url_zh": measure_permalink(doc, p, "zh"),
            "url_en": measure_permalink(doc, p, "en"),
            **_responsibility_columns(p.responsibility),
        })
    return records


def _responsibility_columns(resp: Responsibility | None) -> dict:
    units = resp.units if resp else []
    return {
        "responsibility_printed": resp.printed if resp else "",
        "responsibility_label": (resp.label or "") if resp else "",
        "responsibility_note": (resp.note or "") if resp else "",
        "responsibility_open_ended": bool(resp and resp.open_ended),
        "unit_roles": [u.role for u in units],
        "unit_agencies": [u.agency or "" for u in units],
    }


def unit_records(corpus: Corpus, analysis: Analysis) -> list[dict]:
    """One row per printed unit of every measure, in printed order."""
    records = []
    for row in analysis.rows:
        resp = row.provision.responsibility
        for position, unit in enumerate(resp.units if resp else [], 1):
            agency = corpus.agencies.get(unit.agency or "")
            records.append({
                "document": row.doc.id, "measure": row.provision.id, "position": position, "name_printed": unit.name,
                "role": unit.role, "agency": unit.agency or "", "agency_zh": (agency.name.zh or "") if agency else "",
                "agency_en": (agency.name.en or "") if agency else "", "list_label": resp.label or "",
                "list_note": resp.note or "", "list_open_ended": resp.open_ended, "unordered": resp.unordered,
            })
    return records


def target_records(analysis: Analysis) -> list[dict]:
    records = []
    for t in analysis.targets:
        anchor = t.provision.anchor if t.provision.is_measure else "s-" + t.provision.id.replace(".", "-")
        records.append({
            "document": t.doc.id, "provision": t.provision.id, "label_path": t.doc.label_path(t.provision),
            "kind": t.kind, "role": t.role, "value": plain_number(t.values[0]) if t.values else "",
            "value_to": plain_number(t.values[1]) if len(t.values) > 1 else "", "unit": t.unit,
            "qualifier": t.qualifier, "period": t.period or "", "subject_zh": t.subject.zh or "",
            "subject_en": t.subject.en or "", "value_en": t.english, "span": t.span, "sentence_zh": t.sentence,
            "overridden": t.overridden,
            "url_zh": f"/documents/{t.doc.id}/#{anchor}", "url_en": f"/en/documents/{t.doc.id}/#{anchor}",
        })
    return records


def document_records(corpus: Corpus) -> list[dict]:
    from .timeline import document_lag

    def lag_columns(doc) -> dict:
        lag = document_lag(corpus, doc)
        return {"lag_framework": lag.framework.id if lag else "",
                "lag_days": "" if not lag or lag.days is None else lag.days,
                "lag_days_min": "" if not lag or lag.low is None else lag.low,
                "lag_days_max": "" if not lag or lag.high is None else lag.high}

    return [{
        "id": d.id, "region": d.region or "", "title_zh": _t(d.title, "zh"), "title_en": _t(d.title, "en"),
        "issuer_zh": _t(d.issuer, "zh"), "issuer_en": _t(d.issuer, "en"), "doc_number": d.doc_number or "",
        "issued": d.issued or "", "published": d.published or "", "publisher_zh": _t(d.publisher, "zh"),
        "seed": d.seed or "", "url": d.url or "", "measures": len(d.measures),
        "implements": [r.number or r.title or "" for r in d.implements],
        "cites": [r.number or r.title or "" for r in d.cites],
        "archive_url": d.archive_url or "", "transcribed_from_zh": _t(d.transcribed_from, "zh"),
        "transcribed_from_en": _t(d.transcribed_from, "en"), **lag_columns(d),
    } for d in sorted(corpus.documents.values(), key=lambda d: d.id)]


def agency_records(corpus: Corpus) -> list[dict]:
    return [{
        "id": a.id, "name_zh": a.name.zh or "", "name_en": a.name.en or "", "short_zh": _t(a.short, "zh"),
        "short_en": _t(a.short, "en"), "jurisdiction": a.jurisdiction, "function": a.function, "kind": a.kind,
        "parent": a.parent or "", "aliases": a.aliases, "note_zh": _t(a.note, "zh"), "note_en": _t(a.note, "en"),
    } for a in corpus.agencies.values()]


def theme_records(corpus: Corpus) -> list[dict]:
    return [{
        "id": t.id, "name_zh": t.name.zh or "", "name_en": t.name.en or "", "description_zh": t.description.zh or "",
        "description_en": t.description.en or "", "framework_item": t.framework_item or "",
    } for t in corpus.themes.values()]


def related_records(corpus: Corpus) -> list[dict]:
    from .related import related_for

    ids = {f"{d.id}#{p.anchor}": (d.id, p.id) for d in corpus.documents.values() for p in d.measures}
    records = []
    for key, found in related_for(corpus).items():
        for other, score in found:
            (doc, measure), (other_doc, other_measure) = ids[key], ids[other]
            records.append({"document": doc, "measure": measure, "related_document": other_doc,
                            "related_measure": other_measure, "score": score})
    return records


def region_records(corpus: Corpus) -> list[dict]:
    return [{
        "id": r.id, "name_zh": r.name.zh or "", "name_en": r.name.en or "", "level": r.level,
        "parent": r.parent or "", "code": r.code or "",
    } for r in corpus.regions.values()]


def _csv_cell(value) -> str:
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    value = "" if value is None else str(value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        value = "'" + value  # keep spreadsheets from evaluating data as a formula
    return value


def to_csv(records: list[dict]) -> str:
    out = io.StringIO()
    if records:
        writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _csv_cell(v) for k, v in record.items()})
    return "\ufeff" + out.getvalue()


def write_exports(corpus: Corpus, analysis: Analysis, out_dir: Path) -> dict[str, int]:
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {
        "measures": measure_records(corpus, analysis),
        "targets": target_records(analysis),
        "documents": document_records(corpus),
        "agencies": agency_records(corpus),
        "themes": theme_records(corpus),
        "regions": region_records(corpus),
        "units": unit_records(corpus, analysis),
        "related": related_records(corpus),
    }
    for name, records in tables.items():
        (out_dir / f"{name}.csv").write_text(to_csv(records), encoding="utf-8")
        (out_dir / f"{name}.json").write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts = {name: len(records) for name, records in tables.items()}
    # last: citation files, licences and the data package describe every file written above
    from .datapackage import write_reuse_files

    write_reuse_files(corpus, out_dir)
    return counts
