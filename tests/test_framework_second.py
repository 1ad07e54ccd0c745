"""A second framework is added as data alone (issue 12): a provincial document that a city document
implements gets its own pages, the city document is counted under it, and on the national framework's
pages it is marked as implementing another document. The framework file here is made up for the test
(item names are placeholders) and never reaches the published site."""

from __future__ import annotations

import re

import pytest

from .conftest import copy_project

pytestmark = pytest.mark.slow

FRAMEWORK = """# yaml-language-server: $schema=../schema/framework.schema.json
id: test-provincial
title:
  zh: 关于充分发挥市场作用促进人才顺畅有序流动的实施意见
  en: Test provincial framework
number: 桂人社规〔2019〕16号
issuer:
  zh: 测试发文机关
  en: Test issuer
parts:
- id: '1'
  name:
    zh: 测试部分
    en: Test part
  items:
  - id: '1'
    name:
      zh: 测试条目一
      en: Test item one
    theme: null
    text: null
  - id: '2'
    name:
      zh: 测试条目二
      en: Test item two
    theme: null
    text: null
"""


def test_a_second_framework_gets_its_pages_from_data_alone(tmp_path):
    from generator.build import build

    project = copy_project(tmp_path / "p", documents=["fangchenggang-talent-flow", "tianjin-2020-mobility"])
    (project.data / "frameworks" / "test-provincial.yaml").write_text(FRAMEWORK, encoding="utf-8")
    out = project.root / "site"
    build(project, out=out, search=False)
    for root in ("", "en/"):
        index = (out / root / "framework" / "index.html").read_text(encoding="utf-8")
        assert "桂人社规〔2019〕16号" in index and re.search(r'href="(?:\.\./)*(?:framework/)?test-provincial/1/"', index)
        for item in ("1", "2"):
            page = (out / root / "framework" / "test-provincial" / item / "index.html").read_text(encoding="utf-8")
            # Fangchenggang implements it (its implements: names the number) but links no item to it yet
            assert 'data-doc="fangchenggang-talent-flow" data-status="not-addressed"' in page
            assert 'data-doc="tianjin-2020-mobility" data-status="other"' in page
        national = (out / root / "framework" / "national-2019-mobility" / "6" / "index.html").read_text(encoding="utf-8")
        assert 'data-doc="fangchenggang-talent-flow" data-status="other"' in national
        assert 'data-doc="tianjin-2020-mobility" data-status="answers"' in national
        # Tianjin's measures link the national item 6 only, not the provincial framework's items
        doc = (out / root / "documents" / "tianjin-2020-mobility" / "index.html").read_text(encoding="utf-8")
        assert "framework/test-provincial/" not in doc and "framework/national-2019-mobility/6/" in doc
