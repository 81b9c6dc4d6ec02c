"""Russian typography for everything a document prints: quotes «…» („…“ inside) and the
no-break spaces that keep «№ 5», «М.П. Иванова», «5 июня 2026 г.» on one line.

A school types `МКОУ "ООШ с. Новоникольское"` on an ordinary keyboard; an act must print
«МКОУ «ООШ с. Новоникольское»». The context runs every string through `typeset()` once per
school, the templates' own text is written with the same rules, and verification checks
the rendered text against `nbsp_problems()`, so the three cannot disagree.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

NBSP = "\u00a0"

# ---------------------------------------------------------------------------- quotes

_OPENERS = "«„"
_CLOSERS = "»"
_AMBIGUOUS = '"“”'
_QUOTES = _OPENERS + _CLOSERS + _AMBIGUOUS
_OPEN_AFTER = "([{«„"  # an ambiguous quote after these opens


class QuoteError(ValueError):
    """Unbalanced quotes; `opened` and `closed` count them for the message."""

    def __init__(self, offset: int, opened: int, closed: int) -> None:
        super().__init__(f"unbalanced quotes at {offset}")
        self.offset = offset
        self.opened = opened
        self.closed = closed


def _quote_kinds(text: str) -> Iterator[tuple[int, bool]]:
    """(position, opens?) for every quote character, decided from its neighbours."""
    depth = 0
    last_opened: int | None = None  # position of the previous quote if it opened
    prev_quote = -2
    for i, ch in enumerate(text):
        if ch not in _QUOTES:
            continue
        if ch in _OPENERS:
            opens = True
        elif ch in _CLOSERS:
            opens = False
        else:
            before = text[i - 1] if i else ""
            if not before or before.isspace() or before in _OPEN_AFTER:
                opens = True
            elif before in _QUOTES and prev_quote == i - 1:
                opens = last_opened == i - 1  # «""» after an opener opens, after a closer closes
            else:
                opens = False
            if not opens and depth == 0:
                opens = True  # nothing to close: a stray quote that starts something
        depth += 1 if opens else -1
        last_opened = i if opens else None
        prev_quote = i
        yield i, opens


def quotes(text: str) -> str:
    """«…» outside, „…“ inside; ASCII and English quotes become Russian ones.

    Raises QuoteError when a quote is never closed or closes nothing.
    """
    if not any(q in text for q in _QUOTES):
        return text
    out = list(text)
    depth = opened = closed = 0
    for i, opens in _quote_kinds(text):
        if opens:
            opened += 1
            depth += 1
            out[i] = "«" if depth == 1 else "„"
        else:
            closed += 1
            if depth == 0:
                raise QuoteError(i, opened, closed)
            out[i] = "»" if depth == 1 else "“"
            depth -= 1
    if depth:
        raise QuoteError(len(text), opened, closed)
    return "".join(out)


def quote_balance(text: str) -> tuple[int, int] | None:
    """(opening, closing) counts if the quotes of `text` do not pair up, else None."""
    try:
        quotes(text)
    except QuoteError:
        kinds = [opens for _, opens in _quote_kinds(text)]
        return sum(kinds), len(kinds) - sum(kinds)
    return None


# ---------------------------------------------------------------------------- no-break spaces

_MONTHS_GEN = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_UP, _LO = "А-ЯЁ", "а-яё"
_INITIAL = rf"[{_UP}]\.(?:-[{_UP}]\.)?"


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    replacement: str
    what: str  # for messages: where the no-break space belongs
    needs: re.Pattern[str]  # a match contains one of these: without them, skip the pass

    def applies(self, text: str) -> bool:
        return self.needs.search(text) is not None


_MONTH_STEMS = ("январ", "феврал", "март", "апрел", "мая", "июн", "июл", "август", "сентябр",
                "октябр", "ноябр", "декабр")  # fmt: skip
_NEEDS = {
    "number_sign": ("№",),
    "abbreviation": (". ",),
    "reference_word": ("стать", "част", "пункт", "приложени", "протокол"),
    "year": (" г",),
    "number_unit": ("чел.", "кл.", "руб.", "тыс.", "млн.", "час", "класс", "лет", "год"),
    "and_so_on": ("т.",),
    "and_so_on_and": ("и ",),
    "initials": (".",),
    "initials_tight": (". ", ".\u00a0"),
    "surname_initials": (".",),
    "date_words": _MONTH_STEMS,
    "dash": ("—",),
    "gost": ("ГОСТ",),
}


def _rule(name: str, pattern: str, replacement: str, what: str) -> Rule:
    needs = re.compile("|".join(re.escape(n) for n in _NEEDS[name]))
    return Rule(name, re.compile(pattern), replacement, what, needs)


# Each rule is one compiled pass; their order matters only where two bind the same space.
RULES: tuple[Rule, ...] = (
    _rule("number_sign", r"№[ \t\u00a0]*(?=[^\s])", "№" + NBSP, "после «№»"),
    _rule(
        "abbreviation",
        rf"(?<![{_UP}{_LO}])(ст|ч|п|пп|подп|абз|разд|гл|прил|табл|рис|с|д|г|ул|пр|пер|им|кв|корп)"
        rf"\.[ \t](?=[\d{_UP}«„(])",
        r"\1." + NBSP,
        "после сокращения «ст.», «п.», «г.», «с.», «ул.» …",
    ),
    _rule(
        "reference_word",
        r"(?<![\w-])(стать(?:я|и|е|ей|ёй|ями)|част(?:ь|и|ью|ями)|пункт(?:а|е|ом|ы|ов|ами)?"
        r"|приложени(?:е|я|ю|и|ем)|протокол(?:а|ом)?)[ \t](?=\d)",
        r"\1" + NBSP,
        "между словом «статья», «часть», «пункт», «приложение» и номером",
    ),
    _rule(
        "year",
        r"(?<!\d)(\d{4}|_{2,})[ \t](?=гг?\.)",
        r"\1" + NBSP,
        "между годом и «г.»",
    ),
    _rule(
        "number_unit",
        rf"(\d(?:-[{_LO}]{{1,2}})?)[ \t](?=(?:чел|кл|руб|тыс|млн)\.|"
        rf"(?:час(?:а|ов|ам)?|класс(?:а|ов|е|ы|ам|ах)?|лет|год(?:а|у)?)(?![{_LO}]))",
        r"\1" + NBSP,
        "между числом и словом «класс», «час», «год» …",
    ),
    _rule("and_so_on", r"(?<![\w])т\.[ \t]?(д|п|е)\.", "т." + NBSP + r"\1.", "в «т. д.», «т. п.»"),
    _rule("and_so_on_and", r"(?<![\w])и[ \t](?=т\.\u00a0[дп]\.|др\.)", "и" + NBSP, "в «и т. д.»"),
    _rule(
        "initials",
        rf"(?<![{_UP}{_LO}.])({_INITIAL})[ \t\u00a0]?({_INITIAL})[ \t](?=[{_UP}][{_LO}])",
        r"\1\2" + NBSP,
        "между инициалами и фамилией",
    ),
    _rule(
        "initials_tight",
        rf"(?<![{_UP}{_LO}.])({_INITIAL})[ \t\u00a0]({_INITIAL})(?=\u00a0[{_UP}][{_LO}])",
        r"\1\2",
        "",  # tidying only: «М.\u00a0П.\u00a0Иванова» → «М.П.\u00a0Иванова»
    ),
    _rule(
        "surname_initials",
        rf"([{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?)[ \t]({_INITIAL})[ \t\u00a0]?({_INITIAL})"
        rf"(?![ \t\u00a0]?[{_UP}][{_LO}])",
        r"\1" + NBSP + r"\2\3",
        "между фамилией и инициалами",
    ),
    _rule(
        "date_words",
        rf"(?<!\d)(\d{{1,2}})[ \t]({_MONTHS_GEN})[ \t](?=\d{{4}})",
        r"\1" + NBSP + r"\2" + NBSP,
        "в дате словами («1 сентября 2026 г.»)",
    ),
    _rule("dash", r"(?<=\S)[ \t]—(?=[ \t\u00a0])", NBSP + "—", "перед тире"),
    _rule("gost", r"ГОСТ[ \t]Р[ \t]", "ГОСТ" + NBSP + "Р" + NBSP, "в «ГОСТ Р»"),
)


# Every rule needs a dot, a digit, «№», «—», «_» or «ГОСТ» in the text: names and most
# words need no pass at all.
_ANY_NEED = re.compile(r"[.\d№—_]|ГОСТ")


def nbsp(text: str) -> str:
    """No-break spaces where Russian typography requires them (see RULES); a rule whose
    trigger («№», «—», «ГОСТ» …) is not in the text is not run at all."""
    if (" " not in text and "\t" not in text and "№" not in text) or not _ANY_NEED.search(text):
        return text
    for rule in RULES:
        if rule.applies(text):
            text = rule.pattern.sub(rule.replacement, text)
    return text


@functools.lru_cache(maxsize=16384)  # a template's own paragraphs repeat in every school
def is_typeset(text: str) -> bool:
    """Does nbsp() leave the text as it is (the check verification runs on every block)?"""
    return nbsp(text) == text


@functools.lru_cache(maxsize=8192)  # data texts repeat in every school of a region
def typeset(text: str) -> str:
    """Quotes, then no-break spaces; a text with unbalanced quotes keeps its quotes."""
    with contextlib.suppress(QuoteError):
        text = quotes(text)
    return nbsp(text)


def typeset_tree(value: Any, skip: frozenset[str] = frozenset()) -> Any:
    """A copy of dumped context data with every string typeset (keys in `skip` kept).

    A school's context holds some 1500 strings: one call per container, not per value."""
    if isinstance(value, str):
        return typeset(value)
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if type(v) is str:
                out[k] = v if k in skip else typeset(v)
            elif isinstance(v, dict | list | tuple) and k not in skip:
                out[k] = typeset_tree(v, skip)
            else:
                out[k] = v
        return out
    if isinstance(value, list | tuple):
        return [
            typeset(v)
            if type(v) is str
            else typeset_tree(v, skip)
            if isinstance(v, dict | list | tuple)
            else v
            for v in value
        ]
    return value


@dataclass(frozen=True, slots=True)
class Problem:
    start: int  # where the rule's match begins
    text: str  # what it matched
    rule: Rule


def nbsp_problems(text: str) -> list[Problem]:
    """Every place where a rule would bind a space (or add one after «№»).

    Tidying rules (what="") are not problems: «М.\u00a0П.» cannot break either."""
    if is_typeset(text):
        return []
    out = []
    for rule in RULES:
        if not rule.what or not rule.applies(text):
            continue
        for m in rule.pattern.finditer(text):
            if m.expand(rule.replacement) != m.group(0):
                out.append(Problem(m.start(), m.group(0), rule))
    return sorted(out, key=lambda p: p.start)
