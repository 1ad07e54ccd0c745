"""The numbered body → a tree of provisions, then a flat list in reading order.

Nesting follows the order the document itself uses: a label of a scheme already open closes
everything below it (a sibling), a new scheme opens a child. Numbering that runs straight through
across parts (Liaoning's (一)–(十八), Fangchenggang's 1–44) keeps its printed values, so ids mirror
the print: `2.16.44` is item 44 under part 二, section (十六).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from generator.errors import IngestError, Problem
from generator.ingest.lines import Label, Line, fold, is_title_like, match_label
from generator.ingest.responsibility import (
    Responsibility,
    Unit,
    parse_units,
    role_line,
    split_top_level,
    trailing_responsibility,
    trailing_statement,
    unit_line,
)
from generator.ingest.tables import TableRow, TaskTable

_GENERAL_HEADINGS = re.compile(r"(总体要求|指导思想|基本原则|工作目标|主要目标|目标任务)")
_ORGANISATIONAL_HEADINGS = re.compile(r"(工作要求|组织实施|保障措施|组织保障|组织领导|实施保障)")


@dataclass
class Node:
    scheme: str  # a label scheme, "section" (unnumbered set of measures) or "root"
    value: int
    label: Label | None = None
    first_line: int = 0
    label_only: bool = False  # the label stood alone on its line (table layouts)
    lines: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    responsibility: Responsibility | None = None
    heading: str = ""
    text: str = ""
    id: str = ""
    kind: str = ""
    deadline: str = ""  # 完成时限 of a task table row
    deadline_with: str = ""  # a merged deadline cell was printed with this measure
    responsibility_with: str = ""  # likewise for merged responsibility cells

    @property
    def depth(self) -> int:
        return 0 if self.parent is None or self.parent.scheme == "root" else self.parent.depth + 1


def build_tree(body: list[Line], table_mode: bool, sectioned: bool, first_section: list[Line] | None,
               path: str) -> Node:
    root = Node("root", 0)
    stack: list[Node] = [root]
    sections = 0

    def open_section(line_no: int) -> Node:
        nonlocal sections, stack
        sections += 1
        node = Node("section", sections, first_line=line_no, parent=root, label_only=True)
        root.children.append(node)
        stack = [root, node]
        return node

    if sectioned and first_section is not None:
        section = open_section(first_section[0].number if first_section else 0)
        section.lines.extend(line.text for line in first_section)
    top_scheme = None
    for i, line in enumerate(body):
        label = match_label(line.text)
        current = stack[-1]
        if label:
            if top_scheme is None:
                top_scheme = label.scheme
            depth = next((d for d in range(len(stack) - 1, 0, -1) if stack[d].scheme == label.scheme), None)
            if depth is not None:
                stack = stack[:depth]
            parent = stack[-1]
            node = Node(label.scheme, label.value, label, line.number, parent=parent)
            node.label_only = not label.rest.strip()
            if label.rest.strip():
                node.lines.append(label.rest.strip())
            parent.children.append(node)
            stack.append(node)
            continue
        has_text = current.lines and (
            not current.label_only or any(not is_title_like(text, 60) for text in current.lines)
        )
        if current.scheme != "root" and has_text and current.responsibility is None:
            # Under a task: a bare unit line (tables flattened to lines) or a labelled statement
            # (牵头单位：A；配合单位：B) on its own line.
            units = unit_line(line.text) if table_mode else role_line(line.text)
            if units is not None:
                current.responsibility = units
                continue
        if sectioned and is_title_like(line.text, 60) and _restarts_after(body, i, top_scheme):
            # A title followed by a list that starts again at 1: a new unnumbered set of measures.
            section = open_section(line.number)
            section.lines.append(line.text)
            continue
        if current.scheme == "root":
            raise IngestError(
                Problem(path, line.number, 0, "text before the first numbered provision could not be placed",
                        "check the seed's layout", code="E-INGEST-STRUCTURE")
            )
        current.lines.append(line.text)
    if not root.children:
        raise IngestError(
            Problem(path, 0, 0, "no numbered provisions found (一、 （一） 1. （1） ① 第X条 …)",
                    "ingest works on texts whose provisions are numbered; number them, or write the YAML by hand",
                    code="E-INGEST-NO-PROVISIONS")
        )
    return root


def _restarts_after(body: list[Line], index: int, top_scheme: str | None) -> bool:
    for line in body[index + 1 : index + 6]:
        label = match_label(line.text)
        if label:
            return label.scheme == top_scheme and label.value == 1
    return False


def is_sectioned(body: list[Line]) -> bool:
    """Does the body hold several unnumbered sets of measures (a title, then numbering from 1 again)?"""
    top_scheme = None
    for i, line in enumerate(body):
        label = match_label(line.text)
        if label and top_scheme is None:
            top_scheme = label.scheme
        if not label and top_scheme and is_title_like(line.text, 60) and _restarts_after(body, i, top_scheme):
            return True
    return False


def resolve(root: Node, path: str) -> list[Node]:
    """Headings, texts, responsibility, ids and kinds; returns the provisions in reading order."""
    _fold_enumerations(root)
    nodes = list(_walk(root))
    for node in nodes:
        _split_heading_and_text(node)
        if node.responsibility is None and not node.children and node.text:
            found = trailing_responsibility(node.text) or trailing_statement(node.text)
            if found:
                node.text, node.responsibility = found
    _sentence_headings(nodes)
    _assign_ids(root, path)
    _assign_kinds(nodes)
    return nodes


def _fold_enumerations(node: Node) -> None:
    """Sub-items that enumerate what a lead-in ending in ：announces (具体包括： / 应当符合下列条件：)
    belong to that item: one measure, its text keeping each sub-item on its own line, together with
    any sentence after the list and the responsibility printed under it (which the tree hung on the
    last sub-item). A list whose items carry responsibility of their own is a list of measures."""
    for child in node.children:
        _fold_enumerations(child)
    if node.label is None or not node.children or not node.lines:
        return  # only a numbered item has a lead-in (an unnumbered section's preamble introduces measures)
    if fold(node.lines[-1]).rstrip()[-1:] != ":":
        return
    items = node.children
    if any(item.children for item in items) or any(item.responsibility for item in items[:-1]):
        return
    for item in items:
        first = item.label.printed + (item.lines[0] if item.lines and not item.label_only else "")
        node.lines.append(first)
        node.lines.extend(item.lines[1:] if item.lines and not item.label_only else item.lines)
    node.responsibility = items[-1].responsibility
    node.children = []


def _walk(node: Node):
    for child in node.children:
        yield child
        yield from _walk(child)


def _split_heading_and_text(node: Node) -> None:
    lines = node.lines
    if not lines:
        return
    if node.label_only:
        # Table layouts and unnumbered sections: leading title-like lines are the heading
        # (a heading split over two cells is joined back without a space).
        k = 0
        while k < len(lines) and is_title_like(lines[k], 60):
            k += 1
        if k == len(lines) and not node.children and node.responsibility is not None:
            k = 0  # a task whose whole text is one short line is text, not a heading
        node.heading = "".join(lines[:k])
        node.text = "\n".join(lines[k:])
    elif is_title_like(lines[0], 60) and (node.children or len(lines) > 1):
        node.heading = lines[0]
        node.text = "\n".join(lines[1:])
    else:
        node.text = "\n".join(lines)


def _first_sentence(text: str, strict: bool = True) -> str | None:
    """The short lead sentence of a text, if it has one and more text follows it.

    Strict (no enumeration comma either) when voting on whether a level uses lead sentences;
    loose once a level does, so 健全“双高”人才选拔、评价方式。 is a heading like its siblings.
    """
    folded = fold(text)
    end = folded.find("。")
    if end <= 0 or end > 30 or end == len(folded.rstrip()) - 1:
        return None
    sentence = folded[:end]
    if any(p in sentence for p in (",、;:" if strict else ",;:")):
        return None
    return text[: end + 1]


def _sentence_headings(nodes: list[Node]) -> None:
    """Where a level's items consistently open with a short lead sentence, that sentence is the heading."""
    levels: dict[tuple, list[Node]] = {}
    for node in nodes:
        if not node.heading and node.text and node.label:
            levels.setdefault((node.scheme, node.depth), []).append(node)
    for group in levels.values():
        voters = [n for n in group if _first_sentence(n.text)]
        if len(voters) >= max(2, 0.75 * len(group)):
            for node in group:
                sentence = _first_sentence(node.text, strict=False)
                if sentence:
                    node.heading = sentence
                    node.text = node.text[len(sentence):].lstrip()


def _assign_ids(root: Node, path: str) -> None:
    seen: dict[str, Node] = {}
    for node in _walk(root):
        own = str(node.value)
        node.id = own if node.parent is root else f"{node.parent.id}.{own}"
        if node.id in seen:
            raise IngestError(
                Problem(path, node.first_line, 0,
                        f"numbering '{node.label.printed if node.label else node.id}' repeats under the same parent "
                        f"(first at line {seen[node.id].first_line})",
                        "check the seed for a list that restarts without a heading; give each list its own heading",
                        code="E-INGEST-STRUCTURE")
            )
        seen[node.id] = node


def _assign_kinds(nodes: list[Node]) -> None:
    """Containers are parts/groups/sections; leaves are measures unless they state general principles
    (总体要求 …) or sit in a closing work-requirements part outside the document's measure numbering
    (Fangchenggang's 三、工作要求 (一)–(三), while its measures are numbered 1–44)."""
    leaves = [n for n in nodes if not n.children]
    with_duty = Counter(n.scheme for n in leaves if n.responsibility)
    measure_scheme = with_duty.most_common(1)[0][0] if with_duty else None
    for node in nodes:
        if node.children:
            node.kind = "section" if node.scheme == "section" else ("part" if node.depth == 0 else "group")
        elif _GENERAL_HEADINGS.search(node.heading or ""):
            node.kind = "general"
        elif node.responsibility is not None:
            node.kind = "measure"
        elif measure_scheme and node.scheme != measure_scheme and _in_organisational_part(node):
            node.kind = "organisational"
        else:
            node.kind = "measure"


def _in_organisational_part(node: Node) -> bool:
    parent = node.parent
    while parent is not None and parent.scheme != "root":
        if _ORGANISATIONAL_HEADINGS.search(parent.heading or ""):
            return True
        parent = parent.parent
    return False


def table_provisions(table: TaskTable, offset: int, path: str, prefix: str = "") -> list[Node]:
    """A task table → provisions: a group per task cell (its rows' measures under it), or the rows
    as top-level measures when the table has no separate task column. Ids continue after `offset`
    top-level provisions of the text; a printed 序号 is kept as the label and, when it is a number,
    as the last part of the id."""
    root = Node("root", 0)
    measures: list[Node] = []  # in row order, to resolve merged cells to the row that printed them
    pending: list[tuple[Node, TableRow]] = []
    for g, group in enumerate(table.groups, start=1):
        parent = root
        if group.heading or group.label:
            value = (None if offset else _number(group.label)) or offset + g
            parent = Node("table-task", value, _table_label(group.label), group.line, parent=root)
            parent.heading = group.heading
            root.children.append(parent)
        for r, row in enumerate(group.rows, start=1):
            seq = row.cells.get("seq", "")
            if parent is root:
                value = (None if offset else _number(seq)) or offset + len(root.children) + 1
            else:
                value = _number(seq) or r
            node = Node("table-row", value, _table_label(seq), row.line, parent=parent)
            node.text = "\n".join(filter(None, [row.cells.get("measure", "")] + row.extra))
            node.deadline = row.cells.get("deadline", "") or row.shared.get("deadline", ("", 0))[0]
            parent.children.append(node)
            measures.append(node)
            pending.append((node, row))
    _assign_ids(root, path)
    if prefix:  # the table's tasks are items of a part of the text (二、重点任务)
        for node in _walk(root):
            node.id = f"{prefix}.{node.id}"
    for node, row in pending:
        node.responsibility = _table_responsibility(row)
        # A merged cell is printed once, with the first row it covers; the rows below point there.
        shared = [row.shared[r][1] for r in ("lead", "support", "responsible") if r in row.shared]
        if shared and node.responsibility:
            node.responsibility_with = measures[shared[0]].id
        if "deadline" in row.shared:
            node.deadline_with = measures[row.shared["deadline"][1]].id
    nodes = list(_walk(root))
    for node in nodes:
        node.kind = ("group" if prefix else "part") if node.children else "measure"
    return nodes


def _number(text: str) -> int | None:
    folded = fold(text).strip().rstrip(".、")
    return int(folded) if folded.isdigit() and 0 < int(folded) < 1000 else None


def _table_label(text: str) -> Label | None:
    return Label("table", _number(text) or 0, text, "") if text else None


def _table_responsibility(row: TableRow) -> Responsibility | None:
    """Units by column: 牵头单位 → lead, 配合单位 → supporting, 责任单位 → as its text says."""
    printed, units = [], []
    for role, column_role in (("lead", "lead"), ("support", "supporting"), ("responsible", None)):
        text = row.cells.get(role)
        if text:
            printed.append(text)
        else:
            text = row.shared.get(role, ("", 0))[0]
        if not text:
            continue
        parsed = parse_units(text.replace("\n", "、"))
        names = parsed[0] if parsed else [Unit(n) for n in split_top_level(text.replace("\n", "、"))]
        for unit in names:
            units.append(Unit(unit.name, column_role or unit.role))
    if not units:
        return None
    return Responsibility(printed="\n".join(printed), units=units)
