"""Bytes of a seed → text: encoding detection and line-ending normalisation."""

from __future__ import annotations

import re

from generator.errors import IngestError, Problem

_CJK = re.compile(r"[\u3400-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_seed(raw: bytes, path: str) -> tuple[str, str]:
    """Return (text with LF line endings, encoding name). Raise IngestError when it is not a text."""
    if not raw.strip():
        raise IngestError(Problem(path, 0, 0, "the file is empty", "give a seed file that contains the document text",
                                  code="E-INGEST-EMPTY"))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = raw.decode("utf-16"), "utf-16"
    elif b"\x00" in raw:
        raise IngestError(
            Problem(path, 0, 0, "this is a binary file, not a text (it contains NUL bytes)",
                    "convert the document to plain text (UTF-8 or GB18030) first", code="E-INGEST-BINARY")
        )
    else:
        text, encoding = _decode_8bit(raw, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(_CONTROL.findall(text)) > max(3, len(text) // 200):
        raise IngestError(
            Problem(path, 0, 0, f"the text decoded as {encoding} is full of control characters",
                    "convert the document to plain text (UTF-8 or GB18030) first", code="E-INGEST-ENCODING")
        )
    if not _CJK.search(text):
        raise IngestError(
            Problem(path, 0, 0, "no Chinese text found; the encoding could not be detected or this is not a policy text",
                    "save the seed as UTF-8 (or GB18030) and check it is the document's Chinese text", code="E-INGEST-ENCODING")
        )
    return text, encoding


def _decode_8bit(raw: bytes, path: str) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        try:
            return raw.decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _undetectable(path, raw, exc) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise _undetectable(path, raw, exc) from None
    # GB18030 maps almost every byte pair to something; accept it only if it reads as Chinese.
    cjk = len(_CJK.findall(text))
    letters = sum(1 for ch in text if not ch.isspace() and not ch.isascii())
    if letters and cjk / letters < 0.6:
        raise IngestError(
            Problem(path, 0, 0, "the encoding could not be detected (neither UTF-8 nor GB18030 gives Chinese text)",
                    "save the seed as UTF-8", code="E-INGEST-ENCODING")
        )
    return text, "gb18030"


def _undetectable(path: str, raw: bytes, exc: UnicodeDecodeError) -> IngestError:
    line = raw[: exc.start].count(b"\n") + 1
    return IngestError(
        Problem(path, line, 0, "the encoding could not be detected (neither UTF-8 nor GB18030)", "save the seed as UTF-8",
                code="E-INGEST-ENCODING")
    )
