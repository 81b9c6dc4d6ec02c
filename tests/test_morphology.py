"""Exact-string checks for names and posts as they appear in the local acts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.russian import (
    CASES,
    Case,
    MorphologyError,
    acquainted_word,
    decline_name,
    decline_phrase,
    decline_position,
    detect_gender,
    initials,
    is_pedagogical,
    short_name,
    split_full_name,
)

# (nominative, genitive, dative, accusative, instrumental) — the cases the documents use.
NAME_TABLE: list[tuple[str, str, str, str, str]] = [
    (
        "Иванова Мария Петровна",
        "Ивановой Марии Петровны",
        "Ивановой Марии Петровне",
        "Иванову Марию Петровну",
        "Ивановой Марией Петровной",
    ),
    (
        # A female surname ending in a consonant does not decline.
        "Шевчук Анна Олеговна",
        "Шевчук Анны Олеговны",
        "Шевчук Анне Олеговне",
        "Шевчук Анну Олеговну",
        "Шевчук Анной Олеговной",
    ),
    (
        # The same surname of a man does.
        "Шевчук Олег Иванович",
        "Шевчука Олега Ивановича",
        "Шевчуку Олегу Ивановичу",
        "Шевчука Олега Ивановича",
        "Шевчуком Олегом Ивановичем",
    ),
    (
        # Both parts of a double surname decline.
        "Петрова-Водкина Ольга Ивановна",
        "Петровой-Водкиной Ольги Ивановны",
        "Петровой-Водкиной Ольге Ивановне",
        "Петрову-Водкину Ольгу Ивановну",
        "Петровой-Водкиной Ольгой Ивановной",
    ),
    (
        # Surnames in -их/-ых never decline.
        "Белых Сергей Петрович",
        "Белых Сергея Петровича",
        "Белых Сергею Петровичу",
        "Белых Сергея Петровича",
        "Белых Сергеем Петровичем",
    ),
    (
        # «Кямал оглы» stays as is; surname and first name decline.
        "Мамедов Рашид Кямал оглы",
        "Мамедова Рашида Кямал оглы",
        "Мамедову Рашиду Кямал оглы",
        "Мамедова Рашида Кямал оглы",
        "Мамедовым Рашидом Кямал оглы",
    ),
    (
        "Алиева Лейла Ахмед кызы",
        "Алиевой Лейлы Ахмед кызы",
        "Алиевой Лейле Ахмед кызы",
        "Алиеву Лейлу Ахмед кызы",
        "Алиевой Лейлой Ахмед кызы",
    ),
    (
        "Ёлкина Алёна Фёдоровна",
        "Ёлкиной Алёны Фёдоровны",
        "Ёлкиной Алёне Фёдоровне",
        "Ёлкину Алёну Фёдоровну",
        "Ёлкиной Алёной Фёдоровной",
    ),
]
_DOC_CASES: tuple[Case, ...] = ("nominative", "genitive", "dative", "accusative", "instrumental")


@pytest.mark.parametrize("row", NAME_TABLE, ids=[row[0] for row in NAME_TABLE])
def test_decline_name_in_document_cases(row: tuple[str, ...]) -> None:
    full_name = row[0]
    for case, expected in zip(_DOC_CASES, row, strict=True):
        assert decline_name(full_name, case) == expected, case


def test_decline_name_prepositional() -> None:
    assert decline_name("Иванова Мария Петровна", "prepositional") == "Ивановой Марии Петровне"
    assert decline_name("Шевчук Олег Иванович", "prepositional") == "Шевчуке Олеге Ивановиче"


def test_decline_name_explicit_gender_matches_detected() -> None:
    assert decline_name("Шевчук Олег Иванович", "dative", gender="male") == (
        "Шевчуку Олегу Ивановичу"
    )
    assert decline_name("Шевчук Анна Олеговна", "dative", gender="female") == (
        "Шевчук Анне Олеговне"
    )


def test_decline_name_normalises_whitespace_and_keeps_letter_case() -> None:
    assert decline_name("  Иванова\u00a0Мария   Петровна ", "nominative") == (
        "Иванова Мария Петровна"
    )
    assert decline_name("ИВАНОВА МАРИЯ ПЕТРОВНА", "dative") == "ИВАНОВОЙ МАРИИ ПЕТРОВНЕ"
    assert decline_name("иванова мария петровна", "dative") == "ивановой марии петровне"


# --------------------------------------------------------------------------- exceptions file


def test_surname_lev_male_takes_noun_ending() -> None:
    """pytrovich gives «Левым» (possessive -ев rule); the exceptions file fixes it."""
    assert decline_name("Лев Игорь Маркович", "instrumental") == "Левом Игорем Марковичем"
    assert decline_name("Лев Игорь Маркович", "genitive") == "Лева Игоря Марковича"
    assert decline_name("Лев Игорь Маркович", "dative") == "Леву Игорю Марковичу"
    assert decline_name("Лев Игорь Маркович", "prepositional") == "Леве Игоре Марковиче"
    assert short_name("Лев Игорь Маркович", "instrumental") == "И.М. Левом"


def test_surname_lev_female_stays_indeclinable() -> None:
    assert decline_name("Лев Анна Марковна", "instrumental") == "Лев Анной Марковной"


def test_exception_applies_to_each_part_of_double_surname_and_keeps_case() -> None:
    assert decline_name("Лев-Толстой Иван Петрович", "instrumental") == (
        "Левом-Толстым Иваном Петровичем"
    )
    assert decline_name("ЛЕВ ИГОРЬ МАРКОВИЧ", "instrumental") == "ЛЕВОМ ИГОРЕМ МАРКОВИЧЕМ"


def test_surname_kuznets_keeps_vowel() -> None:
    """pytrovich drops the «е» (-ец rule) and gives the unpronounceable «Кузнца»."""
    assert decline_name("Кузнец Павел Андреевич", "genitive") == "Кузнеца Павла Андреевича"
    assert decline_name("Кузнец Павел Андреевич", "instrumental") == ("Кузнецом Павлом Андреевичем")


# --------------------------------------------------------------------------- overrides


def test_overrides_win_over_exceptions_and_pytrovich() -> None:
    overrides = {"genitive": "Льва  Игоря Марковича", "instrumental": "Львом Игорем Марковичем"}
    name = "Лев Игорь Маркович"
    assert decline_name(name, "genitive", overrides=overrides) == "Льва Игоря Марковича"
    assert decline_name(name, "instrumental", overrides=overrides) == "Львом Игорем Марковичем"
    # A case without an override falls through to the exceptions file.
    assert decline_name(name, "dative", overrides=overrides) == "Леву Игорю Марковичу"
    assert short_name(name, "instrumental", overrides=overrides) == "И.М. Львом"
    assert short_name(name, "genitive", overrides=overrides, surname_first=True) == "Льва И.М."


def test_overrides_need_no_gender() -> None:
    overrides = {"dative": "Смиту Джону Ли"}
    assert decline_name("Смит Джон Ли", "dative", overrides=overrides) == "Смиту Джону Ли"


def test_overrides_reject_unknown_case() -> None:
    with pytest.raises(MorphologyError, match="Неизвестные падежи"):
        decline_name("Иванова Мария Петровна", "dative", overrides={"dativ": "Ивановой"})


# --------------------------------------------------------------------------- gender


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Иванова Мария Петровна", "female"),
        ("Шевчук Олег Иванович", "male"),
        ("Мамедов Рашид Кямал оглы", "male"),
        ("Алиева Лейла Ахмед кызы", "female"),
        ("Кузьмина Анна Ильинична", "female"),
        ("Смит Джон Ли", None),
    ],
)
def test_detect_gender(full_name: str, expected: str | None) -> None:
    assert detect_gender(full_name) == expected


def test_undetectable_gender_raises_russian_message() -> None:
    with pytest.raises(MorphologyError, match="Не удалось определить пол по отчеству «Ли»"):
        decline_name("Смит Джон Ли", "dative")
    with pytest.raises(MorphologyError, match="укажите gender"):
        short_name("Смит Джон Ли", "dative")
    # Nominative needs no gender; an explicit gender unblocks declension.
    assert decline_name("Смит Джон Ли", "nominative") == "Смит Джон Ли"
    assert decline_name("Смит Джон Ли", "dative", gender="male") == "Смиту Джону Ли"


def test_invalid_gender_and_case_rejected() -> None:
    with pytest.raises(MorphologyError, match="Неизвестный пол"):
        decline_name("Иванова Мария Петровна", "dative", gender="f")  # type: ignore[arg-type]
    with pytest.raises(MorphologyError, match="Неизвестный падеж"):
        decline_name("Иванова Мария Петровна", "dativ")  # type: ignore[arg-type]


def test_acquainted_word() -> None:
    assert acquainted_word("male") == "ознакомлен"
    assert acquainted_word("female") == "ознакомлена"


# --------------------------------------------------------------------------- splitting, initials


def test_split_full_name() -> None:
    assert split_full_name(" Ёлкина\tАлёна  Фёдоровна ") == ("Ёлкина", "Алёна", "Фёдоровна")
    assert split_full_name("Мамедов Рашид Кямал оглы") == ("Мамедов", "Рашид", "Кямал оглы")
    assert split_full_name("Алиева Лейла Ахмед кызы") == ("Алиева", "Лейла", "Ахмед кызы")


@pytest.mark.parametrize(
    "bad",
    ["", "Иванова Мария", "Иванова Мария Петровна Лишняя", "Мамедов Рашид оглы", "Иванова"],
)
def test_split_full_name_rejects_other_shapes(bad: str) -> None:
    with pytest.raises(MorphologyError, match=r"отчеств|Фамилия Имя Отчество"):
        split_full_name(bad)


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Иванова Мария Петровна", "М.П."),
        ("Мамедов Рашид Кямал оглы", "Р.К."),
        ("Ёлкин Ёсиф Фёдорович", "Ё.Ф."),
        ("Иванова Анна-Мария Петровна", "А.-М.П."),
        ("иванова мария петровна", "М.П."),
    ],
)
def test_initials(full_name: str, expected: str) -> None:
    assert initials(full_name) == expected


@pytest.mark.parametrize(
    ("full_name", "case", "surname_first", "expected"),
    [
        ("Иванова Мария Петровна", "nominative", False, "М.П. Иванова"),
        ("Иванова Мария Петровна", "dative", False, "М.П. Ивановой"),
        ("Иванова Мария Петровна", "nominative", True, "Иванова М.П."),
        ("Иванова Мария Петровна", "genitive", True, "Ивановой М.П."),
        ("Шевчук Олег Иванович", "genitive", False, "О.И. Шевчука"),
        ("Шевчук Анна Олеговна", "instrumental", False, "А.О. Шевчук"),
        ("Петрова-Водкина Ольга Ивановна", "dative", False, "О.И. Петровой-Водкиной"),
        ("Белых Сергей Петрович", "dative", False, "С.П. Белых"),
        ("Мамедов Рашид Кямал оглы", "dative", False, "Р.К. Мамедову"),
        ("Ёлкина Алёна Фёдоровна", "genitive", False, "А.Ф. Ёлкиной"),
    ],
)
def test_short_name(full_name: str, case: Case, surname_first: bool, expected: str) -> None:
    assert short_name(full_name, case, surname_first=surname_first) == expected


# --------------------------------------------------------------------------- positions


@pytest.mark.parametrize(
    ("title", "case", "expected"),
    [
        (
            "заместитель директора по учебно-воспитательной работе",
            "dative",
            "заместителю директора по учебно-воспитательной работе",
        ),
        ("педагог-психолог", "instrumental", "педагогом-психологом"),
        (
            "координатор по профессиональной ориентации",
            "instrumental",
            "координатором по профессиональной ориентации",
        ),
        ("учитель физики", "genitive", "учителя физики"),
        ("учитель истории и обществознания", "dative", "учителю истории и обществознания"),
        ("учитель-логопед", "dative", "учителю-логопеду"),
        ("социальный педагог", "genitive", "социального педагога"),
        ("медицинская сестра", "accusative", "медицинскую сестру"),
        ("классный руководитель", "instrumental", "классным руководителем"),
        ("директор", "dative", "директору"),
        ("педагог-библиотекарь", "instrumental", "педагогом-библиотекарем"),
        ("старший вожатый", "dative", "старшему вожатому"),
        (
            "советник директора по воспитанию и взаимодействию с детскими общественными "
            "объединениями",
            "dative",
            "советнику директора по воспитанию и взаимодействию с детскими общественными "
            "объединениями",
        ),
    ],
)
def test_decline_position_from_table(title: str, case: Case, expected: str) -> None:
    assert decline_position(title, case) == expected


@pytest.mark.parametrize(
    "alias",
    [
        "заместитель директора по УВР",
        "зам. директора по УВР",
        "зам.директора  по УВР",
        "ЗАМЕСТИТЕЛЬ ДИРЕКТОРА ПО УВР",
    ],
)
def test_position_aliases_expand_to_full_title(alias: str) -> None:
    assert decline_position(alias, "dative") == (
        "заместителю директора по учебно-воспитательной работе"
    )
    assert decline_position(alias, "nominative") == (
        "заместитель директора по учебно-воспитательной работе"
    )


def test_position_keeps_capital_letter_and_tail_as_given() -> None:
    assert decline_position("Учитель физики", "genitive") == "Учителя физики"
    assert decline_position("Зам. директора по ВР", "instrumental") == (
        "Заместителем директора по воспитательной работе"
    )
    assert decline_position("учитель ОБЗР", "dative") == "учителю ОБЗР"


@pytest.mark.parametrize(
    ("title", "case", "expected"),
    [
        ("старший воспитатель", "dative", "старшему воспитателю"),
        ("старший воспитатель", "instrumental", "старшим воспитателем"),
        ("инструктор-методист", "instrumental", "инструктором-методистом"),
        ("мастер производственного обучения", "dative", "мастеру производственного обучения"),
        ("старшая вожатая", "accusative", "старшую вожатую"),
        (
            "заместитель директора по безопасности",
            "genitive",
            "заместителя директора по безопасности",
        ),
        ("Главный бухгалтер", "instrumental", "Главным бухгалтером"),
    ],
)
def test_decline_position_fallback_for_unknown_titles(
    title: str, case: Case, expected: str
) -> None:
    assert is_pedagogical(title) is None  # really not in the table: pymorphy3 does the work
    assert decline_position(title, case) == expected


@pytest.mark.parametrize(
    ("phrase", "case", "expected"),
    [
        (
            "Муниципальное автономное общеобразовательное учреждение «Школа № 5» г. Томска",
            "genitive",
            "Муниципального автономного общеобразовательного учреждения «Школа № 5» г. Томска",
        ),
        (
            "муниципальное бюджетное общеобразовательное учреждение «Гимназия № 2»",
            "instrumental",
            "муниципальным бюджетным общеобразовательным учреждением «Гимназия № 2»",
        ),
        (
            # «частное» is also a noun (quotient): it must still agree as an adjective.
            "частное общеобразовательное учреждение «Логос»",
            "dative",
            "частному общеобразовательному учреждению «Логос»",
        ),
        ("муниципальный лицей № 1", "accusative", "муниципальный лицей № 1"),
        ("муниципальная гимназия № 3", "accusative", "муниципальную гимназию № 3"),
        ("МАОУ СОШ № 5", "genitive", "МАОУ СОШ № 5"),
    ],
)
def test_decline_phrase_school_names(phrase: str, case: Case, expected: str) -> None:
    assert decline_phrase(phrase, case) == expected


def test_positions_table_agrees_with_pymorphy3() -> None:
    """A typo in positions.yaml shows up as a disagreement with the automatic declension."""
    from generator.russian.phrases import decline_phrase_clean as _decline_phrase
    from generator.russian.posts import _positions

    positions = {position.title: position for position in _positions().exact.values()}
    assert len(positions) >= 22
    for position in positions.values():
        for case in CASES:
            assert position.forms[case] == _decline_phrase(position.title, case), (
                position.title,
                case,
            )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("библиотекарь", False),
        ("педагог-библиотекарь", True),
        ("учитель химии", True),
        ("Учитель", True),
        ("медицинская сестра", False),
        ("врач-педиатр", False),
        ("советник директора по воспитанию", True),
        ("директор", False),
        ("зам. директора по УВР", False),
        ("классный руководитель", None),
        ("координатор по профессиональной ориентации", None),
        ("садовник", None),
    ],
)
def test_is_pedagogical(title: str, expected: bool | None) -> None:
    assert is_pedagogical(title) is expected


def test_pymorphy3_is_loaded_only_for_unknown_titles() -> None:
    """`profdocs --help` must stay fast: pymorphy3 loads its dictionaries for ~0.5 s."""
    code = (
        "import sys\n"
        "from generator import russian as m\n"
        "assert 'pymorphy3' not in sys.modules and 'pytrovich' not in sys.modules\n"
        "m.decline_name('Иванова Мария Петровна', 'dative')\n"
        "m.decline_position('учитель физики', 'dative')\n"
        "m.is_pedagogical('директор')\n"
        "assert 'pymorphy3' not in sys.modules\n"
    )
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)
