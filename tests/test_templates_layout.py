"""Layout and rendering checks for the six DOCX templates in templates/docx/.

The templates are edited by hand in Word/LibreOffice, so these
tests guard what an edit may break: ГОСТ page setup, page numbers, landscape sections,
repeated table headers, the Word styles and the multilevel numbering behind the clause
numbers, docxtpl tag hygiene, and that every template renders with a context built from
the contract (generator/context_model.py) under a sandboxed, strict, autoescaping Jinja.
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import jinja2
import jinja2.sandbox
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docxtpl import DocxTemplate

from generator.context_model import DocumentContext

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates" / "docx"
NAMES = [
    "01_work_regulation.docx",
    "02_coordinator_regulation.docx",
    "03_coordinator_duties.docx",
    "04_appointment_order.docx",
    "05_plan_grid.docx",
    "06_consultation_journal.docx",
]
REGULATIONS = NAMES[:3]

WORK_HEADINGS = [
    "Общие положения",
    "Цели и задачи профориентационной работы",
    "Принципы профориентационной работы",
    "Основные направления профориентационной работы",
    "Виды деятельности координатора по профессиональной ориентации",
    "Организация работы по профориентации обучающихся",
    "Организация и контроль деятельности координатора по профессиональной ориентации",
    "Содействие организации работы по профориентации обучающихся",
]

TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
TYPED_NUMBER_RE = re.compile(r"^\s*\d+\.(\d+\.)*\s")


# --------------------------------------------------------------------------------------
# A plausible context, built from the contract
# --------------------------------------------------------------------------------------


def forms(nom, gen, dat, acc, ins, prep):
    return {
        "nominative": nom,
        "genitive": gen,
        "dative": dat,
        "accusative": acc,
        "instrumental": ins,
        "prepositional": prep,
    }


def date(day: int, month: int, year: int) -> dict:
    months = [
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ]  # fmt: skip
    return {
        "numeric": f"{day:02d}.{month:02d}.{year}",
        "words": f"{day} {months[month - 1]} {year} г.",
        "iso": f"{year}-{month:02d}-{day:02d}",
    }


def person(name, short, surname_first, position, gender) -> dict:
    return {
        "name": name,
        "short": short,
        "surname_first": surname_first,
        "position": position,
        "gender": gender,
        "acquainted": "ознакомлена" if gender == "female" else "ознакомлен",
    }


DEPUTY_UVR_POSITION = forms(
    "заместитель директора по учебно-воспитательной работе",
    "заместителя директора по учебно-воспитательной работе",
    "заместителю директора по учебно-воспитательной работе",
    "заместителя директора по учебно-воспитательной работе",
    "заместителем директора по учебно-воспитательной работе",
    "заместителе директора по учебно-воспитательной работе",
)

ROLES = [
    ("director", "директор", "организационная, контролирующая функции"),
    ("deputy_vr", "заместитель директора по воспитательной работе", "организационная функция"),
    (
        "deputy_uvr",
        "заместитель директора по учебно-воспитательной работе",
        "непосредственное руководство и контроль",
    ),
    ("coordinator", "координатор по профессиональной ориентации", "координация деятельности"),
    ("class_teacher", "классный руководитель", "профессиональное воспитание"),
    ("subject_teachers", "учителя-предметники", "профориентационная направленность программ"),
    ("psychologist", "педагог-психолог", "психологическая поддержка"),
    ("social_pedagogue", "социальный педагог", "защита прав и социальных гарантий"),
    ("librarian", "библиотекарь", "профессиональное просвещение"),
    ("medical", "медицинский работник", "помощь в подборе профессий"),
    ("additional_ed", "педагог дополнительного образования", "выявление одаренных детей"),
]


RECORDS_WORK_LOG = {
    "entries": [
        {
            "number": 1,
            "date": "12.10.2026",
            "title": "Профессиональная проба «Повар» (п. 5.7 плана)",
            "participants": "9 кл.; 24 чел.",
            "form": "профессиональная проба",
            "responsible": "М.П. Иванова",
            "partner": "—",
            "result": "Пробу прошли все участники",
        }
    ],
    "blank_rows": [2, 3],
}
RECORDS_NOTE = {
    "criteria": [
        {
            "number": 3,
            "title": "Профориентационное консультирование",
            "lines": [
                {
                    "title": "Обучающихся, прошедших профессиональное и карьерное консультирование",
                    "value": "24",
                    "counting": "По индивидуальным консультациям каждый обучающийся учитывается "
                    "один раз; по групповым — число участников консультации.",
                }
            ],
        }
    ],
    "hours": [
        {
            "grade": 9,
            "planned": "78",
            "delivered": "11",
            "minimum": "60",
            "verdict": "не выполнен",
            "line": "9 класс — по плану 78, проведено 11, минимум не выполнен.",
        }
    ],
    "hours_applies": True,
    "level": "основной",
    "level_genitive": "основного",
    "hours_intro": "Уровень модели — основной: не менее 60 часов в год в каждом классе.",
    "comparison": ["Проведено мастер-классов: 1 (в прошлом году — 2; −1)"],
    "missing": [],
}


RECORDS_SELF_REPORT = {
    "rows": [
        {
            "number": "1.1",
            "title": "Наличие координатора по профессиональной ориентации",
            "value": "да",
            "source": "Приказ о назначении координатора",
            "blank": False,
        },
        {
            "number": "2.3",
            "title": "Количество обучающихся, получивших услуги",
            "value": "заполняется вручную: ________",
            "source": "Журнал консультаций",
            "blank": True,
        },
    ],
    "hand_filled": True,
}


def make_context(**overrides) -> dict:
    coordinator = person(
        forms(
            "Смирнова Елена Александровна",
            "Смирновой Елены Александровны",
            "Смирновой Елене Александровне",
            "Смирнову Елену Александровну",
            "Смирновой Еленой Александровной",
            "Смирновой Елене Александровне",
        ),
        forms(
            "Е.А. Смирнова",
            "Е.А. Смирновой",
            "Е.А. Смирновой",
            "Е.А. Смирнову",
            "Е.А. Смирновой",
            "Е.А. Смирновой",
        ),
        "Смирнова Е.А.",
        forms(
            "учитель технологии",
            "учителя технологии",
            "учителю технологии",
            "учителя технологии",
            "учителем технологии",
            "учителе технологии",
        ),
        "female",
    )
    deputy_uvr = person(
        forms(*(["Сидорова Анна Викторовна"] * 6)),
        forms(
            "А.В. Сидорова",
            "А.В. Сидоровой",
            "А.В. Сидоровой",
            "А.В. Сидорову",
            "А.В. Сидоровой",
            "А.В. Сидоровой",
        ),
        "Сидорова А.В.",
        DEPUTY_UVR_POSITION,
        "female",
    )
    director = person(
        forms(*(["Петров Сергей Иванович"] * 6)),
        forms(
            "С.И. Петров",
            "С.И. Петрова",
            "С.И. Петрову",
            "С.И. Петрова",
            "С.И. Петровым",
            "С.И. Петрове",
        ),
        "Петров С.И.",
        forms("директор", "директора", "директору", "директора", "директором", "директоре"),
        "male",
    )
    act = {
        "title": "Федеральный закон от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»",
        "instrumental": "Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в "
        "Российской Федерации»",
        "short": "273-ФЗ",
    }
    employment = {
        "title": "Федеральный закон от 12.12.2023 № 565-ФЗ «О занятости населения в РФ»",
        "instrumental": "Федеральным законом от 12.12.2023 № 565-ФЗ «О занятости населения "
        "в Российской Федерации»",
        "short": "565-ФЗ",
    }
    constitution = {
        "title": "Конституция Российской Федерации",
        "instrumental": "Конституцией Российской Федерации",
        "short": "Конституция РФ",
    }
    months = ["Сентябрь", "Октябрь", "Ноябрь", "Декабрь", "Январь", "Февраль", "Март",
              "Апрель", "Май", "Июнь"]  # fmt: skip
    directions = []
    for d in range(1, 8):
        events = []
        for e in range(1, 5):
            marks = ["•" if (m + d + e) % 4 == 0 else "" for m in range(10)]
            events.append(
                {
                    "number": f"{d}.{e}",
                    "title": f"Мероприятие {d}.{e}: классный час «Мир профессий» & встреча",
                    "activity": "информирование",
                    "classes": "8–9",
                    "when": "сентябрь",
                    "marks": marks,
                    "hours": "2",
                    "responsible": "координатор Е.А. Смирнова",
                    "partners": "1, 2",
                }
            )
        directions.append({"number": d, "title": f"Направление {d}", "events": events})
    ctx = {
        "school": {
            "full_name": "Муниципальное автономное общеобразовательное учреждение "
            "«Средняя общеобразовательная школа № 5 г. Томска»",
            "short_name": "МАОУ СОШ № 5 г. Томска",
            "name_with_short": "Муниципальное автономное общеобразовательное учреждение "
            "«Средняя общеобразовательная школа № 5 г. Томска» (МАОУ СОШ № 5 г. Томска)",
            "full_name_forms": forms(
                *(["муниципальное автономное общеобразовательное учреждение «СОШ № 5»"] * 5),
                "муниципальном автономном общеобразовательном учреждении "
                "«Средняя общеобразовательная школа № 5 г. Томска»",
            ),
            "locality": "г. Томск",
            "municipality": "Городской округ «Город Томск»",
            "address": "634000, г. Томск, ул. Ленина, д. 1",
            "grades": {
                "label": "1–11",
                "first": 1,
                "last": 11,
                "top": 11,
                "has_primary": True,
                "has_basic": True,
                "has_senior": True,
                "levels_phrase": "на уровнях начального общего, основного общего и среднего "
                "общего образования",
            },
            "education_authority": {
                "nominative": "департамент образования администрации Города Томска",
                "genitive": "департамента образования администрации Города Томска",
                "dative": "департаменту образования администрации Города Томска",
            },
        },
        "region": {
            "name": forms(
                "Томская область",
                "Томской области",
                "Томской области",
                "Томскую область",
                "Томской областью",
                "Томской области",
            ),
            "institute_full": "Томский областной институт повышения квалификации и "
            "переподготовки работников образования",
            "institute_short": "ТОИПКРО",
            "education_authority": "Департамент общего образования Томской области",
            "career_weeks": [
                {
                    "title": "Единая неделя профориентации",
                    "month": 3,
                    "month_name": "март",
                    "when": "в марте",
                },
                {
                    "title": "Единая неделя профориентации",
                    "month": 9,
                    "month_name": "сентябрь",
                    "when": "в сентябре",
                },
            ],
        },
        "year": {
            "label": "2026/2027",
            "start": 2026,
            "end": 2027,
            "first_day": date(1, 9, 2026),
            "last_day": date(31, 8, 2027),
        },
        "director": director,
        "coordinator": coordinator,
        "governance": {
            "supervisor_key": "deputy_uvr",
            "supervisor": deputy_uvr,
            "supervisor_role": DEPUTY_UVR_POSITION,
            "plan_approver": director,
            "plan_approver_role": director["position"],
            "plan_approver_is_director": True,
            "plan_approver_post_line": "Директор МАОУ СОШ № 5 г. Томска",
        },
        "roles": [
            {
                "key": key,
                "title": title,
                "functions": functions,
                "duties": [functions, "участие в профориентационных мероприятиях"],
            }
            for key, title, functions in ROLES
        ],
        "acquaintance": {
            "rows": [
                {
                    "number": "1",
                    "name": "Сидорова А.В.",
                    "position": "заместитель директора по учебно-воспитательной работе",
                    "roles": "заместитель директора по учебно-воспитательной работе",
                },
                {
                    "number": "2",
                    "name": "Кузнецова О.П.",
                    "position": "учитель физики",
                    "roles": "функции заместителя директора по воспитательной работе (приказ от "
                    "28.08.2026 № 118-о)",
                },
                {
                    "number": "3",
                    "name": "Смирнова Е.А.",
                    "position": "учитель технологии",
                    "roles": "координатор по профессиональной ориентации; классный руководитель",
                },
            ],
            "blank_rows": [4, 5, 6],
            "order_rows": [
                {
                    "number": "1",
                    "name": "Смирнова Е.А.",
                    "position": "учитель технологии",
                    "roles": "координатор по профессиональной ориентации",
                },
                {
                    "number": "2",
                    "name": "Сидорова А.В.",
                    "position": "заместитель директора по учебно-воспитательной работе",
                    "roles": "заместитель директора по учебно-воспитательной работе",
                },
            ],
        },
        "acts": {
            "order": {
                "number": "124-о",
                "date": date(28, 8, 2026),
                "effective_date": date(1, 9, 2026),
                "supervisor_accusative": "на заместителя директора по учебно-воспитательной "
                "работе А.В. Сидорову",
                "assignments": [
                    {
                        "roles_genitive": "библиотекаря",
                        "holder_accusative": "на учителя начальных классов А.О. Шевчук",
                        "last": True,
                    }
                ],
                "outsourcings": [
                    {
                        "roles_genitive": "педагога-психолога",
                        "functions": "психологическая диагностика и психологическое "
                        "консультирование обучающихся",
                        "organisation_genitive": "МБУ «Асиновский ППМС-центр»",
                        "agreement_instrumental": "соглашением о сетевом взаимодействии от "
                        "01.09.2026 № 7",
                    }
                ],
                "assignment_item": 4,
                "familiarise_by": "Заместителю директора по учебно-воспитательной работе "
                "А.В. Сидоровой",
            },
            "pedagogical_council": {"number": "1", "date": date(27, 8, 2026)},
            "student_council": {"number": "2", "date": date(25, 8, 2026)},
            "parent_council": {"number": "1", "date": date(26, 8, 2026)},
            "approval": "приказом директора МАОУ СОШ № 5 г. Томска от 28.08.2026 № 124-о",
        },
        "legal": {
            "guarantees": ", ".join(a["instrumental"] for a in (constitution, employment, act)),
            "guided_by": ", ".join(a["instrumental"] for a in (constitution, act)),
            "recommendations": {
                "title": "Методические рекомендации по реализации Единой модели",
                "genitive": "Методических рекомендаций по реализации Единой модели",
                "instrumental": "Методическими рекомендациями по реализации Единой модели",
                "letter": "письмо Минпросвещения России от 14.08.2025 № ВЖ-1399/05",
                "letter_instrumental": "письмом Минпросвещения России от 14.08.2025 № ВЖ-1399/05",
            },
            "order_basis": "В соответствии со статьями 28 и 30 Федерального закона от 29.12.2012 "
            "№ 273-ФЗ, уставом МАОУ СОШ № 5 г. Томска, на основании решения педагогического "
            "совета (протокол от 27.08.2026 № 1)",
            "personal_data_law": "Федерального закона от 27.07.2006 № 152-ФЗ «О персональных "
            "данных»",
            "gost": "ГОСТ Р 7.0.97-2025",
            "gost_title": "ГОСТ Р 7.0.97-2025 «Организационно-распорядительная документация. "
            "Требования к оформлению документов»",
        },
        "profminimum": {
            "applies": True,
            "level": "базовый",
            "level_genitive": "базового",
            "level_prepositional": "базовом",
            "hours": 40,
            "hours_words": "40 часов",
            "grades": "6–11",
            "first_grade": 6,
            "last_grade": 11,
            "course": "«Россия — мои горизонты»",
            "course_hours_words": "34 часа",
            "introduced_by": "письмом Минпросвещения России от 01.06.2023 № АБ-2324/05",
        },
        "partners": {
            "enterprises": ["АО «Томская судоходная компания»"],
            "colleges": ["ОГБПОУ «Томский политехнический техникум»"],
            "universities": ["ТПУ"],
            "employment_centre": "ОГКУ «Центр занятости населения города Томска»",
            "others": [],
            "all": ["АО «Томская судоходная компания»", "ТПУ"],
            "numbered": [
                {"number": 1, "name": "АО «Томская судоходная компания»"},
                {"number": 2, "name": "ТПУ, центр занятости <Томск>"},
            ],
        },
        "plan": {
            "months": [
                {"name": m, "abbr": m[:3].lower(), "year": 2026 if i < 4 else 2027}
                for i, m in enumerate(months)
            ],
            "directions": directions,
            "last_event": directions[-1]["events"].pop(),
            "events_total": sum(len(d["events"]) for d in directions) + 1,
            "approver": director,
            "approval_date": date(28, 8, 2026),
            "hours_by_grade": [{"grade": g, "hours": 48} for g in range(6, 12)],
            "hours_line": "; ".join(f"{g} класс — 48" for g in range(6, 12)),
            "hours_minimum": 40,
            "notes": [
                "Функции, возложенные на работников: библиотекаря — А.О. Шевчук, учитель "
                "начальных классов (приказ от 28.08.2026 № 124-о)."
            ],
            "abbreviations": "Сокращения: зам. директора по УВР — заместитель директора по "
            "учебно-воспитательной работе.",
        },
        "journal": {
            "entries": [
                {
                    "number": str(i),
                    "date": "15.09.2026",
                    "person": f"К-{i:03d}",
                    "grade": "9А",
                    "category": "обучающийся",
                    "form": "индивидуальная",
                    "topic": "Выбор профиля обучения",
                    "result": "Рекомендована профпроба",
                }
                for i in range(1, 31)
            ],
            "blank_rows": [31, 32],
            "pseudonymized": True,
            "blank": False,
            "access": "координатор по профессиональной ориентации Е.А. Смирнова, заместитель "
            "директора по учебно-воспитательной работе А.В. Сидорова и директор С.И. Петров",
            "retention": "3 года",
        },
        "profminimum_order": {
            "number": "125-о",
            "date": "31 августа 2026 г.",
            "basis": "В соответствии со статьями 28 и 30 Федерального закона от 29.12.2012 "
            "№ 273-ФЗ «Об образовании в Российской Федерации», уставом школы, с учётом "
            "Методических рекомендаций (письмо Минпросвещения России от 14.08.2025 "
            "№ ВЖ-1399/05)",
            "responsible_accusative": "учителя технологии Е.А. Смирнову",
            "responsible_dative": "Е.А. Смирновой",
            "navigators": [
                {"text": "учителя технологии Е.А. Смирнову", "last": True, "blank": False}
            ],
            "course": [
                {
                    "text": f"в {g} классе — учителем технологии Е.А. Смирновой",
                    "last": g == 11,
                    "blank": False,
                }
                for g in range(6, 12)
            ],
            "bilet_v_budushchee": True,
            "plan_item": "Утвердить план-сетку работы по профессиональной ориентации "
            "обучающихся на 2026/2027 учебный год (приложение).",
            "rows": [
                {
                    "number": "1",
                    "name": "Смирнова Е.А.",
                    "position": "учитель технологии",
                    "roles": "",
                }
            ],
            "blank_rows": [],
            "hand_filled": False,
        },
        "work_log": RECORDS_WORK_LOG,
        "note": RECORDS_NOTE,
        "self_report": RECORDS_SELF_REPORT,
    }
    ctx.update(overrides)
    # Validate against the contract and hand docxtpl plain data.
    return DocumentContext.model_validate(ctx).model_dump()


def blank_journal_context() -> dict:
    journal = {**make_context()["journal"], "entries": [], "blank_rows": list(range(1, 13))}
    return make_context(journal={**journal, "pseudonymized": False, "blank": True})


def no_councils_context() -> dict:
    ctx = make_context()
    acts = copy.deepcopy(ctx["acts"])
    acts["student_council"] = None
    acts["parent_council"] = None
    return make_context(acts=acts)


def render(name: str, ctx: dict):
    env = jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    tpl = DocxTemplate(TEMPLATES / name)
    tpl.render(ctx, jinja_env=env)
    buffer = io.BytesIO()
    tpl.save(buffer)
    buffer.seek(0)
    return Document(buffer)


# --------------------------------------------------------------------------------------
# Helpers over python-docx objects
# --------------------------------------------------------------------------------------


def all_paragraphs(doc):
    """Body paragraphs, table-cell paragraphs (nested too) and header paragraphs."""
    body = doc.element.body
    from docx.text.paragraph import Paragraph

    paragraphs = [Paragraph(p, doc._body) for p in body.iter(qn("w:p"))]
    for section in doc.sections:
        for hdr in (section.header, section.first_page_header):
            if not hdr.is_linked_to_previous:
                paragraphs += hdr.paragraphs
    return paragraphs


def full_text(doc) -> str:
    """Every paragraph's text; no-break spaces read as spaces (typography has its own tests:
    tests/test_typography.py, and verification of every sample's documents)."""
    return "\n".join(p.text for p in all_paragraphs(doc)).replace("\u00a0", " ")


def numbering_lvl(doc, style_name: str):
    """(abstractNum, lvl) that a paragraph style's numPr points at."""
    style = doc.styles[style_name]
    numpr = style.element.pPr.numPr
    assert numpr is not None, f"{style_name}: в стиле нет нумерации (numPr)"
    ilvl = numpr.ilvl.val if numpr.ilvl is not None else 0
    num_id = numpr.numId.val
    numbering = doc.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if int(n.get(qn("w:numId"))) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
    lvl = next(lv for lv in abstract.findall(qn("w:lvl")) if int(lv.get(qn("w:ilvl"))) == ilvl)
    return abstract, lvl


def close(length, mm: float, tol: float = 0.2) -> bool:
    return abs(length / Mm(1) - mm) <= tol


# --------------------------------------------------------------------------------------
# Tests: files and page layout
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docs():
    return {name: Document(TEMPLATES / name) for name in NAMES}


def test_all_six_templates_exist():
    for name in NAMES:
        assert (TEMPLATES / name).is_file(), name


@pytest.mark.parametrize("name", NAMES)
def test_a4_and_gost_margins(docs, name):
    for section in docs[name].sections:
        short, long_ = sorted((section.page_width, section.page_height))
        assert close(short, 210) and close(long_, 297), name
        landscape = section.orientation == WD_ORIENT.LANDSCAPE
        assert landscape == (section.page_width > section.page_height), name
        assert close(section.left_margin, 30), name
        assert close(section.right_margin, 10), name
        assert close(section.top_margin, 20), name
        assert close(section.bottom_margin, 20), name


@pytest.mark.parametrize("name", NAMES)
def test_page_numbers_from_page_two(docs, name):
    section = docs[name].sections[0]
    assert section.different_first_page_header_footer, "нет titlePg"
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert "PAGE" not in first._element.xml
    header = section.header
    assert not header.is_linked_to_previous
    xml = header._element.xml
    instr = [t.text for t in header._element.iter(qn("w:instrText"))]
    simple = [f.get(qn("w:instr")) for f in header._element.iter(qn("w:fldSimple"))]
    assert any("PAGE" in (i or "") for i in instr + simple), xml
    paragraph = header.paragraphs[0]
    assert (paragraph.alignment or paragraph.style.paragraph_format.alignment) == 1  # CENTER


@pytest.mark.parametrize("name", ["05_plan_grid.docx", "06_consultation_journal.docx"])
def test_grid_and_journal_tables_on_landscape_pages(docs, name):
    doc = docs[name]
    assert any(s.orientation == WD_ORIENT.LANDSCAPE for s in doc.sections)
    # The big table's section is the next sectPr after it in document order.
    body = doc.element.body
    table = max(body.findall(qn("w:tbl")), key=lambda t: len(t.findall(qn("w:tr"))))
    sect = body.find(qn("w:sectPr"))
    for element in table.itersiblings():
        inner = element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if element.tag == qn("w:p") and inner is not None:
            sect = inner
            break
    pgsz = sect.find(qn("w:pgSz"))
    assert pgsz.get(qn("w:orient")) == "landscape"
    assert int(pgsz.get(qn("w:w"))) > int(pgsz.get(qn("w:h")))


@pytest.mark.parametrize(
    ("name", "first_header", "columns"),
    [("05_plan_grid.docx", "№\u00a0п/п", 17), ("06_consultation_journal.docx", "№\u00a0п/п", 9)],
)
def test_grid_header_rows_repeat(docs, name, first_header, columns):
    doc = docs[name]
    table = max(doc.tables, key=lambda t: len(t.rows))
    assert len(table.columns) == columns
    header = table.rows[0]
    assert header.cells[0].text == first_header
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.style.name == "Таблица с сеткой"
    # The grid fits the landscape text width (297 − 30 − 10 = 257 mm).
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    total = sum(int(g.get(qn("w:w"))) for g in grid) * 635
    assert total <= Mm(257.5)
    cell_style = doc.styles["Текст таблицы"]
    assert cell_style.font.size in (Pt(10), Pt(10.5), Pt(11))


def test_plan_month_columns(docs):
    """The standard abbreviations, small enough to fit the 0.86 cm month columns."""
    table = max(docs["05_plan_grid.docx"].tables, key=lambda t: len(t.rows))
    cells = table.rows[1].cells[3:13]
    months = [c.text for c in cells]
    assert months == ["сент.", "окт.", "нояб.", "дек.", "янв.", "февр.", "март", "апр.", "май",
                      "июнь"]  # fmt: skip
    for c in cells:
        assert {r.font.size for p in c.paragraphs for r in p.runs} == {Pt(7.5)}
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[0].cells][13:15] == ["Часы", "Ответственный"]


APPENDICES = {
    "01_work_regulation.docx": (
        "Приложение к Положению о работе по профессиональной ориентации обучающихся",
        "Направления работы субъектов сопровождения профессионального самоопределения обучающихся",
        ["Субъект сопровождения (исполнитель)", "Направления работы"],
    ),
    "02_coordinator_regulation.docx": (
        "Приложение к Положению о деятельности координатора по профессиональной ориентации",
        "Критерии и показатели результативности работы координатора по профессиональной ориентации",
        ["Критерии", "Показатели"],
    ),
}


@pytest.mark.parametrize("name", list(APPENDICES))
def test_appendix_on_new_portrait_page_with_repeated_header(docs, name):
    mark, title, columns = APPENDICES[name]
    doc = docs[name]
    paragraphs = doc.paragraphs
    i = next(i for i, p in enumerate(paragraphs) if p.text == mark)
    mark_paragraph = paragraphs[i]
    assert mark_paragraph.paragraph_format.page_break_before
    # The mark is a requisite block at the right edge, at most 8 cm wide.
    assert mark_paragraph.style.name == "Реквизит"
    assert Mm(170) - mark_paragraph.paragraph_format.left_indent <= Mm(80.5)
    assert paragraphs[i + 1].text == title
    assert paragraphs[i + 1].style.name == "Заголовок к тексту"
    # Same section as the regulation: portrait, ГОСТ margins (test_a4_and_gost_margins).
    assert len(doc.sections) == 1
    assert doc.sections[0].orientation == WD_ORIENT.PORTRAIT
    table = appendix_table(doc)
    assert table._tbl.getprevious() is paragraphs[i + 1]._p
    assert table.style.name == "Таблица с сеткой"
    header = table.rows[0]
    assert [c.text for c in header.cells] == columns
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None
               for r in table.rows[1:])  # fmt: skip
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    assert sum(int(g.get(qn("w:w"))) for g in grid) * 635 <= Mm(170.5)


def appendix_table(doc):
    """The appendix's table: the last but the familiarisation sheet's."""
    return doc.tables[-2]


def test_work_regulation_appendix_is_a_roles_loop(docs):
    """Roles, not people: the table names no holder (issue 10)."""
    table = appendix_table(docs["01_work_regulation.docx"])
    texts = [[c.text for c in row.cells] for row in table.rows]
    assert texts[1][0] == "{%tr for r in roles %}"
    assert texts[2] == [
        "{{ r.title|capitalize }}",
        "{%p for d in r.duties %}\n{{ d }}{{ ';' if not loop.last else '.' }}\n{%p endfor %}",
    ]
    assert texts[3][0] == "{%tr endfor %}"
    bullet = table.rows[2].cells[1].paragraphs[1]
    assert bullet.style.name == "Список маркированный в таблице"
    _, lvl = numbering_lvl(docs["01_work_regulation.docx"], "Список маркированный в таблице")
    assert lvl.find(qn("w:numFmt")).get(qn("w:val")) == "bullet"


def test_coordinator_regulation_appendix_lists_restart_in_every_cell(docs):
    doc = docs["02_coordinator_regulation.docx"]
    table = appendix_table(doc)
    criteria = [row.cells[0].text for row in table.rows[1:]]
    assert criteria == [
        "Организационный.",
        "Профориентационная диагностика.",
        "Профориентационное консультирование.",
        "Профориентационное информирование.",
        "Практико-ориентированный.",
    ]
    assert {row.cells[0].paragraphs[0].style.name for row in table.rows[1:]} == {
        "Критерий в таблице"
    }
    counts = [len(row.cells[1].paragraphs) for row in table.rows[1:]]
    assert counts == [3, 2, 2, 2, 5]
    numbering = doc.part.numbering_part.element
    nums = {int(n.get(qn("w:numId"))): n for n in numbering.findall(qn("w:num"))}
    seen = set()
    for row in table.rows[1:]:
        ids = {p._p.pPr.numPr.numId.val for p in row.cells[1].paragraphs}
        assert len(ids) == 1  # one list per cell …
        (num_id,) = ids
        start = nums[num_id].find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert start is not None and start.get(qn("w:val")) == "1"  # … starting at 1
        seen.add(num_id)
        for p in row.cells[1].paragraphs:
            assert not TYPED_NUMBER_RE.match(p.text), p.text
    assert len(seen) == 5


# --------------------------------------------------------------------------------------
# Tests: styles and numbering
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_normal_style_is_times_14_with_indent(docs, name):
    normal = docs[name].styles["Normal"]
    assert normal.font.size == Pt(14)
    rfonts = normal.element.rPr.rFonts
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert rfonts.get(qn(f"w:{attr}")) == "Times New Roman", attr
    fmt = normal.paragraph_format
    assert abs(fmt.first_line_indent - Cm(1.25)) < Mm(0.1)
    assert fmt.alignment == 3  # JUSTIFY
    assert fmt.space_after in (None, 0)
    assert fmt.line_spacing in (None, 1.0)


@pytest.mark.parametrize("name", REGULATIONS)
def test_clause_styles_use_multilevel_numbering(docs, name):
    doc = docs[name]
    abstracts = set()
    for style, ilvl_text in (("Heading 1", "%1."), ("Пункт", "%1.%2."), ("Подпункт", "%1.%2.%3.")):
        abstract, lvl = numbering_lvl(doc, style)
        assert abstract.find(qn("w:multiLevelType")).get(qn("w:val")) == "multilevel"
        assert lvl.find(qn("w:lvlText")).get(qn("w:val")) == ilvl_text, style
        assert lvl.find(qn("w:numFmt")).get(qn("w:val")) == "decimal"
        abstracts.add(abstract.get(qn("w:abstractNumId")))
    assert len(abstracts) == 1, "разделы и пункты должны быть одним многоуровневым списком"
    heading = doc.styles["Heading 1"]
    assert heading.font.bold and heading.paragraph_format.alignment == 1
    _, bullet = numbering_lvl(doc, "Список маркированный")
    assert bullet.find(qn("w:numFmt")).get(qn("w:val")) == "bullet"
    used = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Пункт", "Список маркированный"} <= used


def test_order_items_numbered_by_style(docs):
    doc = docs["04_appointment_order.docx"]
    _, lvl = numbering_lvl(doc, "Пункт приказа")
    assert lvl.find(qn("w:lvlText")).get(qn("w:val")) == "%1."
    _, lvl = numbering_lvl(doc, "Подпункт приказа")
    assert lvl.find(qn("w:lvlText")).get(qn("w:val")) == "%1.%2."
    items = [p for p in doc.paragraphs if p.style.name == "Пункт приказа"]
    # appoint, approve, supervise, assign functions (optional), outsource (per organisation),
    # records, familiarise, control: the optional ones close up when not printed (D4)
    assert len(items) == 8


@pytest.mark.parametrize("name", [*REGULATIONS, "04_appointment_order.docx"])
def test_no_typed_clause_numbers(docs, name):
    for paragraph in docs[name].paragraphs:
        assert not TYPED_NUMBER_RE.match(paragraph.text), paragraph.text
        assert "·" not in paragraph.text[:3], paragraph.text


@pytest.mark.parametrize("name", REGULATIONS)
def test_requisite_blocks_fit_8_cm(docs, name):
    doc = docs[name]
    stamp = doc.tables[0]
    assert stamp.style.name == "Таблица без границ"
    text = [c.text for c in stamp.rows[0].cells]
    # the adoption mark agrees with the document: «ПРИНЯТЫ» above «обязанности»
    assert text[0].startswith("ПРИНЯТЫ" if name.startswith("03") else "ПРИНЯТО")
    assert text[1] == ""  # the 1 cm gap between two 8 cm blocks (ГОСТ Р 7.0.97-2025)
    participle = "УТВЕРЖДЕНЫ" if name.startswith("03") else "УТВЕРЖДЕНО"
    assert f"\n{participle}\n" in text[2]
    assert text[2].startswith(f"Приложение {name[1]}")
    for cell in stamp.rows[0].cells:
        width = cell.width
        mar = cell._tc.tcPr.find(qn("w:tcMar"))
        if mar is not None:
            for side in mar:
                width -= int(side.get(qn("w:w"))) * 635
        assert width <= Mm(80.5)


# --------------------------------------------------------------------------------------
# Tests: docxtpl tag hygiene
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_tag_sits_in_one_run(docs, name):
    for paragraph in all_paragraphs(docs[name]):
        whole = TAG_RE.findall(paragraph.text)
        in_runs = [tag for run in paragraph.runs for tag in TAG_RE.findall(run.text)]
        assert whole == in_runs, f"тег разбит на несколько фрагментов: {paragraph.text!r}"
        assert paragraph.text.count("{") == paragraph.text.count("}"), paragraph.text


@pytest.mark.parametrize("name", NAMES)
def test_paragraph_and_row_tags_stand_alone(docs, name):
    doc = docs[name]
    for paragraph in all_paragraphs(doc):
        if "{%p" in paragraph.text:
            assert re.fullmatch(r"\{%p [^%]+%\}", paragraph.text.strip()), paragraph.text
        assert "{% tr" not in paragraph.text and "{% p " not in paragraph.text
    for tr in doc.element.body.iter(qn("w:tr")):
        text = "".join(t.text or "" for t in tr.iter(qn("w:t")))
        if "{%tr" in text:
            assert re.fullmatch(r"\{%tr [^%]+%\}", text.strip()), text
    for tag in ("w:ins", "w:del", "w:commentReference"):
        assert not list(doc.element.body.iter(qn(tag))), f"{tag}: рецензирование в шаблоне"


# --------------------------------------------------------------------------------------
# Tests: rendering with a contract context
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("variant", ["full", "no_councils", "blank_journal"])
def test_renders_with_strict_sandbox(name, variant):
    ctx = {
        "full": make_context,
        "no_councils": no_councils_context,
        "blank_journal": blank_journal_context,
    }[variant]()
    doc = render(name, ctx)
    text = full_text(doc)
    assert "{{" not in text and "{%" not in text and "}}" not in text
    # Autoescape keeps markup-like data intact instead of truncating the document.
    if name == "05_plan_grid.docx":
        assert "центр занятости <Томск>" in text
        assert "«Мир профессий» & встреча" in text


def test_rendered_work_regulation_has_sections_and_roles():
    doc = render("01_work_regulation.docx", make_context())
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == WORK_HEADINGS
    role_lines = [
        p.text.replace("\u00a0", " ")
        for p in doc.paragraphs
        if p.style.name == "Список маркированный"
    ]
    for _, title, functions in ROLES:
        assert f"{title} — {functions};" in role_lines or f"{title} — {functions}." in role_lines
    text = full_text(doc)
    before_sheet = text.split("ЛИСТ ОЗНАКОМЛЕНИЯ")[0]
    assert "Смирнова" not in before_sheet and "Сидорова" not in before_sheet
    assert "профориен тационного" not in text and "саморелизации" not in text
    assert "1032-1" not in text
    assert "Федеральным законом от 12.12.2023 № 565-ФЗ" in text
    assert "не менее 40 часов" in text
    assert "(далее — МАОУ СОШ № 5 г. Томска)" in text


def test_rendered_work_regulation_appendix():
    doc = render("01_work_regulation.docx", make_context())
    text = full_text(doc)
    assert (
        "Направления работы каждого субъекта приведены в приложении к настоящему Положению "
        "и включаются в должностные инструкции работников." in text
    )
    table = appendix_table(doc)
    rows = table.rows[1:]
    assert len(rows) == len(ROLES)
    for row, (_, title, functions) in zip(rows, ROLES, strict=True):
        who, duties = row.cells
        names = [p.text for p in who.paragraphs]
        assert names == [title[0].upper() + title[1:]]  # the role, no one's name
        items = [(p.text, p.style.name) for p in duties.paragraphs]
        assert items == [
            (f"{functions};", "Список маркированный в таблице"),
            ("участие в профориентационных мероприятиях.", "Список маркированный в таблице"),
        ]


def test_rendered_coordinator_regulation_appendix():
    doc = render("02_coordinator_regulation.docx", make_context())
    text = full_text(doc)
    # ё throughout the printed text, as the names already have it (Ёлкина, Фёдорова)
    assert "приведённым в приложении к настоящему Положению" in text
    assert "администрацией МАОУ СОШ № 5 г. Томска для выплат стимулирующего характера" in text
    assert "Количество проведённых мастер-классов." in text
    assert "Наличие в МАОУ СОШ № 5 г. Томска среднесрочной профориентационной программы" in text


def test_rendered_councils_are_optional():
    with_councils = full_text(render("02_coordinator_regulation.docx", make_context()))
    assert with_councils.count("УЧТЕНО МНЕНИЕ") == 2
    assert "протокол от 25.08.2026 № 2" in with_councils
    without = full_text(render("02_coordinator_regulation.docx", no_councils_context()))
    assert "УЧТЕНО МНЕНИЕ" not in without
    assert "ПРИНЯТО" in without


@pytest.mark.parametrize(
    ("name", "subject"),
    [
        ("01_work_regulation.docx", "с Положением о работе по профессиональной ориентации "
         "обучающихся, утверждённым приказом директора МАОУ СОШ № 5 г. Томска от 28.08.2026 "
         "№ 124-о"),
        ("02_coordinator_regulation.docx", "с Положением о деятельности координатора по "
         "профессиональной ориентации, утверждённым"),
        ("03_coordinator_duties.docx", "с функциональными обязанностями координатора по "
         "профессиональной ориентации, утверждёнными"),
    ],
)  # fmt: skip
def test_rendered_acts_end_with_a_familiarisation_sheet(name, subject):
    """ТК РФ ст. 22, 68: everyone the act gives duties to signs that they have read it."""
    doc = render(name, make_context())
    text = full_text(doc)
    assert "ЛИСТ ОЗНАКОМЛЕНИЯ" in text and subject in text
    title = next(p for p in doc.paragraphs if p.text == "ЛИСТ ОЗНАКОМЛЕНИЯ")
    assert title.paragraph_format.page_break_before
    sheet = doc.tables[-1]
    rows = [[c.text for c in r.cells] for r in sheet.rows]
    assert [c.replace("\u00ad", "") for c in rows[0][-2:]] == ["Дата ознакомления", "Подпись"]
    assert [r[1] for r in rows[1:4]] == ["Сидорова А.В.", "Кузнецова О.П.", "Смирнова Е.А."]
    assert [r[0] for r in rows[4:]] == ["4", "5", "6"]  # blank rows for staff who join later
    for r in sheet.rows[1:]:
        assert r._tr.trPr.find(qn("w:cantSplit")) is not None
    assert "С функциональными обязанностями ознакомлена:" not in text


def test_rendered_order():
    doc = render("04_appointment_order.docx", make_context())
    text = full_text(doc)
    assert "ПРИКАЗЫВАЮ:" in text
    assert "Назначить Смирнову Елену Александровну, учителя технологии," in text
    assert "с 1 сентября 2026 г." in text
    assert (
        "Возложить непосредственное руководство и контроль за деятельностью координатора по "
        "профессиональной ориентации на заместителя директора по учебно-воспитательной работе "
        "А.В. Сидорову." in text
    )
    assert "библиотекаря — на учителя начальных классов А.О. Шевчук." in text
    assert (
        "Организовать выполнение функций педагога-психолога (психологическая диагностика и "
        "психологическое консультирование обучающихся) специалистами МБУ «Асиновский "
        "ППМС-центр» в соответствии с соглашением о сетевом взаимодействии от 01.09.2026 № 7."
        in text
    )
    assert (
        "Заместителю директора по учебно-воспитательной работе А.В. Сидоровой ознакомить "
        "работников, указанных в листах ознакомления, с приложениями 1–3" in text
    )
    assert "Положением о работе" not in text.split("ПРИКАЗЫВАЮ")[0]
    assert "Смирнова Е.А." in text and "Сидорова А.В." in text
    assert "С.И. Петров" in text


def test_rendered_plan_rows():
    ctx = make_context()
    doc = render("05_plan_grid.docx", ctx)
    table = max(doc.tables, key=lambda t: len(t.rows))
    directions = ctx["plan"]["directions"]
    # the last event stands in the closing row, with the notes and the signature
    assert len(table.rows) == 2 + sum(1 + len(d["events"]) for d in directions) + 1
    assert table.rows[2].cells[0].text == "1. Направление 1"
    event = table.rows[3]
    assert event.cells[0].text == "1.1"
    marks = [c.text for c in event.cells[3:13]]
    assert marks == directions[0]["events"][0]["marks"]
    closing = table.rows[-1]
    assert closing._tr.trPr.find(qn("w:cantSplit")) is not None
    inner = closing.cells[0].tables
    assert inner[0].rows[0].cells[0].text == ctx["plan"]["last_event"]["number"]
    assert "Координатор по профессиональной ориентации" in inner[1].rows[0].cells[0].text
    text = full_text(doc)
    assert "Директор МАОУ СОШ № 5 г. Томска" in text
    assert "Сокращения: зам. директора по УВР" in text
    assert "Социальные партнёры: 1 — АО «Томская судоходная компания»; 2 — ТПУ" in text


def test_rendered_blank_journal_rows_can_be_filled_by_hand():
    doc = render("06_consultation_journal.docx", blank_journal_context())
    table = max(doc.tables, key=lambda t: len(t.rows))
    assert len(table.rows) == 1 + 12
    for row in table.rows[1:]:
        height = row._tr.trPr.find(qn("w:trHeight"))
        # two handwritten lines in the «Рекомендации» column need 1.5 cm
        assert int(height.get(qn("w:val"))) * 635 >= Cm(1.49)
        assert height.get(qn("w:hRule")) == "atLeast"
    assert [r.cells[0].text for r in table.rows[1:4]] == ["1", "2", "3"]
    assert "Подпись консультируемого (за группу — классного руководителя)" in (
        table.rows[0].cells[-1].text.replace("\u00ad", "").replace("\u00a0", " ")
    )
    text = full_text(doc)
    assert "152-ФЗ" in text and "конфиденциальности" in text
    assert "заменены кодами" not in text
