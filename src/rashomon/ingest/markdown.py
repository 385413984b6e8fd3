"""Markdown: telling it apart from plain text, and reducing it to the words.

Copy pasted from news sites often arrives as markdown even in a ``.txt``
file (the Moscow Times seed has ``# Title``, ``By [AFP](#)`` and bold photo
credits), so markup is detected from the content, not only the extension.
No markdown library is used: only inline markup is removed, and block
structure is left to :mod:`rashomon.ingest.text`, which must keep exact
control over what becomes a paragraph.
"""

from __future__ import annotations

import html
import re

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^()]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|[\w.+-]+@[\w-]+\.[\w.-]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s_\\])_(?!\w)")
_CODE = re.compile(r"`([^`]+)`")
_STRIKE = re.compile(r"~~(.+?)~~")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,10}|#\d{2,6}|#x[0-9a-fA-F]{2,6});")

# Signals that a file is markdown; any two, or a heading line, is enough.
_SIGNALS = (
    re.compile(r"^#{1,6}\s+\S", re.M),
    re.compile(r"\[[^\]]+\]\([^)]*\)"),
    re.compile(r"\*\*[^*\n]+\*\*"),
    re.compile(r"<https?://[^>\s]+>"),
    re.compile(r"^\s*[-*]\s+\S", re.M),
    re.compile(r"^\*[^*\n]+\*\s*$", re.M),
)


def looks_like_markdown(text: str) -> bool:
    """Whether text read from a ``.txt`` file carries markdown markup."""
    if _SIGNALS[0].search(text):
        return True
    return sum(1 for rx in _SIGNALS[1:] if rx.search(text)) >= 2


def heading_level(line: str) -> tuple[int, str] | None:
    """(level, text) for an ATX heading line, else None."""
    m = _HEADING.match(line)
    if not m:
        return None
    return len(m.group(1)), m.group(2)


def is_rule(line: str) -> bool:
    return bool(_RULE.match(line))


def strip_quote(line: str) -> str:
    return _QUOTE.sub("", line, count=1)


def strip_inline(text: str) -> str:
    """Remove inline markup, keeping the words: ``**bold**`` → bold, ``[x](#)`` → x."""
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _CODE.sub(lambda m: m.group(1), text)
    for _ in range(2):  # nested emphasis: ***x*** and **_x_**
        text = _STRONG.sub(lambda m: m.group(2), text)
        text = _EM_STAR.sub(lambda m: m.group(1), text)
        text = _EM_UNDERSCORE.sub(lambda m: m.group(1), text)
    text = _STRIKE.sub(lambda m: m.group(1), text)
    text = _ESCAPE.sub(lambda m: m.group(1), text)
    # Trailing double-space hard breaks are layout, not words.
    text = re.sub(r"[ \t]+$", "", text, flags=re.M)
    if _ENTITY.search(text):
        text = html.unescape(text)
    return text
