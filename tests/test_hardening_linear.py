"""Every validation pass is linear in the text: the worst input for each pass, at two sizes 8x apart,
costs about 8x the time (a quadratic pass would cost 64x). And `validate` on a 5 MB worst-case
document finishes (the quadratic quantity check needed 194 s for 80 KB, hours for 5 MB)."""

from __future__ import annotations

import time

import pytest
import yaml

from generator.data.translation import chinese_left_in_english, missing_quantities
from generator.data.validate import validate
from generator.data.yamlio import MAX_FILE_BYTES, load_yaml
from tests.conftest import copy_fixture_project

pytestmark = pytest.mark.unit

SMALL, FACTOR = 2_000, 8
LINEAR_LIMIT = FACTOR * 3  # generous for noise on a shared machine; quadratic would be FACTOR**2 = 64


def _cpu(function, *args) -> float:
    """Best of three CPU times (the least disturbed by other processes)."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        function(*args)
        best = min(best, time.process_time() - started)
    return best


def _ratio(make_input, function) -> float:
    small, large = make_input(SMALL), make_input(SMALL * FACTOR)
    return _cpu(function, *large) / max(_cpu(function, *small), 1e-4)


def test_quantity_check_is_linear():
    # every Chinese number needs a match and no English number matches: each lookup is a miss
    def numbers(n):
        return "1年" * n, "2 " * n

    assert _ratio(numbers, missing_quantities) < LINEAR_LIMIT


def test_quantity_check_with_every_number_matching_is_linear():
    def numbers(n):
        return "、".join(str(i % 97) for i in range(n)), ", ".join(str(i % 97) for i in range(n))

    assert missing_quantities(*numbers(100)) == []
    assert _ratio(numbers, missing_quantities) < LINEAR_LIMIT


def test_chinese_left_check_is_linear_with_unclosed_quotes():
    def quotes(n):
        return ("“《a" * n,)

    assert _ratio(quotes, chinese_left_in_english) < LINEAR_LIMIT


def test_loading_is_linear_with_many_bad_characters(tmp_path):
    def bad(n):
        path = tmp_path / f"bad-{n}.yaml"
        path.write_text("x: '" + "a\u200b" * n + "'\n", encoding="utf-8")
        return (path,)

    def load(path):
        with pytest.raises(Exception, match="U\\+200B"):
            load_yaml(path)

    assert _ratio(bad, load) < LINEAR_LIMIT


@pytest.mark.slow
def test_validate_finishes_on_a_five_megabyte_worst_case(tmp_path):
    """The largest document the size limit lets through, every text full of numbers."""
    project = copy_fixture_project(tmp_path / "project")
    zh, en = "1年" * 9_500, "1 " * 9_500
    def provision(i):
        return {"id": str(i + 1), "label": None, "kind": "measure", "text": {"zh": zh, "en": en},
                "themes": [{"id": "hukou", "why": "t"}], "framework": []}

    doc = {"id": "worst", "region": "tianjin", "title": {"zh": "测试", "en": "Test"}, "doc_number": None,
           "dates": {"issued": None, "published": None}, "source": {"seed": None, "url": None}, "provisions": []}
    head = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**9).replace("provisions: []\n", "provisions:\n")
    one = yaml.safe_dump([provision(0)], allow_unicode=True, sort_keys=False, width=10**9)
    count = (MAX_FILE_BYTES - len(head.encode()) - 1000) // len(one.encode())
    text = head + "".join(one.replace("id: '1'", f"id: '{i + 1}'", 1) for i in range(count))
    assert MAX_FILE_BYTES * 0.95 < len(text.encode()) <= MAX_FILE_BYTES
    path = project.documents / "worst.yaml"
    path.write_text(text, encoding="utf-8")
    corpus, problems = validate(project, only_documents=[path], check_seeds=False)
    assert problems.errors == []  # every quantity of every text found its English twin
    assert len(corpus.documents["worst"].provisions) == count
