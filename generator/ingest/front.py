"""Everything before the numbered body: web-page chrome, the notice's front matter, the preamble,
and the metadata that can be read off them (title, issuer, 文号, dates, publisher, references).

Nothing is read from anywhere but the text: a field the text does not give stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.data.model import ChromeLine
from generator.ingest.lines import Line, fold, is_title_like, match_label
from generator.ingest.responsibility import looks_like_unit

# Web-page furniture around the document (kept verbatim in the dropped-chrome list).
_CHROME_PATTERNS = [
    (re.compile(r"^(来源|发布时间|发布日期)[:：]"), "source and date line"),
    (re.compile(r"^首页\s*>"), "breadcrumb"),
    (re.compile(r"^当前位置"), "breadcrumb"),
    (re.compile(r"^(相关资讯|相关链接|相关文章|相关新闻|热点推荐)[:：]?$"), "related-links block"),
    (re.compile(r"^(文件下载|附件下载|关联文件|打印本页|关闭窗口|【打印】|【关闭】)[:：]?"), "page tool"),
    (re.compile(r"(公网安备|ICP备|网站标识码|版权所有|主办单位[:：])"), "site footer"),
    (re.compile(r"(浏览次数|阅读次数|访问量)"), "page counter"),
]
# Column headers of a table flattened to lines (one cell per line).
TABLE_HEADERS = {
    "序号", "项目", "任务内容", "责任单位", "牵头单位", "配合单位", "主要任务", "具体措施", "完成时限", "时间进度", "工作任务", "重点任务",
}

_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}〔\d{4}〕\s*\d+\s*号")
_DOC_NUMBER_LINE = re.compile(r"^" + _DOC_NUMBER.pattern + r"$")
# The printer's line closing an official document: 某某办公室  2021年3月1日印发
_PRINT_LINE = re.compile(r"^\S.{0,40}?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
# The red header of an official document: 某某市人力资源和社会保障局文件
_RED_HEADER = re.compile(r"^[\u4e00-\u9fff（）() \u3000]{2,60}文件$")
# An adoption line: （2021年3月5日某某市人民政府第10次常务会议通过）
_ADOPTION = re.compile(r"^\((?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?P<body>[^()]{2,60}?会议)(?:审议)?通过\)$")
_EFFECTIVE = re.compile(r"自\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*起(?:施行|实施|执行)")
_NOTICE_TITLE = re.compile(r"^关于.*的(通知|通报|函|批复)$")
_SEAL = re.compile(r"^\(.*代章\)$")
_DISCLOSURE = re.compile(r"^\(此件.*\)$")
_SOURCE = re.compile(r"来源[:：]\s*(?P<publisher>\S+)")
_SOURCE_DATE = re.compile(r"(?:时间|日期)[:：]\s*(?P<date>\d{4}-\d{2}-\d{2})")
_REFERENCE = re.compile(r"《(?P<title>[^》]+)》\s*[(（](?P<number>[^()（）]*?〔\d{4}〕\s*\d+\s*号)[)）]")
_TITLE_ONLY = re.compile(r"《(?P<title>[^》]+)》")
_ISSUER_IN_TITLE = re.compile(r"^(?P<issuer>.{2,40}?(?:局|厅|委员会|人民政府|办公室|办公厅|领导小组|委))关于")
_IMPLEMENT_VERBS = ("根据", "贯彻", "落实", "按照", "精神", "要求")


@dataclass
class FrontLine:
    line: int
    role: str  # title, notice_title, addressees, notice_body, issuer, seal, date, disclosure, doc_number
    text: str


@dataclass
class Front:
    chrome: list[ChromeLine] = field(default_factory=list)
    front: list[FrontLine] = field(default_factory=list)
    preamble: list[Line] = field(default_factory=list)
    heading_block: list[Line] = field(default_factory=list)  # title lines of a first unnumbered section
    table_mode: bool = False

    def role(self, name: str) -> str | None:
        for f in self.front:
            if f.role == name:
                return f.text
        return None


def find_chrome(lines: list[Line]) -> tuple[dict[int, ChromeLine], bool]:
    """Chrome by pattern, plus flattened table headers; returns (chrome by line number, table mode)."""
    chrome: dict[int, ChromeLine] = {}
    table_mode = False
    for line in lines:
        for pattern, reason in _CHROME_PATTERNS:
            if pattern.search(fold(line.text)):
                chrome[line.number] = ChromeLine(line.number, reason, line.text)
                break
    # Table headers: two or more consecutive header-word lines.
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].text in TABLE_HEADERS:
            j += 1
        if j - i >= 2:
            for line in lines[i:j]:
                chrome[line.number] = ChromeLine(line.number, "table column header", line.text)
            table_mode = table_mode or any(line.text in ("责任单位", "牵头单位") for line in lines[i:j])
            i = j
        else:
            i += 1
    return chrome, table_mode


def split_front(head: list[Line], chrome: dict[int, ChromeLine], sectioned: bool) -> Front:
    """Sort the lines before the first numbered provision into chrome, front matter and preamble."""
    result = Front()
    lines = [line for line in head if line.number not in chrome]
    # The preamble: the prose paragraphs right before the body.
    k = len(lines)
    while k > 0 and not is_title_like(lines[k - 1].text, 80) and _front_role(lines[k - 1].text) is None:
        k -= 1
    result.preamble, lines = lines[k:], lines[:k]
    # A sectioned document (sets of measures each under its own title) opens with a title block.
    if sectioned:
        k = len(lines)
        while k > 0 and is_title_like(lines[k - 1].text, 60) and _front_role(lines[k - 1].text) is None:
            k -= 1
        if k < len(lines) and (k > 0 or lines):
            result.heading_block, lines = lines[k:], lines[:k]
    roles: list[tuple[Line, str | None]] = [(line, _front_role(line.text)) for line in lines]
    # The issuer is the short line(s) right before the seal or the date of signature.
    for idx, (_, role) in enumerate(roles):
        if role in ("seal", "date") and idx > 0 and roles[idx - 1][1] is None and is_title_like(roles[idx - 1][0].text, 40):
            roles[idx - 1] = (roles[idx - 1][0], "issuer")
            # A joint notice is signed by several bodies, one per line, the first leading.
            k = idx - 2
            while k >= 0 and roles[k][1] is None and is_title_like(roles[k][0].text, 40) and looks_like_unit(roles[k][0].text):
                roles[k] = (roles[k][0], "issuer")
                k -= 1
    # The document's title is the last remaining title-like line; earlier copies are page chrome.
    title_idx = max((i for i, (line, role) in enumerate(roles) if role is None and is_title_like(line.text, 100)), default=None)
    title = roles[title_idx][0].text if title_idx is not None else None
    for idx, (line, role) in enumerate(roles):
        if idx == title_idx:
            result.front.append(FrontLine(line.number, "title", line.text))
        elif role is None and title and line.text == title:
            result.chrome.append(ChromeLine(line.number, "repeated page heading", line.text))
        elif role is None and title and line.text.startswith(title) and len(line.text) - len(title) <= 20:
            result.chrome.append(ChromeLine(line.number, "web page title with site name", line.text))
        elif role is None:
            # Unrecognised prose before the body is kept as preamble, in order, never dropped.
            result.preamble.insert(len([p for p in result.preamble if p.number < line.number]), line)
        else:
            result.front.append(FrontLine(line.number, role, line.text))
    result.preamble.sort(key=lambda line: line.number)
    return result


def _front_role(text: str) -> str | None:
    folded = fold(text)
    # tried in this order: the first pattern that matches decides
    for pattern, role in ((_DATE, "date"), (_PRINT_LINE, "print_line"), (_ADOPTION, "adoption"),
                          (_RED_HEADER, "red_header"), (_DOC_NUMBER_LINE, "doc_number"), (_SEAL, "seal"),
                          (_DISCLOSURE, "disclosure"), (_NOTICE_TITLE, "notice_title")):
        if pattern.match(folded):
            return role
    if (folded.endswith(":") and "。" not in folded and "《" not in folded and len(folded) < 150
            and not folded.startswith(("根据", "为", "按照", "依据"))):
        return "addressees"
    if "印发给你们" in folded or "现印发" in folded:
        return "notice_body"
    return None


def split_closing(after: list[Line], chrome: dict[int, ChromeLine], front: Front) -> list[Line]:
    """Lines after the last task table: front matter where they have a role (印发 line, date,
    disclosure), otherwise the document's closing text, in order."""
    closing = []
    for line in after:
        if line.number in chrome:
            continue
        role = _front_role(line.text)
        if role in ("print_line", "date", "disclosure", "seal", "doc_number"):
            front.front.append(FrontLine(line.number, role, line.text))
        else:
            closing.append(line)
    return closing


def pop_trailing_front(body: list[Line], front: Front) -> list[Line]:
    """The 印发 line and a disclosure note after the last provision are front matter, not the last
    measure's text (a notice printed in full ends with them)."""
    while body and _front_role(body[-1].text) in ("print_line", "disclosure"):
        line = body.pop()
        front.front.append(FrontLine(line.number, _front_role(line.text), line.text))
    return body


@dataclass
class Metadata:
    title: str | None = None
    issuer: str | None = None
    issuers: list[str] = field(default_factory=list)  # every signing body, in printed order
    adopted: str | None = None
    adopted_by: str | None = None
    effective: str | None = None
    issuer_note: str | None = None
    doc_number: str | None = None
    issued: str | None = None
    published: str | None = None
    publisher: str | None = None
    implements: list[dict] = field(default_factory=list)
    cites: list[dict] = field(default_factory=list)


def read_metadata(front: Front, chrome: list[ChromeLine], body_text: str) -> Metadata:
    meta = Metadata()
    meta.title = front.role("title") or front.role("notice_title")
    meta.issuers = [f.text for f in sorted(front.front, key=lambda f: f.line) if f.role == "issuer"]
    meta.issuer = meta.issuers[0] if meta.issuers else None
    adoption = front.role("adoption")
    if adoption:
        m = _ADOPTION.match(fold(adoption))
        meta.adopted, meta.adopted_by = iso_date(m.group("date")), adoption[m.start("body"): m.end("body")]
    effective = {iso_date(m.group(1)) for m in _EFFECTIVE.finditer(fold(body_text))}
    if len(effective) == 1:  # one stated date only: two would need an editor to say which is the document's
        meta.effective = effective.pop()
    if not meta.issuer and meta.title:
        m = _ISSUER_IN_TITLE.match(meta.title)
        if m:
            meta.issuer = m.group("issuer")
    seal = front.role("seal")
    if seal:
        meta.issuer_note = seal[1:-1]  # inside the parentheses, e.g. 市人社局代章
    number = front.role("doc_number")
    if number:
        meta.doc_number = re.sub(r"\s+", "", number)
    date = front.role("date")
    if date:
        meta.issued = iso_date(date)
    for c in chrome:
        if c.reason == "source and date line":
            m = _SOURCE.search(c.text)
            if m:
                meta.publisher = m.group("publisher")
            d = _SOURCE_DATE.search(c.text)
            if d:
                meta.published = d.group("date")
    _info_table(meta, [c for c in chrome if c.reason == "document information table"])
    preamble = "".join(line.text for line in front.preamble)
    meta.implements = _references(preamble, implementing=True)
    if not meta.implements and meta.title and meta.title.startswith(("贯彻", "落实", "关于贯彻")):
        meta.implements = [{"title": t, "number": None} for t in _TITLE_ONLY.findall(meta.title)]
    seen = set().union(*(reference_keys(r) for r in meta.implements))
    cited = []
    for ref in _references(preamble + "\n" + body_text, implementing=False):
        if not reference_keys(ref) & seen:
            seen |= reference_keys(ref)
            cited.append(ref)
    # A document never cites itself (its notice names it: 关于印发《…》的通知).
    own = {re.sub(r"\s+", "", t) for t in [meta.title or ""] + _TITLE_ONLY.findall(front.role("notice_title") or "") if t}
    meta.cites = [ref for ref in cited if re.sub(r"\s+", "", ref["title"] or "") not in own]
    return meta


_INFO_FIELDS = {"发布机构": "publisher", "发文机关": "issuer", "成文日期": "issued", "发布日期": "published",
                "发文字号": "doc_number", "文号": "doc_number"}


def _info_table(meta: Metadata, cells: list[ChromeLine]) -> None:
    """A government site's info table (索引号 | 发布机构 | 成文日期 …): label cell, then value cell.
    It only fills what the document's own text does not state."""
    for label, value in zip(cells, cells[1:]):
        key = _INFO_FIELDS.get(re.sub(r"[:：\s]", "", label.text))
        if key is None or getattr(meta, key):
            continue
        text = value.text.strip()
        if key in ("issued", "published"):
            m = re.match(r"^(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?$", fold(text))
            text = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
        elif key == "doc_number":
            text = re.sub(r"\s+", "", text) if _DOC_NUMBER_LINE.match(fold(text)) else None
        if text and not text.endswith(("：", ":")):
            setattr(meta, key, text)


def reference_keys(ref: dict) -> set[str]:
    """What identifies a referenced document: its number, and its title without whitespace (web copies
    mix spaces and no-break spaces: 中共温州市委  温州市人民政府). Sharing either means the same document."""
    return {key for key in (ref["number"], re.sub(r"\s+", "", ref["title"] or "")) if key}


def _references(text: str, implementing: bool) -> list[dict]:
    refs: list[dict] = []
    for m in _REFERENCE.finditer(text):
        ref = {"title": m.group("title"), "number": re.sub(r"\s+", "", m.group("number"))}
        if implementing:
            before = text[max(0, m.start() - 30): m.start()]
            if not any(v in before for v in _IMPLEMENT_VERBS):
                continue
        if ref not in refs:
            refs.append(ref)
    if not implementing:
        seen = {r["title"] for r in refs}
        for m in _TITLE_ONLY.finditer(text):
            title = m.group("title")
            if title not in seen and len(title) >= 4:
                seen.add(title)
                refs.append({"title": title, "number": None})
    return refs


def iso_date(text: str) -> str | None:
    m = _DATE.match(fold(text).strip())
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def first_body_index(lines: list[Line], chrome: dict[int, ChromeLine]) -> int | None:
    for i, line in enumerate(lines):
        if line.number not in chrome and match_label(line.text):
            return i
    return None
