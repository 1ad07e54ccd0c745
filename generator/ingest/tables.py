"""Task tables (任务分工表) read from web pages and Word files: columns recognised by their headers,
rows grouped under a task cell that spans them (rowspan), responsibility by column, deadline kept.

A table is flattened to the *extracted text* (one cell per line) in the order the document model
reads it back — task heading, then per row: number, measure, lead, supporting, responsible units,
deadline, other columns — so the nothing-lost check can compare the stored text with the draft.
A cell merged over several rows is printed once (at its first row); the rows below share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.ingest.lines import squeeze

# Header words per column (whitespace inside a header cell is ignored).
COLUMNS = {
    "seq": ("序号", "编号"),
    "task": ("重点任务", "主要任务", "工作任务", "任务", "任务名称", "项目", "重点工作"),
    "measure": ("具体措施", "工作措施", "主要措施", "任务内容", "具体任务", "措施", "工作内容", "具体内容"),
    "lead": ("牵头单位", "牵头部门", "牵头"),
    "support": ("配合单位", "配合部门", "参与单位", "协办单位", "配合"),
    "responsible": ("责任单位", "责任部门", "责任处室", "负责单位"),
    "deadline": ("完成时限", "时间安排", "完成时间", "时间进度", "时限", "进度安排", "完成期限"),
}
_BY_WORD = {word: role for role, words in COLUMNS.items() for word in words}
# Reading order of a row's columns in the extracted text and in the draft.
ROW_ORDER = ("seq", "measure", "lead", "support", "responsible", "deadline")


@dataclass
class Cell:
    text: str
    row: int  # the row the cell starts in (a rowspan covers the rows below)
    col: int


@dataclass
class Grid:
    """A table with spans expanded: rows[r][c] is the Cell covering that position (or None)."""

    rows: list[list[Cell | None]]

    def origin(self, r: int, c: int) -> Cell | None:
        cell = self.rows[r][c] if c < len(self.rows[r]) else None
        return cell if cell is not None and cell.row == r else None


def build_grid(rows: list[list[tuple[str, int, int]]]) -> Grid:
    """rows of (text, rowspan, colspan) as written in the source → Grid with spans expanded."""
    grid: list[list[Cell | None]] = []
    for r, cells in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        line = grid[r]
        c = 0
        for text, rowspan, colspan in cells:
            while c < len(line) and line[c] is not None:
                c += 1
            cell = Cell(text, r, c)
            rowspan = min(max(1, rowspan), len(rows) - r)  # a span never runs past the table's last row
            for dr in range(rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                for dc in range(max(1, colspan)):
                    while len(target) <= c + dc:
                        target.append(None)
                    if target[c + dc] is None:
                        target[c + dc] = cell
            c += max(1, colspan)
    width = max((len(r) for r in grid), default=0)
    for line in grid:
        line.extend([None] * (width - len(line)))
    return Grid(grid)


def column_roles(row: list[Cell | None]) -> dict[str, int] | None:
    """Header row → {role: column}; None unless it reads as a task list (a task or measure column
    and a responsibility or deadline column)."""
    roles: dict[str, int] = {}
    for c, cell in enumerate(row):
        if cell is None or cell.col != c:
            continue
        role = _BY_WORD.get(squeeze(cell.text))
        if role and role not in roles:
            roles[role] = c
    has_task = "task" in roles or "measure" in roles
    has_duty = any(k in roles for k in ("lead", "support", "responsible", "deadline"))
    return roles if has_task and has_duty else None


@dataclass
class TableRow:
    """One measure row: the text of each column at this row, and where a merged cell was printed."""

    line: int = 0
    cells: dict[str, str] = field(default_factory=dict)  # printed here (origin row)
    shared: dict[str, tuple[str, int]] = field(default_factory=dict)  # role → (text, origin row index)
    extra: list[str] = field(default_factory=list)  # columns with no known header, in order


@dataclass
class TableGroup:
    line: int = 0
    label: str = ""  # 序号 when it spans the group
    heading: str = ""  # the task cell
    rows: list[TableRow] = field(default_factory=list)


@dataclass
class TaskTable:
    header_lines: list[int] = field(default_factory=list)
    groups: list[TableGroup] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)  # every line of the extracted text the table holds


def find_header(grid: Grid) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(grid.rows[:4]):
        roles = column_roles(row)
        if roles:
            return r, roles
    return None


def _spans_group(grid: Grid, col: int, r: int, task_col: int | None) -> bool:
    """Does the cell at (r, col) start where the task cell starts and cover as many rows?"""
    if task_col is None:
        return False
    cell, task = grid.rows[r][col], grid.rows[r][task_col]
    if cell is None or task is None or cell.row != task.row:
        return False
    end = r
    while end + 1 < len(grid.rows) and grid.rows[end + 1][task_col] is task:
        end += 1
    return end > r and all(grid.rows[k][col] is cell for k in range(r, end + 1))


def linearize(grid: Grid, emit) -> TaskTable | None:
    """Write a task table to the extracted text through `emit(text, chrome_reason) -> first line`,
    returning its structure; None (nothing emitted) when the grid is not a task table."""
    found = find_header(grid)
    if found is None:
        return None
    header_row, roles = found
    table = TaskTable()
    for r in range(header_row):  # a caption row above the header (附件：任务分工表)
        for c in range(len(grid.rows[r])):
            cell = grid.origin(r, c)
            if cell and cell.text.strip():
                table.lines.update(_lines(emit(cell.text, None), cell.text))
    for c in range(len(grid.rows[header_row])):
        cell = grid.origin(header_row, c)
        if cell and cell.text.strip():
            first = emit(cell.text, "table column header")
            table.header_lines.append(first)
            table.lines.update(_lines(first, cell.text))
    known = set(roles.values())
    task_col = roles.get("task") if "measure" in roles else None
    measure_col = roles.get("measure", roles.get("task"))
    group: TableGroup | None = None
    origin_rows: dict[int, int] = {}  # grid row → index among measure rows
    for r in range(header_row + 1, len(grid.rows)):
        row = grid.rows[r]
        if not any(cell is not None and cell.text.strip() for cell in row):
            continue
        if task_col is not None and grid.origin(r, task_col) is not None or group is None:
            group = TableGroup()
            table.groups.append(group)
            if task_col is not None:
                seq_col = roles.get("seq")
                if seq_col is not None and _spans_group(grid, seq_col, r, task_col):
                    group.label = grid.rows[r][seq_col].text.strip()
                    group.line = emit(group.label, None)
                    table.lines.add(group.line)
                task = grid.origin(r, task_col)
                if task is not None and task.text.strip():
                    group.heading = task.text.strip()
                    first = emit(group.heading, None)
                    group.line = group.line or first
                    table.lines.update(_lines(first, group.heading))
        measure_row = TableRow()
        origin_rows[r] = sum(len(g.rows) for g in table.groups)
        for role in ROW_ORDER:
            col = measure_col if role == "measure" else roles.get(role)
            if col is None or (role == "seq" and group.label):
                continue
            cell = grid.rows[r][col]
            if cell is None or not cell.text.strip():
                continue
            if cell.row == r:
                text = cell.text.strip()
                measure_row.cells[role] = text
                first = emit(text, None)
                measure_row.line = measure_row.line or first
                table.lines.update(_lines(first, text))
            elif role in ("lead", "support", "responsible", "deadline") and cell.row in origin_rows:
                measure_row.shared[role] = (cell.text.strip(), origin_rows[cell.row])
        for c, cell in enumerate(row):
            if c in known or cell is None or cell.row != r or cell.col != c or not cell.text.strip():
                continue
            text = cell.text.strip()
            measure_row.extra.append(text)
            table.lines.update(_lines(emit(text, None), text))
        if measure_row.cells or measure_row.shared:
            group.rows.append(measure_row)
    return table


def _lines(first: int, text: str) -> range:
    return range(first, first + text.count("\n") + 1)


_WS = re.compile(r"[ \t\u3000\u00a0]+")


def clean_cell(text: str) -> str:
    """Cell text: lines (from <br> or paragraphs) kept, blank ones dropped, spaces squeezed."""
    lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
