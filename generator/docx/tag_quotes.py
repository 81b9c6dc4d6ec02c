"""Typographic quotes in a Jinja tag, read as the methodologist meant them.

Word's AutoCorrect replaces straight quotes as they are typed: ' becomes ‘…’ or ’…’, and "
becomes “…” in English text and «…» in Russian text. docxtpl's clean-up maps “ ” ‘ ’ to
straight quotes inside every tag, but not « » „ ‚, so «{{ «, » if … }}» fails; and it maps
them inside string literals too, so «'„' ~ school.locality ~ '“'» typed on purpose prints
„г. Томск" instead of „г. Томск“.

Two steps around docxtpl's patching fix both:

- `protect` (before): “ ” ‘ ’ in text become private-use characters docxtpl leaves alone;
- `finish` (after): in every tag, a typographic quote outside a string literal opens or
  closes one and becomes the straight quote of its family, a quote inside a literal stays
  as typed (`straighten`); then the hidden quotes come back everywhere.
"""

from __future__ import annotations

import re

_SMART = "\u201c\u201d\u2018\u2019"  # “ ” ‘ ’: the ones docxtpl rewrites
_HIDDEN = "\ue000\ue001\ue002\ue003"
_HIDE = str.maketrans(_SMART, _HIDDEN)
_SHOW = str.maketrans(_HIDDEN, _SMART)
_DOUBLE = frozenset("«»„“”‟\ue000\ue001")
_SINGLE = frozenset("‘’‚‛\ue002\ue003")
_OTHERS = "«»„‚‛‟"  # typographic quotes docxtpl does not touch
_TAG = re.compile(r"\{([{%])(.*?)([}%])\}", re.DOTALL)
_MARKUP = re.compile(r"<[^>]*>")


def protect(xml: str) -> str:
    """“ ” ‘ ’ in text (not in markup) hidden from docxtpl's clean-up of tags."""
    if not any(ch in xml for ch in _SMART) or any(ch in xml for ch in _HIDDEN):
        return xml  # nothing to hide, or a part that uses those characters itself
    out: list[str] = []
    pos = 0
    for m in _MARKUP.finditer(xml):
        out.append(xml[pos : m.start()].translate(_HIDE))
        out.append(m.group(0))
        pos = m.end()
    out.append(xml[pos:].translate(_HIDE))
    return "".join(out)


def straighten(inner: str) -> str:
    """A tag's inside with its quotes as Jinja reads them; literals keep their quotes."""
    out: list[str] = []
    closing: str | None = None  # the straight quote that closes the current literal
    family: frozenset[str] | None = None  # set when a typographic quote opened it
    for ch in inner:
        if closing is None:
            if ch in ("'", '"'):
                closing, family = ch, None
            elif ch in _DOUBLE:
                closing, family, ch = '"', _DOUBLE, '"'
            elif ch in _SINGLE:
                closing, family, ch = "'", _SINGLE, "'"
        elif family is not None and ch in family:
            ch, closing, family = closing, None, None
        elif family is None and ch == closing and (not out or out[-1] != "\\"):
            closing = None
        out.append(ch)
    return "".join(out)


def finish(patched: str) -> str:
    """After docxtpl: quotes in tags straightened outside literals, hidden quotes back."""
    if not any(ch in patched for ch in _OTHERS + _HIDDEN):
        return patched
    patched = _TAG.sub(lambda m: f"{{{m.group(1)}{straighten(m.group(2))}{m.group(3)}}}", patched)
    return patched.translate(_SHOW)
