"""Russian typography: quotes «…» („…“ inside) and the no-break spaces of every rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.russian.numbers import plural
from generator.russian.typography import (
    RULES,
    QuoteError,
    nbsp,
    nbsp_problems,
    quote_balance,
    quotes,
    typeset,
    typeset_tree,
)

NB = "\u00a0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('МКОУ "ООШ с. Новоникольское"', "МКОУ «ООШ с. Новоникольское»"),
        ('ООО "Агрофирма "Новоникольская""', "ООО «Агрофирма „Новоникольская“»"),
        (
            "«Начальная общеобразовательная школа «Радуга»» г. Томска",
            "«Начальная общеобразовательная школа „Радуга“» г. Томска",
        ),
        ('"Школа «Радуга»"', "«Школа „Радуга“»"),
        ("“English” quotes", "«English» quotes"),
        ("(«в скобках»)", "(«в скобках»)"),
        ("без кавычек", "без кавычек"),
        ("МАОУ «СОШ № 5»", "МАОУ «СОШ № 5»"),
    ],
)
def test_quotes(text: str, expected: str) -> None:
    assert quotes(text) == expected
    assert quotes(expected) == expected  # Russian quotes stay as they are


@pytest.mark.parametrize(
    ("text", "balance"),
    [
        ("«школа «Радуга» г. Томска", (2, 1)),
        ('МКОУ "ООШ', (1, 0)),
        ("лишняя» кавычка", (1, 0)),  # a closing one with nothing open
    ],
)
def test_unbalanced_quotes_are_refused(text: str, balance: tuple[int, int]) -> None:
    with pytest.raises(QuoteError):
        quotes(text)
    assert quote_balance(text) is not None
    assert quote_balance("«пара»") is None


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        ("number_sign", "приказ от 28.08.2026 № 118-о", f"приказ от 28.08.2026 №{NB}118-о"),
        ("number_sign", "СОШ №77", f"СОШ №{NB}77"),
        ("abbreviation", "ст. 30 ч. 3", f"ст.{NB}30 ч.{NB}3"),
        ("abbreviation", "г. Томск, с. Мирный, ул. Учебная, д. 7",
         f"г.{NB}Томск, с.{NB}Мирный, ул.{NB}Учебная, д.{NB}7"),
        ("abbreviation", "им. В.В. Пикуля", f"им.{NB}В.В.{NB}Пикуля"),
        ("reference_word", "статьи 22 и 68, пункт 3.7", f"статьи{NB}22 и 68, пункт{NB}3.7"),
        ("year", "1 сентября 2026 г.", f"1{NB}сентября{NB}2026{NB}г."),
        ("year", "«___» ____ 20___ г.", f"«___» ____ 20___{NB}г."),
        ("number_unit", "6–11 классов, 9-х классов, 60 часов",
         f"6–11{NB}классов, 9-х{NB}классов, 60{NB}часов"),
        ("and_so_on", "и т. д., и т. п., и др.", f"и{NB}т.{NB}д., и{NB}т.{NB}п., и{NB}др."),
        ("initials", "М.П. Иванова", f"М.П.{NB}Иванова"),
        ("initials", "Л. Н. Кабардовой", f"Л.Н.{NB}Кабардовой"),
        ("surname_initials", "Иванова М.П.", f"Иванова{NB}М.П."),
        ("surname_initials", "Петрова-Водкина О.И.", f"Петрова-Водкина{NB}О.И."),
        ("dash", "координатор — педагогический", f"координатор{NB}— педагогический"),
        ("gost", "ГОСТ Р 7.0.97-2025", f"ГОСТ{NB}Р{NB}7.0.97-2025"),
    ],
)  # fmt: skip
def test_nbsp_rules(rule: str, text: str, expected: str) -> None:
    assert rule in {r.name for r in RULES}
    assert nbsp(text) == expected
    assert nbsp(expected) == expected  # one pass is enough: typeset text is a fixed point
    assert rule in {p.rule.name for p in nbsp_problems(text)}
    assert nbsp_problems(expected) == []


@pytest.mark.parametrize(
    "text",
    [
        "МАОУ СОШ № 77 г. Томска",  # «№ 77» and «г. Томска»; «77 г.» is not a year
        "Директор Е.В. Кузнецова",
        "на 2026/2027 учебный год",
    ],
)
def test_what_is_not_bound(text: str) -> None:
    fixed = nbsp(text)
    assert "77\u00a0г." not in fixed
    assert "Директор\u00a0" not in fixed
    assert "2027\u00a0учебный" not in fixed


def test_typeset_tree_keeps_codes_and_containers() -> None:
    tree = {
        "name": 'МКОУ "ООШ с. Новоникольское"',
        "iso": "2026-09-01",
        "rows": [{"who": "Иванова М.П."}],
        "n": 3,
    }
    out = typeset_tree(tree, frozenset({"iso"}))
    assert out == {
        "name": f"МКОУ «ООШ с.{NB}Новоникольское»",
        "iso": "2026-09-01",
        "rows": [{"who": f"Иванова{NB}М.П."}],
        "n": 3,
    }
    assert typeset("«школа «Радуга» г. Томска") == f"«школа «Радуга» г.{NB}Томска"  # kept


@given(st.text(alphabet=' .№—–-«»"“”„АБВМПИвагдт0123456789', max_size=40))
def test_typeset_is_idempotent(text: str) -> None:
    once = typeset(text)
    assert typeset(once) == once


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "1 год"), (2, "2 года"), (4, "4 года"), (5, "5 лет"), (11, "11 лет"), (12, "12 лет"),
     (21, "21 год"), (22, "22 года"), (75, "75 лет")],
)  # fmt: skip
def test_plural(n: int, expected: str) -> None:
    assert plural(n, "год", "года", "лет") == expected
