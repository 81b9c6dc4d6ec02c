"""Russian morphology for the documents: full names (ФИО) and post titles in cases.

Names go through three layers, strongest first: forms the school wrote in its profile
(overrides), the reviewed exceptions file (known pytrovich mistakes), then pytrovich.
Post titles come from the positions table; unknown titles are declined by pymorphy3.
pytrovich, pymorphy3 and the YAML files are loaded lazily, so `profdocs --help` stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer
    from pymorphy3.analyzer import Parse
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

Case = Literal["nominative", "genitive", "dative", "accusative", "instrumental", "prepositional"]
CASES: tuple[Case, ...] = (
    "nominative",
    "genitive",
    "dative",
    "accusative",
    "instrumental",
    "prepositional",
)
Gender = Literal["male", "female"]
GENDERS: tuple[Gender, ...] = ("male", "female")

_OBLIQUE_CASES: tuple[Case, ...] = CASES[1:]
_DATA_DIR = Path(__file__).parent
POSITIONS_FILE = _DATA_DIR / "positions.yaml"
EXCEPTIONS_FILE = _DATA_DIR / "declension_exceptions.yaml"


class MorphologyError(ValueError):
    """Input that cannot be declined reliably; the message is Russian, for the school user."""


# --------------------------------------------------------------------------- helpers


def _check_case(case: str) -> Case:
    """Fail early on a typo in a case name instead of producing a wrong form."""
    if case not in CASES:
        raise MorphologyError(f"Неизвестный падеж «{case}»; допустимы: {', '.join(CASES)}.")
    return case  # type: ignore[return-value]


def _check_gender(gender: str) -> Gender:
    if gender not in GENDERS:
        raise MorphologyError(f"Неизвестный пол «{gender}»; допустимы: male, female.")
    return gender  # type: ignore[return-value]


def _match_casing(source: str, form: str) -> str:
    """Give a ready-made form the letter case of the word the user wrote (ИВАНОВ, Иванов)."""
    if source.isupper() and len(source) > 1:
        return form.upper()
    if source[:1].isupper():
        return form[:1].upper() + form[1:]
    return form.lower()


def _load_yaml(path: Path) -> Any:
    """Parse a data file next to this module; PyYAML is imported only when data is needed."""
    import yaml

    try:
        # libyaml when present: the pure-Python parser took 50 ms of every cold start here.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError) as exc:
        raise MorphologyError(f"Не удалось прочитать файл {path.name}: {exc}") from exc


# --------------------------------------------------------------------------- pytrovich


@cache
def _maker() -> PetrovichDeclinationMaker:
    """One maker per process: building it parses the rules JSON."""
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


@cache
def _detector() -> PetrovichGenderDetector:
    from pytrovich.detector import PetrovichGenderDetector

    return PetrovichGenderDetector()


_NAME_PARTS = ("surname", "first", "middle")
_PYTROVICH_PART = {"surname": "LASTNAME", "first": "FIRSTNAME", "middle": "MIDDLENAME"}


# First names and patronymics repeat from school to school (a region has a few hundred of
# each); a batch declines each one once. Bounded: surnames are many and seldom repeat.
@lru_cache(maxsize=4096)
def _pytrovich_decline(part: str, word: str, gender: Gender, case: Case, known: bool) -> str:
    from pytrovich.enums import Case as PCase
    from pytrovich.enums import Gender as PGender
    from pytrovich.enums import NamePart

    return _maker().make(
        NamePart[_PYTROVICH_PART[part]],
        PGender[gender.upper()],
        PCase[case.upper()],
        word,
        known_gender=known,
    )


# --------------------------------------------------------------------------- exceptions file


_ExceptionKey = tuple[str, str, str]  # (part, lowercased word, gender or "any")


@cache
def _name_exceptions() -> dict[_ExceptionKey, dict[str, str]]:
    """Corrections for words pytrovich is known to get wrong, validated once on first use."""
    data = _load_yaml(EXCEPTIONS_FILE) or {}
    where = EXCEPTIONS_FILE.name
    entries = data.get("exceptions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise MorphologyError(f"{where}: ожидается список в ключе «exceptions».")
    table: dict[_ExceptionKey, dict[str, str]] = {}
    for number, entry in enumerate(entries, start=1):
        ctx = f"{where}, запись № {number}"
        if not isinstance(entry, dict):
            raise MorphologyError(f"{ctx}: ожидается словарь с полями part, word, gender, forms.")
        unknown = set(entry) - {"part", "word", "gender", "forms", "comment"}
        if unknown:
            raise MorphologyError(f"{ctx}: неизвестные поля {sorted(unknown)}.")
        part, word, gender = entry.get("part"), entry.get("word"), entry.get("gender")
        forms = entry.get("forms")
        if part not in _NAME_PARTS:
            raise MorphologyError(f"{ctx}: part должно быть surname, first или middle.")
        if not isinstance(word, str) or not word.strip() or "-" in word or " " in word.strip():
            raise MorphologyError(f"{ctx}: word — одно слово без дефиса.")
        if gender not in (*GENDERS, "any"):
            raise MorphologyError(f"{ctx}: gender должно быть male, female или any.")
        if not isinstance(forms, dict) or not forms:
            raise MorphologyError(f"{ctx}: forms — словарь «падеж: форма».")
        bad = [c for c, f in forms.items() if c not in _OBLIQUE_CASES or not isinstance(f, str)]
        if bad:
            raise MorphologyError(
                f"{ctx}: неверные падежи в forms {bad}; допустимы: {', '.join(_OBLIQUE_CASES)}."
            )
        key = (part, word.strip().lower(), gender)
        if key in table:
            raise MorphologyError(f"{ctx}: слово «{word}» уже описано выше.")
        table[key] = {case: form.strip() for case, form in forms.items()}
    return table


def _exception_form(part: str, word: str, gender: Gender, case: Case) -> str | None:
    table = _name_exceptions()
    lowered = word.lower()
    for key in ((part, lowered, gender), (part, lowered, "any")):
        forms = table.get(key)
        if forms is not None and case in forms:
            return _match_casing(word, forms[case])
    return None


# --------------------------------------------------------------------------- names

# Turkic patronymics are two words: the father's name (never declined) and a particle.
_MALE_PARTICLES = frozenset({"оглы", "оглу", "улы", "уулу"})
_FEMALE_PARTICLES = frozenset({"кызы", "гызы", "кизи"})
_PARTICLE_SPLIT = re.compile(r"[\s-]+")


def _particle_gender(patronymic: str) -> Gender | None:
    """Gender of a «Кямал оглы» / «Ахмед кызы» patronymic, None for an ordinary one."""
    tail = _PARTICLE_SPLIT.split(patronymic.strip())[-1].lower()
    if tail in _MALE_PARTICLES:
        return "male"
    if tail in _FEMALE_PARTICLES:
        return "female"
    return None


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """Split «Фамилия Имя Отчество»; documents need all three, so anything else is an error."""
    words = full_name.split()
    if len(words) == 4 and _particle_gender(words[3]) and not _particle_gender(words[2]):
        return words[0], words[1], f"{words[2]} {words[3]}"
    if len(words) == 3:
        if words[2].lower() in _MALE_PARTICLES | _FEMALE_PARTICLES:
            raise MorphologyError(
                f"В ФИО «{' '.join(words)}» отчество «{words[2]}» без имени отца; "
                "ожидается, например, «Мамедов Рашид Кямал оглы»."
            )
        return words[0], words[1], words[2]
    shown = " ".join(words)
    raise MorphologyError(
        f"Ожидается ФИО в виде «Фамилия Имя Отчество», получено: «{shown}». "
        "Если ФИО устроено иначе, укажите готовые формы по падежам в профиле школы."
    )


def detect_gender(full_name: str) -> Gender | None:
    """Gender from the patronymic, the only reliable signal; None when it is not Russian-like."""
    _, _, patronymic = split_full_name(full_name)
    particle = _particle_gender(patronymic)
    if particle is not None:
        return particle
    detected = _detector().detect(middlename=patronymic).name
    if detected == "MALE":
        return "male"
    if detected == "FEMALE":
        return "female"
    return None


def _resolve_gender(full_name: str, gender: Gender | None) -> Gender:
    if gender is not None:
        return _check_gender(gender)
    detected = detect_gender(full_name)
    if detected is None:
        _, _, patronymic = split_full_name(full_name)
        raise MorphologyError(
            f"Не удалось определить пол по отчеству «{patronymic}» "
            f"(ФИО: «{' '.join(full_name.split())}»); укажите gender (male или female) явно."
        )
    return detected


def _override(overrides: Mapping[str, str] | None, case: Case) -> str | None:
    """A form the school wrote by hand; unknown keys are typos and must not pass silently."""
    if not overrides:
        return None
    unknown = [key for key in overrides if key not in CASES]
    if unknown:
        raise MorphologyError(
            f"Неизвестные падежи в готовых формах ФИО: {unknown}; допустимы: {', '.join(CASES)}."
        )
    value = overrides.get(case)
    if not isinstance(value, str) or not value.strip():
        return None
    return " ".join(value.split())


def _decline_word(part: str, word: str, gender: Gender, case: Case) -> str:
    """Decline one name part; hyphenated parts decline piece by piece (Петрова-Водкина)."""
    pieces = word.split("-")
    last = len(pieces) - 1
    declined = []
    for index, piece in enumerate(pieces):
        form = _exception_form(part, piece, gender, case) if piece else None
        if form is None:
            # pytrovich treats only the last piece's gender as «known», like petrovich-ruby.
            form = _pytrovich_decline(part, piece, gender, case, known=index == last)
            # pytrovich appends lowercase endings: «ИВАНОВ» would become «ИВАНОВа».
            form = _match_casing(piece, form) if piece else form
        declined.append(form)
    return "-".join(declined)


def _decline_patronymic(patronymic: str, gender: Gender, case: Case) -> str:
    if _particle_gender(patronymic) is not None:
        return patronymic  # «Рашиду Кямал оглы»: neither word changes
    return _decline_word("middle", patronymic, gender, case)


def decline_name(
    full_name: str,
    case: Case,
    gender: Gender | None = None,
    overrides: Mapping[str, str] | None = None,
) -> str:
    """Full name in the case: overrides from the profile, then exceptions file, then pytrovich."""
    _check_case(case)
    override = _override(overrides, case)
    if override is not None:
        return override
    surname, first, patronymic = split_full_name(full_name)
    if case == "nominative":
        return f"{surname} {first} {patronymic}"
    resolved = _resolve_gender(full_name, gender)
    return " ".join(
        (
            _decline_word("surname", surname, resolved, case),
            _decline_word("first", first, resolved, case),
            _decline_patronymic(patronymic, resolved, case),
        )
    )


def _initial(word: str) -> str:
    """«Анна-Мария» → «А.-М.»; ё stays ё."""
    return "-".join(f"{piece[0].upper()}." for piece in word.split("-") if piece)


def initials(full_name: str) -> str:
    """«М.П.» — for «Кямал оглы» only the father's name gives a letter («Р.К.»)."""
    _, first, patronymic = split_full_name(full_name)
    if _particle_gender(patronymic) is not None:
        patronymic = _PARTICLE_SPLIT.split(patronymic)[0]
    return _initial(first) + _initial(patronymic)


def short_name(
    full_name: str,
    case: Case = "nominative",
    gender: Gender | None = None,
    overrides: Mapping[str, str] | None = None,
    surname_first: bool = False,
) -> str:
    """«М.П. Иванова» (signature form) or «Иванова М.П.» (lists); the surname is declined."""
    _check_case(case)
    override = _override(overrides, case)
    if override is not None:
        surname = override.split()[0]
    else:
        surname = split_full_name(full_name)[0]
        if case != "nominative":
            surname = _decline_word("surname", surname, _resolve_gender(full_name, gender), case)
    letters = initials(full_name)
    return f"{surname} {letters}" if surname_first else f"{letters} {surname}"


def acquainted_word(gender: Gender) -> str:
    """The past participle in «С приказом ознакомлен(а)» agrees with the person's gender."""
    return "ознакомлен" if _check_gender(gender) == "male" else "ознакомлена"


# --------------------------------------------------------------------------- positions


@dataclass(frozen=True, slots=True)
class _Position:
    title: str
    forms: Mapping[Case, str]
    pedagogical: bool | None
    kind: str


@dataclass(frozen=True, slots=True)
class _PositionTable:
    exact: Mapping[str, _Position]
    # Canonical titles as word lists, longest first: «учитель физики» matches «учитель».
    prefixes: tuple[tuple[tuple[str, ...], _Position], ...]


_DOT_BEFORE_LETTER = re.compile(r"\.(?=[^\W\d_])")


def _clean_title(title: str) -> str:
    """«зам.директора  по УВР» → «зам. директора по УВР»: one spelling per title."""
    return " ".join(_DOT_BEFORE_LETTER.sub(". ", title).split())


def _title_key(clean_title: str) -> str:
    return clean_title.lower().replace("ё", "е")


_POSITION_FIELDS = {"title", "forms", "pedagogical", "kind", "aliases", "note"}


@cache
def _positions() -> _PositionTable:
    """The maintained table of posts, validated once so a typo fails loudly, not in a DOCX."""
    data = _load_yaml(POSITIONS_FILE) or {}
    where = POSITIONS_FILE.name
    entries = data.get("positions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise MorphologyError(f"{where}: ожидается список в ключе «positions».")
    exact: dict[str, _Position] = {}
    prefixes: list[tuple[tuple[str, ...], _Position]] = []
    for number, entry in enumerate(entries, start=1):
        ctx = f"{where}, запись № {number}"
        if not isinstance(entry, dict):
            raise MorphologyError(f"{ctx}: ожидается словарь с полями {sorted(_POSITION_FIELDS)}.")
        unknown = set(entry) - _POSITION_FIELDS
        if unknown:
            raise MorphologyError(f"{ctx}: неизвестные поля {sorted(unknown)}.")
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip():
            raise MorphologyError(f"{ctx}: нет наименования (title).")
        title = _clean_title(title)
        ctx = f"{where}, «{title}»"
        raw_forms = entry.get("forms")
        if not isinstance(raw_forms, dict) or set(raw_forms) != set(_OBLIQUE_CASES):
            raise MorphologyError(f"{ctx}: в forms нужны ровно падежи {', '.join(_OBLIQUE_CASES)}.")
        if not all(isinstance(form, str) and form.strip() for form in raw_forms.values()):
            raise MorphologyError(f"{ctx}: пустая форма в forms.")
        if "pedagogical" not in entry or entry["pedagogical"] not in (True, False, None):
            raise MorphologyError(f"{ctx}: pedagogical должно быть true, false или null.")
        kind = entry.get("kind")
        if kind not in ("post", "function"):
            raise MorphologyError(f"{ctx}: kind должно быть post или function.")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise MorphologyError(f"{ctx}: aliases — список строк.")
        forms: dict[Case, str] = {"nominative": title}
        for case in _OBLIQUE_CASES:
            forms[case] = " ".join(raw_forms[case].split())
        position = _Position(title, forms, entry["pedagogical"], kind)
        for spelling in (title, *aliases):
            key = _title_key(_clean_title(spelling))
            if key in exact:
                raise MorphologyError(f"{ctx}: «{spelling}» уже встречается в справочнике.")
            exact[key] = position
        prefixes.append((tuple(_title_key(title).split(" ")), position))
    prefixes.sort(key=lambda item: len(item[0]), reverse=True)
    return _PositionTable(exact, tuple(prefixes))


def _find_position(clean_title: str) -> tuple[_Position, str] | None:
    """Table entry and the tail that stays as written («учитель» + «физики»)."""
    table = _positions()
    key = _title_key(clean_title)
    if key in table.exact:
        return table.exact[key], ""
    key_words = key.split(" ")
    for prefix, position in table.prefixes:
        if len(key_words) > len(prefix) and tuple(key_words[: len(prefix)]) == prefix:
            return position, " ".join(clean_title.split(" ")[len(prefix) :])
    return None


def _match_title_casing(source: str, result: str) -> str:
    """Capitalised input («Учитель физики») gives a capitalised result; «ПДО» does not."""
    capitalised = source[:1].isupper() and not source[1:2].isupper()
    if capitalised and result:
        return result[0].upper() + result[1:]
    return result


@lru_cache(maxsize=1024)  # a region repeats the same few dozen titles in every school
def decline_position(title: str, case: Case) -> str:
    """Post title in the case: positions table first, then pymorphy3 for unknown titles."""
    _check_case(case)
    clean = _clean_title(title)
    if not clean:
        raise MorphologyError("Пустое наименование должности.")
    found = _find_position(clean)
    if found is None:
        return _decline_phrase(clean, case)
    position, tail = found
    head = position.forms[case]
    return _match_title_casing(clean, f"{head} {tail}" if tail else head)


def is_pedagogical(title: str) -> bool | None:
    """Per the 2022 nomenclature; None for unknown titles and for functions (not posts)."""
    found = _find_position(_clean_title(title))
    return found[0].pedagogical if found is not None else None


# --------------------------------------------------------------------------- pymorphy3 fallback

_PYMORPHY_CASE: dict[Case, str] = {
    "nominative": "nomn",
    "genitive": "gent",
    "dative": "datv",
    "accusative": "accs",
    "instrumental": "ablt",
    "prepositional": "loct",
}
_STOP_POS = frozenset({"PREP", "CONJ", "PRCL", "NUMR", "ADVB"})


@cache
def _morph() -> MorphAnalyzer:
    """pymorphy3 loads its dictionaries for ~0.5 s: only when a title is not in the table."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


# A region's school names and titles share most words («средняя», «школа», «имени»):
# each is parsed once per process. Parses are immutable, the dictionaries fixed.
@lru_cache(maxsize=4096)
def _parses(word: str) -> tuple[Parse, ...]:
    return tuple(_morph().parse(word))


@lru_cache(maxsize=4096)
def _noun_parse(word: str) -> Parse | None:
    """Singular nominative noun reading, animate preferred (posts are people: accs = gent)."""
    candidates = [
        p for p in _parses(word) if {"NOUN", "nomn", "sing"} in p.tag and "Abbr" not in p.tag
    ]
    animate = [p for p in candidates if "anim" in p.tag]
    return (animate or candidates or [None])[0]


@lru_cache(maxsize=4096)
def _adjective_parse(word: str) -> Parse | None:
    for p in _parses(word):
        if p.tag.POS in ("ADJF", "PRTF") and {"nomn", "sing"} in p.tag:
            return p
    return None


def _continues_phrase(next_word: str | None) -> bool:
    if next_word is None or not next_word[:1].isalpha():
        return False
    last = next_word.split("-")[-1].lower()
    return _noun_parse(last) is not None or _adjective_parse(last) is not None


def _word_kind(word: str, next_word: str | None) -> str | None:
    """«noun», «adj» or None (stop): the head phrase is adjectives up to the first noun."""
    if not word[:1].isalpha() or (word.isupper() and len(word) > 1):
        return None  # punctuation, brackets, abbreviations: part of the tail
    last = word.split("-")[-1].lower()
    if not last or _parses(last)[0].tag.POS in _STOP_POS:
        return None
    noun = _noun_parse(last)
    adjective = _adjective_parse(last)
    # «старший воспитатель», «частное общеобразовательное учреждение»: a word that reads both
    # ways is an adjective when the phrase goes on with another nominative noun or adjective.
    if adjective is not None and (noun is None or _continues_phrase(next_word)):
        return "adj"
    if noun is not None:
        return "noun"
    return None


def _restyle(source: str, form: str, keep_yo: bool) -> str:
    """Keep the user's spelling: ё only if their title uses ё at all, and their letter case."""
    if not keep_yo:
        form = form.replace("ё", "е")
    return _match_casing(source, form)


def _inflect_noun(word: str, case: Case, keep_yo: bool) -> str:
    """Every noun piece of a compound declines: «педагог-психолог» → «педагогу-психологу»."""
    pieces = []
    for piece in word.split("-"):
        parse = _noun_parse(piece.lower()) if piece else None
        form = parse.inflect({_PYMORPHY_CASE[case]}) if parse is not None else None
        pieces.append(_restyle(piece, form.word, keep_yo) if form is not None else piece)
    return "-".join(pieces)


def _inflect_adjective(
    word: str, case: Case, gender: str | None, animate: bool, keep_yo: bool
) -> str:
    """Only the last piece of «научно-методический» declines; it agrees with the head noun."""
    *head, last = word.split("-")
    parse = _adjective_parse(last.lower())
    if parse is None:
        return word
    grammemes = {_PYMORPHY_CASE[case], "sing", gender or parse.tag.gender or "masc"}
    form = parse.inflect(grammemes | {"anim" if animate else "inan"}) or parse.inflect(grammemes)
    if form is None:
        return word
    return "-".join([*head, _restyle(last, form.word, keep_yo)])


def decline_phrase(phrase: str, case: Case) -> str:
    """Decline a noun phrase such as a school's full name: head words change, the tail stays.

    «муниципальное автономное общеобразовательное учреждение «Школа № 5»» → genitive
    «муниципального автономного общеобразовательного учреждения «Школа № 5»». Uses pymorphy3.
    """
    _check_case(case)
    return _decline_phrase(" ".join(phrase.split()), case)


def bracketed(word: str) -> tuple[str, str, str]:
    """«(сменное)» → («(», «сменное», «)»): a word in brackets agrees like any other
    («вечернего (сменного) общеобразовательного учреждения»); other words → ("", word, "")."""
    if len(word) > 2 and word[0] == "(" and word[-1] == ")" and word[1:-1].isalpha():
        return "(", word[1:-1], ")"
    return "", word, ""


def _decline_phrase(phrase: str, case: Case) -> str:
    """Decline the leading adjectives and head noun; the rest is a tail that does not change."""
    if case == "nominative":
        return phrase
    shells = [bracketed(w) for w in phrase.split(" ")]
    words = [core for _, core, _ in shells]
    plan: list[tuple[int, str]] = []
    for index, word in enumerate(words):
        next_word = words[index + 1] if index + 1 < len(words) else None
        kind = _word_kind(word, next_word)
        if kind is None:
            break
        plan.append((index, kind))
        if kind == "noun":
            break
    gender: str | None = None
    animate = True  # a post names a person
    nouns = [index for index, kind in plan if kind == "noun"]
    if nouns:
        head = _noun_parse(words[nouns[0]].split("-")[-1].lower())
        if head is not None:
            gender = head.tag.gender if head.tag.gender in ("masc", "femn", "neut") else "masc"
            animate = "anim" in head.tag
    keep_yo = "ё" in phrase.lower()
    result = [open_ + core + close for open_, core, close in shells]
    for index, kind in plan:
        if kind == "noun":
            form = _inflect_noun(words[index], case, keep_yo)
        else:
            form = _inflect_adjective(words[index], case, gender, animate, keep_yo)
        result[index] = shells[index][0] + form + shells[index][2]
    return " ".join(result)
