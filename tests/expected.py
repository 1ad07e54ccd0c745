"""The one table of what the committed documents must contain, and where each number comes from.

Data checks (tests/test_data.py) read only this table. They check the documents it names and nothing
else, so adding a valid document can never fail them; changing what a listed document contains is a
deliberate act that changes this table with it. Behaviour tests never use these numbers: they count
whatever corpus they run on (see tests/newdoc.py for the document every site build adds).
"""

from __future__ import annotations

# document id → (region, measures, where the count comes from: the printed numbering of the seed)
DOCUMENTS: dict[str, tuple[str, int, str]] = {
    "tianjin-2020-mobility": (
        "tianjin", 16, "the (一)(二)… items under parts 一、–五、 of seeds/tianjin-2020-mobility.txt"),
    "liaoning-mobility": (
        "liaoning", 18, "items (一)–(十八), numbered straight through parts 一、–四、 of seeds/liaoning-mobility.txt"),
    "fangchenggang-talent-flow": (
        "fangchenggang", 44, "items 1.–44. of part 二、, numbered straight through its sections; "
        "the closing 三、工作要求 part is organisational (seeds/fangchenggang-talent-flow.txt)"),
    "jilin-2020-task-division": (
        "jilin", 46, "the 46 tasks of the task-division table, ending with item （十六） of part 五 "
        "(seeds/jilin-2020-task-division.txt)"),
    "wenzhou-two-healthy-talent": (
        "wenzhou", 20, "items 一、–十、 of each of its two sections (seeds/wenzhou-two-healthy-talent.txt)"),
}
