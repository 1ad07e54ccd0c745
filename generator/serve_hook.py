"""MkDocs hook used only by `make serve`: re-render generated pages before each rebuild."""

from generator import serve as _serve


def on_pre_build(config, **kwargs):
    _serve.rerender()
