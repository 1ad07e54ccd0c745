"""Fuzzing: whatever bytes or text arrive, ingest and the loader raise nothing but the project's errors."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.data.load import load_corpus
from generator.data.yamlio import load_yaml
from generator.errors import DataError, GeneratorError, IngestError
from generator.ingest import ID_PATTERN, ingest_bytes, ingest_text

from .conftest import copy_fixture_project

# Pieces that exercise the parser: labels of every scheme, responsibility forms, table headers, chrome.
PIECES = ["一、", "（一）", "(二)", "1.", "１．", "（1）", "①", "第一章", "第一条", "责任单位：", "（市人社局、市财政局）",
          "牵头单位：省发改委；配合单位：省财政厅", "排序不分先后，下同", "序号", "责任单位", "首页>", "相关资讯", "公网安备",
          "2020年6月23日", "吉就组〔2020〕1号", "关于印发《办法》的通知", "：", "。", "，", "、", "\n", "\n\n", " ", "\u3000",
          "加强组织领导", "人事档案", "各县(市、区)人社局", "(", ")", "《", "》", "<script>", "{{ x }}", "\t", "\r\n"]
fragments = st.lists(st.one_of(st.sampled_from(PIECES), st.text(min_size=1, max_size=8)), max_size=60).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=400))
def test_ingest_any_bytes(raw):
    try:
        ingest_bytes(raw, "seeds/fuzz.txt", "fuzz", [])
    except IngestError:
        pass


@SETTINGS
@given(fragments)
def test_ingest_any_policy_like_text(text):
    try:
        result = ingest_text(text, "seeds/fuzz.txt", "fuzz", [])
    except IngestError:
        return
    ids = [p["id"] for p in result.document["provisions"]]
    assert len(ids) == len(set(ids))


@SETTINGS
@given(fragments)
def test_ingest_same_text_in_gb18030(text):
    try:
        ingest_bytes(text.encode("gb18030", errors="ignore"), "seeds/fuzz.txt", "fuzz", [])
    except IngestError:
        pass


yaml_like = st.lists(st.one_of(st.sampled_from(["id: ", "- ", "  ", ": ", "\n", "zh: ", "en: ", "!!python/object:os.system",
                                                "{", "}", "[", "]", "&a", "*a", "'", '"', "#", "\t", "|", ">", "---", "%YAML 1.1"]),
                               st.text(max_size=6)), max_size=40).map("".join)


@SETTINGS
@given(yaml_like)
def test_yaml_loader_raises_only_data_errors(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_yaml(path)
    except DataError:
        pass


@pytest.fixture(scope="module")
def one_document_project(tmp_path_factory):
    """The fixture project's reference data and one of its documents: each example loads the fuzzed file
    beside it, and loading more documents (or the whole agency register) per example only made the test
    slow (71 s), not stronger."""
    project = copy_fixture_project(tmp_path_factory.mktemp("fuzz") / "project")
    for path in project.documents.glob("*.yaml"):
        if path.stem != "liaoning-mobility":
            path.unlink()
    return project


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(yaml_like)
def test_corpus_loader_never_raises(one_document_project, text):
    project_copy = one_document_project
    (project_copy.documents / "fuzz.yaml").write_text(text, encoding="utf-8")
    try:
        corpus, problems = load_corpus(project_copy)
    except GeneratorError:
        raise AssertionError("load_corpus must report problems, not raise") from None
    # whatever got through the schema is well-formed: the real documents are intact, ids are slugs
    assert len([d for d in corpus.documents if d != "fuzz" and not d.startswith(("tianjin", "liaoning", "jilin",
                                                                                 "fangchenggang", "wenzhou"))]) <= 1
    for doc in corpus.documents.values():
        assert ID_PATTERN.match(doc.id) and doc.provisions
