"""Decoding: bytes to text, in the encoding a detector finds (charset-normalizer) when they are not UTF-8.

>>> decode("卫生健康".encode("gbk"), "例.txt")[0]
'卫生健康'
"""
from __future__ import annotations

import codecs
import re

from kg.errors import UserError


class InputError(UserError):
    """A one-line, user-facing problem with an input file."""


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding); raise InputError for binary or undecodable bytes.

    UTF-8 and a byte-order mark are taken at their word; anything else is left to charset-normalizer
    among the encodings Chinese documents come in (GB18030 and its subsets, Big5, UTF-16 without a mark).

    >>> decode("二級以上綜合醫院".encode("big5"), "例.txt")
    ('二級以上綜合醫院', 'big5')
    >>> decode("二级以上综合医院精神卫生门诊".encode("utf-16-le"), "例.txt")[1]
    'utf_16_le'
    """
    if not raw.strip():
        raise InputError(f"{name}: empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: not valid {enc} after its byte-order mark ({exc.reason})") from None
    controls = None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_like_text(text):
            return text, "utf-8"
        controls = ("utf-8", len(CONTROL_CHARACTERS.findall(text)))
    detected = _detect(raw)
    if detected is not None:
        return detected
    if b"\x00" in raw:
        raise InputError(f"{name}: binary file (NUL bytes, no UTF-16 byte-order mark)")
    try:
        text = raw.decode("gb18030")         # too short for the detector to be sure: the likeliest
    except UnicodeDecodeError:
        pass
    else:
        if _looks_like_text(text) and controls is None:
            return text, "gb18030"
        controls = controls or ("gb18030", len(CONTROL_CHARACTERS.findall(text)))
    if controls is not None:
        enc, count = controls
        raise InputError(f"{name}: decodes as {enc} but holds {count} control characters: not a text document")
    raise InputError(f"{name}: cannot decode as UTF-8, UTF-16, GB18030 or Big5 text")


# The encodings charset-normalizer chooses among: what Chinese text files are written in.
CANDIDATE_ENCODINGS = ["gb18030", "gbk", "gb2312", "big5", "big5hkscs", "utf_16_le", "utf_16_be"]


def _detect(raw: bytes) -> tuple[str, str] | None:
    import charset_normalizer

    if b"\x00" in raw and not _utf16_shape(raw):
        return None
    best = charset_normalizer.from_bytes(raw, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        return None
    text = str(best)
    if not _looks_like_text(text) or not any("\u4e00" <= ch <= "\u9fff" for ch in text[:4096]):
        return None
    return text, best.encoding


def _utf16_shape(raw: bytes) -> bool:
    """Most NUL bytes on one side of the pairs, as in UTF-16 text of ASCII digits and CJK with no mark."""
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    return len(raw) % 2 == 0 and (even == 0 or odd == 0 or max(even, odd) > 4 * min(even, odd))


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")     # category Cc but \t \n \f \r


def _looks_like_text(text: str) -> bool:
    return len(CONTROL_CHARACTERS.findall(text)) <= max(2, len(text) // 100)


