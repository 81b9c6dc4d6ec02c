"""What a browser would submit for a page's form, read with lxml (for tests without one)."""

from __future__ import annotations

import lxml.html


def form_pairs(html: str, form_id: str = "editor") -> list[tuple[str, str]]:
    form = lxml.html.fromstring(html).get_element_by_id(form_id)
    pairs: list[tuple[str, str]] = []
    for el in form.iter("input", "select", "textarea"):
        name = el.get("name")
        if not name:
            continue
        if el.tag == "input":
            kind = (el.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if el.get("checked") is not None:
                    pairs.append((name, el.get("value") or "on"))
            elif kind not in ("file", "submit"):
                pairs.append((name, el.get("value") or ""))
        elif el.tag == "select":
            options = el.findall("option")
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            pairs.append((name, (chosen[0].get("value") or "") if chosen else ""))
        else:
            pairs.append((name, el.text or ""))
    return pairs


def with_values(pairs: list[tuple[str, str]], **changes: str) -> list[tuple[str, str]]:
    """Replace values by field name; `__` in a keyword stands for `.`."""
    wanted = {k.replace("__", "."): v for k, v in changes.items()}
    out = [(k, wanted.get(k, v)) for k, v in pairs]
    missing = set(wanted) - {k for k, _ in pairs}
    assert not missing, f"no such fields on the page: {sorted(missing)}"
    return out


def multipart(pairs: list[tuple[str, str]]) -> list[tuple[str, tuple[None, str]]]:
    return [(k, (None, v)) for k, v in pairs]


# A small village school typed into a new profile (the starter of `profdocs init`), and the
# same school written by hand in tests/data/web_school_by_hand.yaml.
NEW_SCHOOL = {
    "school.full_name": "Муниципальное бюджетное общеобразовательное учреждение "
    "«Берёзовская средняя общеобразовательная школа» Томского района",
    "school.short_name": 'МБОУ "Берёзовская СОШ" Томского района',
    "school.locality": "с. Берёзовка",
    "school.municipality": "Томский район",
    "academic_year": "2026/2027",
    "staff.0.name": "Орлова Нина Петровна",
    "staff.1.name": "Гусев Павел Андреевич",
    "staff.2.name": "Гусева Ирина Олеговна",
    "staff.3.name": "Кравец Ольга Ивановна",
    "staff.4.name": "Лаптева Дарья Сергеевна",
    "staff.5.name": "Сомова Елена Юрьевна",
    "staff.6.name": "Жукова Анна Михайловна",
    "acts.order.number": "57-о",
    "acts.order.date": "31.08.2026",
    "acts.order.effective_date": "01.09.2026",
    "acts.pedagogical_council.number": "1",
    "acts.pedagogical_council.date": "28.08.2026",
    "acts.student_council.number": "1",
    "acts.student_council.date": "26.08.2026",
    "acts.parent_council.number": "1",
    "acts.parent_council.date": "27.08.2026",
}
