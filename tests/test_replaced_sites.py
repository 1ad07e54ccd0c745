"""The site a build replaces is not deleted at the end of that build (deleting thousands of files waits on
the disk) but moved under .build/, and the next build deletes it while it works: one replaced site at
most is kept, and site/ is always the new one."""

from __future__ import annotations

import pytest

from generator.build import TRASH, build
from tests.conftest import copy_project


@pytest.mark.slow
def test_the_replaced_site_is_deleted_by_the_next_build(tmp_path):
    project = copy_project(tmp_path / "project", documents=["liaoning-mobility"])
    site, trash = tmp_path / "site", project.build / TRASH
    build(project, out=site, search=False)
    assert not trash.exists() or not any(trash.iterdir())  # nothing replaced yet
    home = site / "en" / "index.html"
    home.write_text("the first build's page", encoding="utf-8")  # marks the first site
    build(project, out=site, search=False)
    replaced = list(trash.iterdir())
    assert len(replaced) == 1 and (replaced[0] / "en" / "index.html").read_text(encoding="utf-8") == "the first build's page"
    assert home.read_text(encoding="utf-8") != "the first build's page"
    build(project, out=site, search=False)
    assert not replaced[0].exists()  # deleted by the third build
    assert len(list(trash.iterdir())) == 1  # the second build's site, for the next build to delete
