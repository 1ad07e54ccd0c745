"""MkDocs hooks used only by `make serve`: re-render generated pages before each rebuild, and
rebuild the Pagefind index after it so search works in the preview too."""

from pathlib import Path

from generator import serve as _serve


def on_pre_build(config, **kwargs):
    _serve.rerender()


def on_post_build(config, **kwargs):
    _serve.reindex(Path(config["site_dir"]))
