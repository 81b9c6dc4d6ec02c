"""Full names (ФИО) in the six cases, initials and signature forms.

A name goes through three layers, strongest first: forms the school wrote in its profile
(overrides), the reviewed exceptions file (known pytrovich mistakes), then pytrovich. A name
is parsed once into a `FullName`; everything else works on its three parts. pytrovich and
the exceptions file are loaded on first use, so `profdocs --help` stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from .cases import CASES, Case, Gender, MorphologyError, check_case, check_gender, match_casing

if TYPE_CHECKING:
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker


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
    """Corrections for words pytrovich is known to get wrong (declension_exceptions.yaml)."""
    from .. import catalog
    from ..errors import CatalogError
    from ..paths import catalog_file, shown

    table: dict[_ExceptionKey, dict[str, str]] = {}
    for number, entry in enumerate(catalog.declension_exceptions().exceptions, start=1):
        key = (entry.part, entry.word.strip().lower(), entry.gender)
        if key in table:
            raise CatalogError(
                f"Файл данных {shown(catalog_file('declension_exceptions.yaml'))}, запись "
                f"№ {number}: слово «{entry.word}» уже описано выше."
            )
        table[key] = {case: form.strip() for case, form in entry.forms.items()}
    return table


def _exception_form(part: str, word: str, gender: Gender, case: Case) -> str | None:
    table = _name_exceptions()
    lowered = word.lower()
    for key in ((part, lowered, gender), (part, lowered, "any")):
        forms = table.get(key)
        if forms is not None and case in forms:
            return match_casing(word, forms[case])
    return None


# --------------------------------------------------------------------------- names

# Turkic patronymics are two words: the father's name (never declined) and a particle.
_MALE_PARTICLES = frozenset({"оглы", "оглу", "улы", "уулу"})
_FEMALE_PARTICLES = frozenset({"кызы", "гызы", "кизи"})
_PARTICLE_SPLIT = re.compile(r"[\s-]+")


def _particle_gender(patronymic: str) -> Gender | None:
    """Gender of a «Кямал оглы» / «Ахмед кызы» patronymic, None for an ordinary one."""
    tail = _PARTICLE_SPLIT.split(patronymic.strip())[-1].lower().replace("\u0301", "")
    if tail in _MALE_PARTICLES:
        return "male"
    if tail in _FEMALE_PARTICLES:
        return "female"
    return None


@dataclass(frozen=True, slots=True)
class FullName:
    """«Фамилия Имя Отчество», parsed once: documents need all three parts."""

    surname: str
    first: str
    patronymic: str

    @classmethod
    def parse(cls, text: str) -> FullName:
        words = text.split()
        if len(words) == 4 and _particle_gender(words[3]) and not _particle_gender(words[2]):
            return cls(words[0], words[1], f"{words[2]} {words[3]}")
        if len(words) == 3:
            if words[2].lower() in _MALE_PARTICLES | _FEMALE_PARTICLES:
                raise MorphologyError(
                    f"В ФИО «{' '.join(words)}» отчество «{words[2]}» без имени отца; "
                    "ожидается, например, «Мамедов Рашид Кямал оглы»."
                )
            return cls(words[0], words[1], words[2])
        shown = " ".join(words)
        raise MorphologyError(
            f"Ожидается ФИО в виде «Фамилия Имя Отчество», получено: «{shown}». "
            "Если ФИО устроено иначе, укажите готовые формы по падежам в профиле школы."
        )

    def __str__(self) -> str:
        return f"{self.surname} {self.first} {self.patronymic}"

    @property
    def parts(self) -> tuple[str, str, str]:
        return self.surname, self.first, self.patronymic

    @property
    def gender(self) -> Gender | None:
        """From the patronymic, the only reliable signal; None when it is not Russian-like."""
        particle = _particle_gender(self.patronymic)
        if particle is not None:
            return particle
        detected = _detector().detect(middlename=self.patronymic.replace(STRESS, "")).name
        if detected == "MALE":
            return "male"
        if detected == "FEMALE":
            return "female"
        return None

    @property
    def initials(self) -> str:
        """«М.П.» — for «Кямал оглы» only the father's name gives a letter («Р.К.»)."""
        patronymic = self.patronymic
        if _particle_gender(patronymic) is not None:
            patronymic = _PARTICLE_SPLIT.split(patronymic)[0]
        return _initial(self.first) + _initial(patronymic)

    def resolve_gender(self, gender: Gender | None) -> Gender:
        if gender is not None:
            return check_gender(gender)
        detected = self.gender
        if detected is None:
            raise MorphologyError(
                f"Не удалось определить пол по отчеству «{self.patronymic}» "
                f"(ФИО: «{self}»); укажите gender (male или female) явно."
            )
        return detected

    def declined(
        self,
        case: Case,
        gender: Gender | None = None,
        overrides: Mapping[str, str] | None = None,
    ) -> str:
        """In the case: overrides from the profile, then the exceptions file, then pytrovich."""
        check_case(case)
        override = _override(overrides, case)
        if override is not None:
            return override
        if case == "nominative":
            return str(self)
        resolved = self.resolve_gender(gender)
        return " ".join(
            (
                _decline_word("surname", self.surname, resolved, case),
                _decline_word("first", self.first, resolved, case),
                _decline_patronymic(self.patronymic, resolved, case),
            )
        )

    def short(
        self,
        case: Case = "nominative",
        gender: Gender | None = None,
        overrides: Mapping[str, str] | None = None,
        surname_first: bool = False,
    ) -> str:
        """«М.П. Иванова» (signature form) or «Иванова М.П.» (lists); the surname declined."""
        check_case(case)
        override = _override(overrides, case)
        if override is not None:
            surname = override.split()[0]
        else:
            surname = self.surname
            if case != "nominative":
                surname = _decline_word("surname", surname, self.resolve_gender(gender), case)
        return f"{surname} {self.initials}" if surname_first else f"{self.initials} {surname}"


def _as_name(full_name: str | FullName) -> FullName:
    return full_name if isinstance(full_name, FullName) else FullName.parse(full_name)


def split_full_name(full_name: str | FullName) -> tuple[str, str, str]:
    """Split «Фамилия Имя Отчество»; documents need all three, so anything else is an error."""
    return _as_name(full_name).parts


def detect_gender(full_name: str | FullName) -> Gender | None:
    return _as_name(full_name).gender


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


STRESS = "\u0301"  # a combining acute: «Ивано́ва» says where the stress falls


def _restress(form: str, bare: str, marks: list[int]) -> str:
    """The stress marks of `bare` put back into its declined `form`, each after the same
    letter, where the form still has the word's letters up to it («Ивано́ва» → «Ивано́вой»);
    a mark on an ending that changed is dropped rather than put on another letter."""
    for at in reversed(marks):
        if form[:at] == bare[:at]:
            form = form[:at] + STRESS + form[at:]
    return form


def _decline_word(part: str, word: str, gender: Gender, case: Case) -> str:
    """Decline one name part; hyphenated parts decline piece by piece (Петрова-Водкина)."""
    if STRESS in word:  # pytrovich knows endings without stress marks
        bare, marks = "", []
        for ch in word:
            if ch == STRESS:
                marks.append(len(bare))
            else:
                bare += ch
        return _restress(_decline_word(part, bare, gender, case), bare, marks)
    pieces = word.split("-")
    last = len(pieces) - 1
    declined = []
    for index, piece in enumerate(pieces):
        form = _exception_form(part, piece, gender, case) if piece else None
        if form is None:
            # pytrovich treats only the last piece's gender as «known», like petrovich-ruby.
            form = _pytrovich_decline(part, piece, gender, case, known=index == last)
            # pytrovich appends lowercase endings: «ИВАНОВ» would become «ИВАНОВа».
            form = match_casing(piece, form) if piece else form
        declined.append(form)
    return "-".join(declined)


def _decline_patronymic(patronymic: str, gender: Gender, case: Case) -> str:
    if _particle_gender(patronymic) is not None:
        return patronymic  # «Рашиду Кямал оглы»: neither word changes
    return _decline_word("middle", patronymic, gender, case)


def decline_name(
    full_name: str | FullName,
    case: Case,
    gender: Gender | None = None,
    overrides: Mapping[str, str] | None = None,
) -> str:
    """Full name in the case: overrides from the profile, then exceptions file, then pytrovich."""
    return _as_name(full_name).declined(case, gender, overrides)


def _initial(word: str) -> str:
    """«Анна-Мария» → «А.-М.»; ё stays ё."""
    return "-".join(f"{piece[0].upper()}." for piece in word.split("-") if piece)


def initials(full_name: str | FullName) -> str:
    return _as_name(full_name).initials


def short_name(
    full_name: str | FullName,
    case: Case = "nominative",
    gender: Gender | None = None,
    overrides: Mapping[str, str] | None = None,
    surname_first: bool = False,
) -> str:
    """«М.П. Иванова» (signature form) or «Иванова М.П.» (lists); the surname is declined."""
    check_case(case)
    return _as_name(full_name).short(case, gender, overrides, surname_first)


def acquainted_word(gender: Gender) -> str:
    """The past participle in «С приказом ознакомлен(а)» agrees with the person's gender."""
    return "ознакомлен" if check_gender(gender) == "male" else "ознакомлена"
