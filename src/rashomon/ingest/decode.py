"""Bytes to text, refusing what is not text.

UTF-8 is tried first (most copy is UTF-8 and charset detection on short
texts can guess wrong); anything else goes to charset-normalizer, so a
cp1252 or latin-1 file with accented names still reads.  Binary input is
refused with a reason instead of producing mojibake claims.
"""

from __future__ import annotations

import logging

import charset_normalizer

from rashomon.errors import BinarySource, EmptySource

log = logging.getLogger(__name__)

# Magic numbers of formats people pass by mistake, named in the error message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"RIFF", "a RIFF media file"),
    (b"\x7fELF", "an executable"),
)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Share of control or replacement characters above which decoded "text" is
# really binary; real copy has none, so a few per cent is already a strong sign.
MAX_JUNK_RATIO = 0.05


def _junk_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    junk = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f\v") or c == "\ufffd" or 0x7F <= ord(c) < 0xA0)
    return junk / len(sample)


# On a tie, the legacy encodings most news copy in Latin script was saved in.
# charset-normalizer scores cp1250 and cp1252 equally on French or German text
# (found on the accented-names test: "à" came out as "ŕ"), so ties need a rule.
_PREFERRED_ON_TIE = ("cp1252", "latin_1", "iso8859_15")


def _detect(data: bytes, source: str) -> str:
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        raise BinarySource("not text: no text encoding fits", source=source)
    tied = {m.encoding: m for m in results
            if abs(m.chaos - best.chaos) < 0.01 and abs(m.coherence - best.coherence) < 0.01}
    for name in _PREFERRED_ON_TIE:
        if name in tied:
            best = tied[name]
            break
    log.info("%s: not UTF-8; decoded as %s", source, best.encoding)
    return str(best)


def decode_bytes(data: bytes, source: str, charset: str | None = None) -> str:
    """Decode ``data`` as text; raises EmptySource or BinarySource."""
    if not data.strip():
        raise EmptySource("empty (nothing but whitespace)", source=source)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BinarySource(f"not text: looks like {what}", source=source)
    text: str | None = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            break
    if text is None and b"\x00" in data[:8192]:
        raise BinarySource("not text: contains NUL bytes", source=source)
    if text is None and charset:
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            log.info("%s: declared charset %r does not fit; detecting", source, charset)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _detect(data, source)
    if _junk_ratio(text) > MAX_JUNK_RATIO:
        raise BinarySource("not text: mostly control characters", source=source)
    if not text.strip():
        raise EmptySource("empty (nothing but whitespace)", source=source)
    return text
