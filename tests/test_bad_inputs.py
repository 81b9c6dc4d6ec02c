"""Every bad input found by hand or by the fuzzer: exit 2, a located Russian message, no
traceback, and nothing written. Through the CLI, as an administrator meets them."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.load import MAX_DEPTH, MAX_PROFILE_BYTES

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "schools" / "demo.yaml"
# Words of PyYAML's, pydantic's and Python's messages: none may reach an administrator.
ENGLISH = re.compile(
    r"\b(the|is|not|found|expected|should|valid|input|error|value|but|while|scanning|parsing|"
    r"character|maximum|recursion|depth|exceeded|out of range|nan|None|Traceback)\b",
    re.IGNORECASE,
)


def demo_text() -> str:
    return DEMO.read_text(encoding="utf-8")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def assert_refused(
    profile: Path, where: str, fragment: str, tmp_path: Path, *, secret: str = ""
) -> str:
    """validate and build both exit 2 with `where` (file:line:col or file) and `fragment`,
    all in Russian; build writes nothing."""
    out = tmp_path / "out"
    for command in (["validate", str(profile)], ["build", str(profile), "-o", str(out)]):
        code, output = run(*command)
        assert code == 2, output
        assert "Traceback" not in output and "Внутренняя ошибка" not in output, output
        messages = [line for line in output.splitlines() if fragment in line]
        assert messages, output
        assert any(
            line.startswith(f"{where}: ") or line.startswith(f"{where}:") for line in messages
        ), output
        for line in messages:
            text = line.split(": ", 2)[-1]
            assert re.search("[А-Яа-яЁё]", text) and not ENGLISH.search(text), line
        if secret:
            assert secret not in output
    assert not out.exists() or not any(out.iterdir())
    return output


def profile_with(tmp_path: Path, change: Callable[[str], str], name: str = "school") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(change(demo_text()), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def test_a_year_beyond_the_calendar(tmp_path: Path) -> None:
    for year in ("9999/10000", "0000/0001"):
        p = profile_with(tmp_path, lambda t, y=year: replace_once(t, "2026/2027", y))
        assert_refused(p, f"{p}:{line_of(p, 'academic_year')}:1", "Учебный год", tmp_path)


@pytest.mark.parametrize(
    "code", ["\\x01", "\\x1b", "\\x7f", "\\u0085", "\\ud800", "\\uffff", "\\0"]
)
def test_a_control_character_in_a_value_is_refused_where_it_stands(
    tmp_path: Path, code: str
) -> None:
    p = profile_with(
        tmp_path,
        lambda t: replace_once(
            t, "short_name: МАОУ СОШ № 77 г. Томска", f'short_name: "МАОУ{code}"'
        ),
    )
    assert_refused(p, f"{p}:{line_of(p, 'short_name')}:15", "служебный символ", tmp_path)


def test_a_control_character_in_a_pupils_name_is_located_not_echoed(tmp_path: Path) -> None:
    p = profile_with(
        tmp_path,
        lambda t: replace_once(
            t, "person: Смирнов Кирилл Андреевич", 'person: "Смирнов\\x01 Кирилл Андреевич"'
        ),
    )
    output = assert_refused(
        p, f"{p}:{line_of(p, 'Смирнов')}", "служебный символ", tmp_path, secret="Смирнов"
    )
    assert "journal.entries[0].person" in output


def test_a_control_character_in_a_csv_journal_is_located_in_the_csv(tmp_path: Path) -> None:
    csv = tmp_path / "journal.csv"
    csv.write_text(
        "date;person;grade;category;form;topic;result\n"
        "14.10.2026;Петров\x02 Илья Сергеевич;8А;обучающийся;индивидуальная;Интересы;Тест\n",
        encoding="utf-8",
    )
    p = profile_with(
        tmp_path, lambda t: t[: t.index("journal:")] + "journal:\n  csv: journal.csv\n"
    )
    assert_refused(p, f"{csv}:2:1", "служебный символ", tmp_path, secret="Петров")


@pytest.mark.parametrize("name", ["..", ".", ".hidden", "школа", "a b"])
def test_a_profile_name_that_is_no_school_id_is_refused(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    p = folder / f"{name}.yaml"
    p.write_text(demo_text(), encoding="utf-8")
    assert_refused(p, str(p), "Имя файла профиля не подходит", tmp_path)
    assert sorted(x.name for x in tmp_path.iterdir()) == ["in"]  # nothing beside «out»


def test_a_device_as_the_journal_csv(tmp_path: Path) -> None:
    p = profile_with(tmp_path, lambda t: t[: t.index("journal:")] + "journal:\n  csv: /dev/zero\n")
    start = time.monotonic()
    assert_refused(p, f"{p}:{line_of(p, 'csv:')}:3", "не обычный файл", tmp_path)
    assert time.monotonic() - start < 10


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_the_profile_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "school.yaml"
    os.mkfifo(fifo)
    assert_refused(fifo, str(fifo), "не обычный файл", tmp_path)


def test_a_huge_profile_is_refused_by_its_size(tmp_path: Path) -> None:
    p = tmp_path / "school.yaml"
    with p.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # 50 MB, sparse
    start = time.monotonic()
    assert_refused(p, str(p), f"больше {MAX_PROFILE_BYTES // 2**20} МБ", tmp_path)
    assert time.monotonic() - start < 5
    big_csv = tmp_path / "j.csv"
    with big_csv.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    q = profile_with(tmp_path, lambda t: t[: t.index("journal:")] + "journal:\n  csv: j.csv\n")
    assert_refused(q, f"{q}:{line_of(q, 'csv:')}:3", "МБ", tmp_path)


@pytest.mark.parametrize("levels", [MAX_DEPTH + 5, 10_000])
def test_deep_nesting_is_refused_with_its_place(tmp_path: Path, levels: int) -> None:
    p = profile_with(tmp_path, lambda t: t + "\nextra: " + "[" * levels + "]" * levels + "\n")
    output = assert_refused(p, f"{p}:{line_of(p, 'extra:')}", "вложенность", tmp_path)
    assert "recursion" not in output


def test_a_huge_integer_is_too_long_a_number_not_a_bad_date(tmp_path: Path) -> None:
    p = profile_with(
        tmp_path, lambda t: replace_once(t, "blank_rows: 20", "blank_rows: " + "9" * 5000)
    )
    output = assert_refused(
        p, f"{p}:{line_of(p, 'blank_rows')}:15", "Слишком длинное число", tmp_path
    )
    assert "дат" not in output


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1.0e+400"])
def test_not_a_number_is_said_in_russian(tmp_path: Path, value: str) -> None:
    p = profile_with(tmp_path, lambda t: replace_once(t, "blank_rows: 20", f"blank_rows: {value}"))
    assert_refused(p, f"{p}:{line_of(p, 'blank_rows')}:3", "Ожидалось целое число", tmp_path)


def test_two_documents_in_one_file(tmp_path: Path) -> None:
    p = profile_with(tmp_path, lambda t: t + "\n---\nschool: {}\n")
    assert_refused(p, f"{p}:{line_of(p, '---')}:1", "несколько документов YAML", tmp_path)


@pytest.mark.parametrize(
    ("snippet", "fragment"),
    [
        ('note: "a\\qb"\n', "неизвестный знак"),
        ('note: "\\x4"\n', "шестнадцатеричные"),
        ("note: |x\n  text\n", "«|» или «>»"),
        ("note: @home\n", "не может начинаться"),
        ("note: & x\n", "имя якоря"),
        ("note: [1, 2\n", "Незакрытая"),
        ("note: {a: 1\n", "Незакрытая"),
        ("note: 'unclosed\n", "Незакрытая"),
        ("note: !!python/object:os.system x\n", "теги"),
        ("note: *nowhere\n", "якорь"),
        ("note: &a 1\nnote2: &a 2\nnote3: *a\n", "Якорь (&имя) с таким"),
        ("%YAML 1.1\n%YAML 1.1\n", "служебная"),
        ("note:\n  - a\n  b: 1\n", "отступ"),
        ("note: a: b\n", "двоеточие"),
        ("note:\n\t- a\n", "табуляции"),
        ("note: [a, ]]\n", "Нарушены отступы"),
        ("note: ]\n", "служебный знак"),
        ("note: \x01\n", "служебный символ"),
        ("2026-02-30: x\n", "Такой даты нет"),
        ("note: 2026-02-30\n", "Такой даты нет"),
    ],
)
def test_every_yaml_mistake_is_said_in_russian_where_it_is(
    tmp_path: Path, snippet: str, fragment: str
) -> None:
    text = demo_text()
    p = tmp_path / "school.yaml"
    p.write_text(text + "\n" + snippet, encoding="utf-8")
    first = len(text.splitlines()) + 2  # the snippet's first line
    output = assert_refused(p, str(p), fragment, tmp_path)
    line = next(x for x in output.splitlines() if fragment in x)
    m = re.match(rf"{re.escape(str(p))}:(\d+):(\d+): ", line)
    assert m and int(m.group(1)) >= first, line


# --- values a later check would refuse: refused here, where they stand ---------------------

LATER_CHECKS = [
    ("number: 124-о", "number: 124, 5", "acts.order.number", "Номер пишется буквами"),
    ("number: 124-о", 'number: "№ 124"', "acts.order.number", "без знака «№»"),
    ('number: "1"\n    date: 2026-08-28', 'number: "протокол от"\n    date: 2026-08-28',
     "acts.pedagogical_council.number", "слова «от»"),
    ("- ООО «Томскнефтехим»", "- ООО ()", "partners.enterprises[0]", "пустые скобки"),
    ("short_name: МАОУ СОШ № 77 г. Томска", "short_name: МАОУ СОШ №", "school.short_name",
     "после «№» нет номера"),
    ("short_name: МАОУ СОШ № 77 г. Томска", "short_name: 'МАОУ \"СОШ № 77'", "school.short_name",
     "Кавычки не парные"),
    ("locality: г. Томск", "locality: г. Томск (центр", "school.locality", "не парные"),
    ("short_name: МАОУ СОШ № 77 г. Томска", 'short_name: "\\u00ad"', "school.short_name",
     "невидимые знаки"),
    ("short_name: МАОУ СОШ № 77 г. Томска", "short_name: МАОУ СОШ от 01.09.2026 № 5",
     "school.short_name", "даты документа"),
    ("name: Белых Сергей Петрович", "name: Бел%ых Сергей Петрович", "staff.belykh.name",
     "ФИО пишется кириллицей"),
    ("name: Белых Сергей Петрович", "name: БЕЛЫХ СЕРГЕЙ ПЕТРОВИЧ", "staff.belykh.name",
     "с заглавной буквы"),
    ("position: заместитель директора по учебно-воспитательной работе", "position: учитель",
     "roles.deputy_uvr", "«по учебно-воспитательной работе» или «по УВР»"),
    ("position: заместитель директора по учебно-воспитательной работе",
     "position: заместитель директора опо учебно-воспитательной работе",
     "roles.deputy_uvr", "«по учебно-воспитательной работе» или «по УВР»"),
    ("topic: Выбор профиля обучения в 10 классе",
     "topic: Закон РФ от 19.04.1991 № 1032-1 «О занятости населения»",
     "journal.entries[0].topic", "утративший силу акт"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "path", "fragment"), LATER_CHECKS, ids=lambda x: x)
def test_a_value_a_later_check_would_refuse_is_refused_at_validation(
    tmp_path: Path, old: str, new: str, path: str, fragment: str
) -> None:
    p = profile_with(tmp_path, lambda t: replace_once(t, old, new))
    output = assert_refused(p, str(p), fragment, tmp_path)
    line = next(x for x in output.splitlines() if fragment in x)
    assert re.match(rf"{re.escape(str(p))}:\d+:\d+: {re.escape(path)}: ", line), line
    assert "Белых" not in output and "БЕЛЫХ" not in output  # names are located, not quoted


def test_a_delegation_basis_is_checked_like_any_text(tmp_path: Path) -> None:
    p = profile_with(
        tmp_path,
        lambda t: replace_once(
            t, "  librarian: zaitseva", "  librarian: {delegated_to: zaitseva, basis: приказ №}"
        ),
    )
    assert_refused(p, str(p), "Основание (basis): в значении после «№» нет номера", tmp_path)


def test_a_missing_csv_is_reported_at_its_key_without_repeating_the_path(tmp_path: Path) -> None:
    """The key locates the problem; the path the school wrote may hold anything."""
    p = profile_with(
        tmp_path, lambda t: t[: t.index("journal:")] + "journal:\n  csv: Иванова Мария.csv\n"
    )
    output = assert_refused(p, f"{p}:{line_of(p, 'csv:')}:3", "не найден", tmp_path)
    assert "Иванова" not in output
