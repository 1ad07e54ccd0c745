"""MkDocs hook: one language of the site per engine process, so the two languages build on two cores.

mkdocs-static-i18n builds the default language (Chinese, at the site root) and then, from that build's
`on_post_build`, the other languages one after another in the same process, each into its folder
(`en/`). The runner (engine/runner.py) starts one engine process per language instead, with
GENERATOR_ENGINE_LANGUAGE naming the one it publishes; without the variable this hook does nothing.

- The default language's process stops after its own build: the plugin's loop over the other languages
  is skipped (its `building` flag, which the plugin itself sets while it runs that loop).
- Another language's process runs the default build first with its per-page work left out — no page is
  read, converted, templated or written, no theme file listed or asset copied, no 404 page or
  sitemap made — and then the plugin's nested build of its language as usual. The default build's cheap steps still run (config,
  files, nav: the plugin keeps state from them that the next build uses, such as the language switcher's
  entries and the sitemap's alternates), so the language's pages are made from exactly the state they
  are made from in one process. That process writes into a site folder of its own (MkDocs empties the
  site folder as a build starts); the runner moves its language's folder into the site when both are done.

The site is byte-identical to the one-process build (tests/test_engine_languages.py).
"""

from __future__ import annotations

import os

from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import Files

from generator.engine.runner import LANGUAGE_ENV

ONLY = os.environ.get(LANGUAGE_ENV, "")
_state = {"skip": False}


def _i18n(config):
    return config.plugins.get("i18n") if ONLY else None


def on_pre_build(config, **kwargs):
    """After every build's on_config (the plugin's sets the language being built): skip this build's
    pages unless it builds our language."""
    plugin = _i18n(config)
    _state["skip"] = plugin is not None and plugin.current_language != ONLY


def on_post_build(config, **kwargs):
    """Runs before the plugin's own on_post_build (priority 0 > -100): in the default language's process,
    marking the plugin as already building makes it return without building the other languages."""
    plugin = _i18n(config)
    if plugin is not None and plugin.current_language == ONLY and plugin.is_default_language_build:
        plugin.building = True


def _unless_skipped(step):
    def run(*args, **kwargs):
        if not _state["skip"]:
            return step(*args, **kwargs)
        return None
    run.__wrapped__ = step
    return run


if ONLY:  # wraps whatever is there now (the page cache's steps, loaded before this hook), outermost
    for name in ("_populate_page", "_build_page", "_build_theme_template", "_build_extra_template"):
        setattr(mkdocs_build, name, _unless_skipped(getattr(mkdocs_build, name)))
    Files.copy_static_files = _unless_skipped(Files.copy_static_files)
    # the theme's 15,000 files: only the pages' build uses them (the default build's files feed the next
    # build its pages' list, for the sitemap's alternates, and nothing of the theme)
    Files.add_files_from_theme = _unless_skipped(Files.add_files_from_theme)
