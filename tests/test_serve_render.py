"""The preview's render step (no server): whatever is saved, it reports the errors instead of raising,
keeps the last good pages, and removes the pages of a deleted document."""

from __future__ import annotations

from generator.serve import render_preview, staging

from .conftest import copy_fixture_project


def test_render_step_survives_bad_data_and_templates_and_drops_deleted_pages(tmp_path):
    project = copy_fixture_project(tmp_path / "project")
    errors, changed = render_preview(project)
    docs = staging(project) / "docs"
    page = docs / "en" / "documents" / "liaoning-mobility.md"
    assert errors == [] and changed > 0 and page.exists()
    good = page.read_text(encoding="utf-8")

    doc = project.documents / "liaoning-mobility.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("region: liaoning", "region: liaoningg", 1), encoding="utf-8")
    errors, changed = render_preview(project)
    assert changed == 0 and page.read_text(encoding="utf-8") == good  # the last good page stays
    assert any(e.startswith("data/documents/liaoning-mobility.yaml:") and "unknown region 'liaoningg'" in e for e in errors)
    doc.write_text(doc.read_text(encoding="utf-8").replace("region: liaoningg", "region: liaoning", 1), encoding="utf-8")

    template = project.templates / "pages" / "document.md.j2"
    original = template.read_text(encoding="utf-8")
    template.write_text(original.replace("{{", "{{ (", 1), encoding="utf-8")
    errors, changed = render_preview(project)
    assert changed == 0 and len(errors) == 1 and errors[0].startswith("templates/pages/document.md.j2:"), errors
    template.write_text(original, encoding="utf-8")

    doc.unlink()
    errors, changed = render_preview(project)
    assert errors == [] and changed > 0
    assert not page.exists() and not (docs / "documents" / "liaoning-mobility.md").exists()
    assert (docs / "en" / "documents" / "jilin-2020-task-division.md").exists()
