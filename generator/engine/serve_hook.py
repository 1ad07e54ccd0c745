"""MkDocs hooks used only by `make serve` (the mkdocs child of generator/serve.py): while the data has
errors, a banner at the top of every page names each one (file:line:column: error: what — how to fix);
after each build, the Pagefind index is rebuilt so search works in the preview too."""

import html
import re
from pathlib import Path

from generator import serve as _serve

_BODY = re.compile(r"<body[^>]*>")
_STYLE = ("position:sticky;top:0;z-index:10;margin:0;padding:.8rem 1rem;background:#fdecea;color:#611a15;"
          "border-bottom:3px solid #b71c1c;font:14px/1.4 system-ui,sans-serif;overflow-wrap:anywhere")


def banner(errors: list[str]) -> str:
    """The error banner: data is escaped (it is what the editor typed) and never becomes markup."""
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors)
    return (f'<div id="preview-errors" role="alert" style="{_STYLE}">'
            f'<strong><span lang="zh-Hans">数据有错误，预览显示的是上一次正确的版本</span> · <span lang="en">The data has errors: the '
            f"preview shows the last good version until they are fixed</span></strong>"
            f'<ul lang="en" style="margin:.4rem 0 0 1.2rem">{items}</ul></div>')


def on_serve(server, config, builder, **kwargs):
    """Watch only the status folder: serve.py writes one file there after it has copied a render into
    the docs folder, so each save is exactly one rebuild (watching the docs folder itself, MkDocs saw the
    copies arrive in several batches on a busy machine and rebuilt twice)."""
    server.unwatch(config["docs_dir"])
    if config.config_file_path:
        server.unwatch(config.config_file_path)
    return server


def on_post_page(output, page, config, **kwargs):
    errors = _serve.current_errors()
    if not errors:
        return output
    return _BODY.sub(lambda m: m.group(0) + banner(errors), output, count=1)


def on_post_build(config, **kwargs):
    _serve.reindex(Path(config["site_dir"]))
