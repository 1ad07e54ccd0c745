"""The glossary check fails wherever a rendering the glossary rules out reappears: in a document's
English, and in theme and function texts."""

from __future__ import annotations

import yaml

OLD_RENDERINGS = ["overseas students", "de facto unattended", "service invention", "people who find it hard to get work",
                  "cleared to zero", "balance mobility opportunities", "ease career changes",
                  "expand the space for social mobility", "turnover apartment", "talents"]


def _plant_in_document(project, phrase_by_index: list[str]) -> str:
    path = next(project.documents.glob("*.yaml"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    measures = [p for p in data["provisions"] if p["kind"] == "measure" and (p.get("text") or {}).get("en")]
    for p, phrase in zip(measures, phrase_by_index):
        p["text"]["en"] += f" Support for {phrase}."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path.name


def test_every_old_rendering_fails_validate_in_document_english(project_copy, cli):
    name = _plant_in_document(project_copy, OLD_RENDERINGS)
    out = cli("validate", root=project_copy.root)
    text = out.stdout + out.stderr
    assert out.returncode != 0
    for phrase in OLD_RENDERINGS:
        assert f"'{phrase}' is a rendering the glossary rules out" in text, phrase
        assert any(name in line and phrase in line for line in text.splitlines()), phrase


def test_the_accepted_rendering_containing_an_old_one_passes(project_copy, cli):
    _plant_in_document(project_copy, ["returned overseas students"])
    out = cli("validate", root=project_copy.root)
    assert "rules out" not in out.stdout + out.stderr


def test_old_rendering_in_a_theme_description_fails(project_copy, cli):
    path = project_copy.data / "themes.yaml"
    themes = yaml.safe_load(path.read_text(encoding="utf-8"))
    themes[0]["description"]["en"] = "Support for de facto unattended children."
    path.write_text(yaml.safe_dump(themes, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = cli("validate", root=project_copy.root)
    assert out.returncode != 0
    assert f"theme '{themes[0]['id']}' description: 'de facto unattended' is a rendering the glossary rules out" in out.stdout + out.stderr


def test_a_theme_text_must_use_the_glossary_rendering(project_copy, cli):
    """Theme texts are checked like documents: 高校毕业生 in the Chinese needs 'college graduates'."""
    path = project_copy.data / "themes.yaml"
    themes = yaml.safe_load(path.read_text(encoding="utf-8"))
    theme = next(t for t in themes if "高校毕业生" in t["name"]["zh"])
    theme["name"]["en"] = "University leavers"
    path.write_text(yaml.safe_dump(themes, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = cli("validate", root=project_copy.root)
    assert out.returncode != 0
    assert f"theme '{theme['id']}' name: '高校毕业生' is not rendered as the glossary's 'college graduates'" in out.stdout + out.stderr
