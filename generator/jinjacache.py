"""Compiled Jinja templates kept on disk, for the page templates (site/render) and the engine's theme
(engine/page_cache): shared top level, as both rooms use it.

Compiling is most of a small project's first render and a third of its engine run, and the same
templates are compiled again in every copy of a project (every test, every worktree) and, for the
engine, in each language's environment. Jinja's bytecode cache keys an entry on the template's path;
this one keys it on what the compiled code depends on, so every copy of a project on this machine
shares it:

- the environment's compile options and the Jinja version (`compile_signature`: delimiters, whitespace
  control, autoescape, finalize, extensions, the code generator and its module's source; runtime things such as filters,
  globals and `undefined` are looked up when a page renders and are not in the code),
- the template's name and, for an installed template (Material's, under `sys.prefix`), its path; a
  project's own templates share one entry per name across copies,
- and, as in Jinja, the checksum of the source: an entry whose source differs is compiled again.

The code read back is given the template's own path (tracebacks name the file the page used). The
folder is Jinja's per-user default in the temp directory. A cache never fails a render: a write
that fails is skipped.
"""

from __future__ import annotations

import inspect
import os
import pickle
import sys
from functools import cache
from types import CodeType

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket

from generator.files import content_key


@cache
def _module_source_key(module_name: str) -> str:
    """The source of a code generator's module: a subclass edited in place compiles differently."""
    try:
        return content_key(inspect.getsource(sys.modules[module_name]))
    except (KeyError, OSError, TypeError):
        return ""


def compile_signature(env: Environment) -> str:
    """The environment's options that shape compiled code, and the Jinja version."""
    finalize = env.finalize
    generator = env.code_generator_class
    return content_key(
        jinja2.__version__, generator.__module__, generator.__qualname__, _module_source_key(generator.__module__),
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        env.is_async, "callable" if callable(env.autoescape) else bool(env.autoescape),
        finalize is not None, getattr(finalize, "jinja_pass_arg", None), sorted(env.extensions))


def _with_filename(code: CodeType, filename: str) -> CodeType:
    consts = tuple(_with_filename(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


class CompiledTemplates(FileSystemBytecodeCache):
    """`env.bytecode_cache = CompiledTemplates()`. The environment's options are read at each load, so
    whatever configures it after (a plugin adding an extension) is in the key."""

    def __init__(self):
        try:
            super().__init__()  # Jinja's default folder: private to this user
        except (RuntimeError, OSError):  # Jinja refuses a folder another user owns or can write: no cache
            self.directory, self.pattern = "", "__jinja2_%s.cache"

    def get_bucket(self, environment, name, filename, source):
        installed = bool(filename) and os.path.abspath(filename).startswith(sys.prefix + os.sep)
        key = self.get_cache_key(f"{compile_signature(environment)}|{name}|{filename if installed else 'project'}")
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        if bucket.code is not None and filename and bucket.code.co_filename != filename:
            bucket.code = _with_filename(bucket.code, filename)  # compiled from another copy of the project
        return bucket

    def load_bytecode(self, bucket) -> None:
        if not self.directory:
            return
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):  # unreadable or damaged: compiled again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        if not self.directory:
            return
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass
