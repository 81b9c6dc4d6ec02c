"""verify_document / verify_package on documents rendered from the real templates.

The context is built here by hand (plausible values for a Tomsk school), so these tests
depend only on the templates and generator.context_model, not on the profile loader.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import random
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from generator.context_model import (
    AcquaintanceCtx,
    AcquaintanceRowCtx,
    ActsCtx,
    AuthorityCtx,
    CareerWeekCtx,
    DateCtx,
    DirectionCtx,
    DocumentContext,
    EventCtx,
    Forms,
    GovernanceCtx,
    GradeHoursCtx,
    GradesCtx,
    JournalCtx,
    JournalRowCtx,
    LegalCtx,
    ListItemCtx,
    MonthCtx,
    NoteCtx,
    OrderCtx,
    PartnerCtx,
    PartnersCtx,
    PersonCtx,
    PlanCtx,
    ProfminimumCtx,
    ProfminimumOrderCtx,
    ProtocolCtx,
    RecommendationsCtx,
    RegionCtx,
    RoleCtx,
    SchoolCtx,
    SelfReportCtx,
    WorkLogCtx,
    YearCtx,
)
from generator.documents import BY_ID, DOCUMENTS
from generator.docx import read
from generator.docx.parts import W_NS, W
from generator.rules import legal
from generator.russian.dates import MONTHS_ABBR
from generator.russian.typography import typeset, typeset_tree
from generator.verify import PackageFacts, verify_document, verify_package
from generator.verify import document as vdoc
from generator.verify import names as vnames
from generator.verify import package as vpkg
from tests.test_templates_layout import RECORDS_NOTE, RECORDS_SELF_REPORT, RECORDS_WORK_LOG

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = Path(os.environ.get("PROFDOCS_TEMPLATE_DIR", ROOT / "templates" / "docx"))

pytestmark = pytest.mark.skipif(
    not all((TEMPLATE_DIR / d.template).is_file() for d in DOCUMENTS),
    reason=f"шаблонов нет в {TEMPLATE_DIR}",
)

_MONTHS_GEN = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"


def forms(n: str, g: str, d: str, a: str, i: str, p: str) -> Forms:
    return Forms(nominative=n, genitive=g, dative=d, accusative=a, instrumental=i, prepositional=p)


def date(day: int, month: int, year: int) -> DateCtx:
    name = _MONTHS_GEN.split()[month - 1]
    return DateCtx(
        numeric=f"{day:02d}.{month:02d}.{year}",
        words=f"{day} {name} {year}\u00a0г.",
        iso=f"{year}-{month:02d}-{day:02d}",
    )


def person(name: Forms, short: Forms, surname_first: str, position: Forms) -> PersonCtx:
    return PersonCtx(
        name=name,
        short=short,
        surname_first=surname_first,
        position=position,
        gender="female",
        acquainted="ознакомлена",
    )


def coordinator(surname: tuple[str, str, str] = ("Иванова", "Ивановой", "Иванову")) -> PersonCtx:
    nom, obl, acc = surname
    return person(
        forms(
            f"{nom} Мария Петровна",
            f"{obl} Марии Петровны",
            f"{obl} Марии Петровне",
            f"{acc} Марию Петровну",
            f"{obl} Марией Петровной",
            f"{obl} Марии Петровне",
        ),
        forms(
            f"М.П. {nom}", f"М.П. {obl}", f"М.П. {obl}", f"М.П. {acc}", f"М.П. {obl}", f"М.П. {obl}"
        ),
        f"{nom} М.П.",
        forms(
            "учитель математики",
            "учителя математики",
            "учителю математики",
            "учителя математики",
            "учителем математики",
            "учителе математики",
        ),
    )


DEPUTY_UVR = person(
    forms(
        "Петрова Светлана Сергеевна",
        "Петровой Светланы Сергеевны",
        "Петровой Светлане Сергеевне",
        "Петрову Светлану Сергеевну",
        "Петровой Светланой Сергеевной",
        "Петровой Светлане Сергеевне",
    ),
    forms(
        "С.С. Петрова",
        "С.С. Петровой",
        "С.С. Петровой",
        "С.С. Петрову",
        "С.С. Петровой",
        "С.С. Петровой",
    ),
    "Петрова С.С.",
    forms(
        "заместитель директора по учебно-воспитательной работе",
        "заместителя директора по учебно-воспитательной работе",
        "заместителю директора по учебно-воспитательной работе",
        "заместителя директора по учебно-воспитательной работе",
        "заместителем директора по учебно-воспитательной работе",
        "заместителе директора по учебно-воспитательной работе",
    ),
)
DEPUTY_VR = person(
    forms(*["Козлова Дарья Андреевна"] * 6),
    forms(*["Д.А. Козлова"] * 6),
    "Козлова Д.А.",
    forms(*["заместитель директора по воспитательной работе"] * 6),
)
DIRECTOR = PersonCtx(
    name=forms(*["Смирнов Игорь Олегович"] * 6),
    short=forms(*["И.О. Смирнов"] * 6),
    surname_first="Смирнов И.О.",
    position=forms(*["директор"] * 6),
    gender="male",
    acquainted="ознакомлен",
)

# (key, title, the start of its п. 7.1 functions: enough for the rendered checks)
ROLES = [
    ("director", "директор",
     "организационная, контролирующая функции, а также информирование департамента "
     "образования администрации Города Томска об устройстве выпускников 9-х классов"),
    ("deputy_vr", "заместитель директора по воспитательной работе",
     "организационная, контролирующая функции"),
    ("deputy_uvr", "заместитель директора по учебно-воспитательной работе",
     "непосредственное руководство и контроль за деятельностью координатора, организация "
     "участия одарённых детей в предметных олимпиадах разных уровней"),
    ("coordinator", "координатор по профессиональной ориентации",
     "координация деятельности классных руководителей и других педагогических работников"),
    ("class_teacher", "классный руководитель",
     "формирование культуры профессионального самоопределения обучающихся"),
    ("subject_teacher", "учителя-предметники",
     "обеспечение профориентационной направленности учебных программ"),
    ("psychologist", "педагог-психолог",
     "оказание индивидуальной психологической поддержки обучающимся"),
    ("social_pedagogue", "социальный педагог",
     "защита прав и социальных гарантий обучающихся в сфере профориентации"),
    ("librarian", "библиотекарь",
     "профессиональное просвещение и профессиональное консультирование обучающихся"),
    ("medical_worker", "медицинский работник",
     "профессиональное консультирование и помощь в подборе профессий"),
    ("additional_education_teacher", "педагог дополнительного образования",
     "обеспечение профориентационной направленности дополнительных программ"),
]  # fmt: skip

DIRECTIONS = [
    "Организационное",
    "Профориентационная диагностика",
    "Профориентационное консультирование",
    "Профориентационное информирование",
    "Практико-ориентированное",
    "Системное проведение мониторинга профессионального самоопределения обучающихся",
    "Повышение квалификации педагогических работников по вопросам профориентации обучающихся",
]
PLAN_MONTHS = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]


def event(number: str, title: str, months: list[int]) -> EventCtx:
    """An event as the context stage makes it: typeset (a no-break space in «М.П. Иванова»)."""
    return EventCtx(
        number=number,
        title=title,
        activity="Организация и проведение профориентационных мероприятий",
        classes="6–11",
        when=", ".join(str(m) for m in months),
        marks=["•" if m in months else "" for m in PLAN_MONTHS],
        hours="2",
        responsible="координатор М.П.\u00a0Иванова",
        partners="1",
    )


def make_context(**changes: Any) -> DocumentContext:
    """A plausible context for «МАОУ СОШ № 5 г. Томска»; keyword args replace fields."""
    order = OrderCtx(
        number="124-о",
        date=date(28, 8, 2026),
        effective_date=date(1, 9, 2026),
        supervisor_accusative="на заместителя директора по учебно-воспитательной работе "
        "С.С. Петрову",
        assignments=[],
        outsourcings=[],
        assignment_item=None,
        familiarise_by="Заместителю директора по учебно-воспитательной работе С.С. Петровой",
    )
    school_full = "муниципальное автономное общеобразовательное учреждение средняя общеобразовательная школа № 5 г. Томска"  # noqa: E501
    acts = ActsCtx(
        order=order,
        pedagogical_council=ProtocolCtx(number="1", date=date(27, 8, 2026)),
        student_council=ProtocolCtx(number="2", date=date(26, 8, 2026)),
        parent_council=None,
        approval="приказом директора МАОУ СОШ № 5 от 28.08.2026 № 124-о",
    )
    law = "Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»"
    events = {
        0: [event("1.1", "Назначение координатора и утверждение плана", [9])],
        1: [event("2.1", "Диагностика профессиональных склонностей", [10, 4])],
        2: [event("3.1", "Индивидуальные консультации обучающихся и родителей", PLAN_MONTHS)],
        3: [
            event("4.1", "Единая неделя профориентации", [9]),
            event("4.2", "Единая неделя профориентации", [3]),
        ],
        4: [event("5.1", "Экскурсии на предприятия", [10])],
        5: [event("6.1", "Мониторинг профессионального самоопределения", [5])],
        6: [],
    }
    last = event("7.1", "Семинар для педагогов по профминимуму", [11])
    supervisor_role = forms(*DEPUTY_UVR.position.model_dump().values())

    def row(n: int, p: PersonCtx, roles: str) -> AcquaintanceRowCtx:
        return AcquaintanceRowCtx(
            number=str(n), name=p.surname_first, position=p.position.nominative, roles=roles
        )

    values: dict[str, Any] = dict(
        school=SchoolCtx(
            full_name=school_full,
            short_name="МАОУ СОШ № 5",
            name_with_short=f"{school_full} (МАОУ СОШ № 5)",
            full_name_forms=forms(*[school_full] * 6),
            locality="г. Томск",
            municipality="Город Томск",
            address="634000, г. Томск, ул. Ленина, 1",
            grades=GradesCtx(
                label="1–11",
                first=1,
                last=11,
                top=11,
                has_primary=True,
                has_basic=True,
                has_senior=True,
                levels_phrase="на уровнях начального общего, основного общего и среднего "
                "общего образования",
            ),
            education_authority=AuthorityCtx(
                nominative="департамент образования администрации Города Томска",
                genitive="департамента образования администрации Города Томска",
                dative="департаменту образования администрации Города Томска",
            ),
        ),
        region=RegionCtx(
            name=forms(
                "Томская область",
                "Томской области",
                "Томской области",
                "Томскую область",
                "Томской областью",
                "Томской области",
            ),
            institute_full="Томский областной институт повышения квалификации и переподготовки работников образования",  # noqa: E501
            institute_short="ТОИПКРО",
            education_authority="Департамент общего образования Томской области",
            career_weeks=[
                CareerWeekCtx(
                    title="Единая неделя профориентации",
                    month=9,
                    month_name="сентябрь",
                    when="в сентябре",
                ),
                CareerWeekCtx(
                    title="Единая неделя профориентации", month=3, month_name="март", when="в марте"
                ),
            ],
        ),
        year=YearCtx(
            label="2026/2027",
            start=2026,
            end=2027,
            first_day=date(1, 9, 2026),
            last_day=date(31, 8, 2027),
        ),
        director=DIRECTOR,
        coordinator=coordinator(),
        governance=GovernanceCtx(
            supervisor_key="deputy_uvr",
            supervisor=DEPUTY_UVR,
            supervisor_role=supervisor_role,
            plan_approver=DIRECTOR,
            plan_approver_role=DIRECTOR.position,
            plan_approver_is_director=True,
            plan_approver_post_line="Директор МАОУ СОШ № 5",
        ),
        roles=[RoleCtx(key=k, title=t, functions=f, duties=["участие"]) for k, t, f in ROLES],
        acts=acts,
        legal=LegalCtx(
            guarantees=f"Конституцией Российской Федерации, {law}",
            guided_by=f"Конституцией Российской Федерации, {law}",
            recommendations=RecommendationsCtx(
                title="Методические рекомендации по реализации Единой модели профессиональной "
                "ориентации",
                genitive="Методических рекомендаций по реализации Единой модели "
                "профессиональной ориентации",
                instrumental="Методическими рекомендациями по реализации Единой модели "
                "профессиональной ориентации",
                letter="письмо Минпросвещения России от 14.08.2025 № ВЖ-1399/05",
                letter_instrumental="письмом Минпросвещения России от 14.08.2025 № ВЖ-1399/05",
            ),
            order_basis="В соответствии со статьями 28 и 30 Федерального закона от 29.12.2012 "
            "№ 273-ФЗ «Об образовании в Российской Федерации», уставом МАОУ СОШ № 5, на "
            "основании решения педагогического совета (протокол от 27.08.2026 № 1)",
            personal_data_law="Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»",
            gost="ГОСТ Р 7.0.97-2025",
            gost_title="ГОСТ Р 7.0.97-2025 «Организационно-распорядительная документация»",
        ),
        profminimum=ProfminimumCtx(
            applies=True,
            level="базовый",
            level_genitive="базового",
            level_prepositional="базовом",
            hours=40,
            hours_words="40 часов",
            grades="6–11",
            first_grade=6,
            last_grade=11,
            course="«Россия — мои горизонты»",
            course_hours_words="34 часа",
            introduced_by="письмом Минпросвещения России от 01.06.2023 № АБ-2324/05",
        ),
        partners=PartnersCtx(
            enterprises=[],
            colleges=[],
            universities=[],
            employment_centre="ОГКУ «Центр занятости населения города Томска»",
            others=[],
            all=["ОГКУ «Центр занятости населения города Томска»"],
            numbered=[PartnerCtx(number=1, name="ОГКУ «Центр занятости населения города Томска»")],
        ),
        plan=PlanCtx(
            months=[
                MonthCtx(name=str(m), abbr=MONTHS_ABBR[m], year=2026 if m >= 9 else 2027)
                for m in PLAN_MONTHS
            ],
            directions=[
                DirectionCtx(number=i + 1, title=t, events=events[i])
                for i, t in enumerate(DIRECTIONS)
            ],
            last_event=last,
            events_total=8,
            approver=DIRECTOR,
            approval_date=date(28, 8, 2026),
            hours_by_grade=[GradeHoursCtx(grade=g, hours=40) for g in range(6, 12)],
            hours_line="; ".join(f"{g} класс — 40" for g in range(6, 12)),
            hours_minimum=40,
            notes=[],
            abbreviations="",
        ),
        work_log=WorkLogCtx.model_validate(RECORDS_WORK_LOG),
        note=NoteCtx.model_validate(RECORDS_NOTE),
        journal=JournalCtx(
            entries=[
                JournalRowCtx(
                    number="1",
                    date="15.09.2026",
                    person="О-001",
                    grade="9",
                    category="обучающийся",
                    form="индивидуальная",
                    topic="Выбор профиля",
                    result="Рекомендован профиль",
                ),
            ],
            blank_rows=[2, 3, 4],
            pseudonymized=True,
            blank=False,
            access="координатор по профессиональной ориентации М.П. Иванова, заместитель "
            "директора по учебно-воспитательной работе С.С. Петрова и директор И.О. Смирнов",
            retention="3 года",
        ),
    )
    values.update(changes)
    who = values["coordinator"]
    values.setdefault(
        "acquaintance",
        AcquaintanceCtx(
            rows=[
                row(1, DEPUTY_UVR, "заместитель директора по учебно-воспитательной работе"),
                row(2, DEPUTY_VR, "заместитель директора по воспитательной работе"),
                row(3, who, "координатор по профессиональной ориентации"),
            ],
            blank_rows=[4, 5],
            order_rows=[
                row(1, who, "координатор по профессиональной ориентации"),
                row(2, DEPUTY_UVR, "заместитель директора по учебно-воспитательной работе"),
            ],
        ),
    )
    values.setdefault(
        "profminimum_order",
        ProfminimumOrderCtx(
            number="125-о",
            date="28 августа 2026 г.",
            basis="В соответствии со статьями 28 и 30 Федерального закона от 29.12.2012 "
            "№ 273-ФЗ «Об образовании в Российской Федерации», уставом МАОУ СОШ № 5 г. Томска, "
            "с учётом Методических рекомендаций (письмо Минпросвещения России от 14.08.2025 "
            "№ ВЖ-1399/05), в целях реализации Единой модели, введённой письмом "
            "Минпросвещения России от 01.06.2023 № АБ-2324/05",
            responsible_accusative=f"{who.position.accusative} {who.short.accusative}",
            responsible_dative=who.short.dative,
            navigators=[
                ListItemCtx(
                    text=f"{who.position.accusative} {who.short.accusative}", last=True, blank=False
                )
            ],
            course=[
                ListItemCtx(
                    text=f"в {g} классе — {who.position.instrumental} {who.short.instrumental}",
                    last=g == 11,
                    blank=False,
                )
                for g in range(6, 12)
            ],
            bilet_v_budushchee=False,
            plan_item="Утвердить план-сетку работы по профессиональной ориентации "
            "обучающихся на 2026/2027 учебный год (приложение).",
            rows=[row(1, who, "")],
            blank_rows=[],
            hand_filled=False,
        ),
    )
    values.setdefault(
        "work_log",
        WorkLogCtx.model_validate(
            {
                "entries": [
                    {
                        "number": 1,
                        "date": "12.10.2026",
                        "title": "Профессиональная проба (п. 5.1 плана)",
                        "participants": "8–9 кл.; 12 чел.",
                        "form": "профессиональная проба",
                        "responsible": "М.П. Иванова",
                        "partner": "—",
                        "result": "Проведена",
                    }
                ],
                "blank_rows": [2, 3],
            }
        ),
    )
    values.setdefault(
        "note",
        NoteCtx.model_validate(
            {
                "criteria": [
                    {
                        "number": 1,
                        "title": "Организационный",
                        "lines": [
                            {
                                "title": "Назначение координатора по профессиональной ориентации",
                                "value": "да",
                                "counting": "назначен, если в roles указан координатор",
                            }
                        ],
                    }
                ],
                "hours": [
                    {
                        "grade": 9,
                        "planned": "78",
                        "delivered": "64",
                        "minimum": "60",
                        "verdict": "выполнен",
                        "line": "9 класс — по плану 78, проведено 64, минимум выполнен",
                    }
                ],
                "hours_applies": True,
                "level": "основной",
                "level_genitive": "основного",
                "hours_intro": "Уровень модели — основной: не менее 60 часов в год.",
                "comparison": [],
                "missing": [],
            }
        ),
    )
    values.setdefault("self_report", SelfReportCtx.model_validate(RECORDS_SELF_REPORT))
    journal = values["journal"]
    values["journal"] = journal.model_copy(
        update={"access": journal.access.replace("М.П. Иванова", who.short.nominative)}
    )
    # The context stage typesets every value (quotes, no-break spaces): so does this one.
    return DocumentContext.model_validate(typeset_tree(DocumentContext(**values).model_dump()))


def render(doc_id: str, ctx: DocumentContext) -> bytes:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(TEMPLATE_DIR / BY_ID[doc_id].template)
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    tpl.render(ctx.model_dump(), jinja_env=env)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


@cache
def package() -> dict[str, bytes]:
    ctx = make_context()
    return {d.id: render(d.id, ctx) for d in DOCUMENTS}


def facts(**changes: Any) -> PackageFacts:
    base = PackageFacts.from_context(make_context())
    values = {f: getattr(base, f) for f in base.__dataclass_fields__}
    values.update(changes)
    return PackageFacts(**values)


def file_of(doc_id: str) -> str:
    return BY_ID[doc_id].output_stem + ".docx"


def errors(findings: list) -> list:
    return [f for f in findings if f.severity == "error"]


def replace_in_body(
    data: bytes, old: str, new: str, count: int = -1, part: str = "word/document.xml"
) -> bytes:
    """The document with text in word/document.xml (or `part`) replaced (a broken render)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == part:
                text = blob.decode("utf-8")
                assert old in text, old
                blob = text.replace(old, new, count).encode("utf-8")
            z.writestr(info, blob)
    return out.getvalue()


def drop_paragraphs(data: bytes, containing: str) -> bytes:
    from lxml import etree

    from generator.docx.parts import W_P, W_T

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(blob)
                hits = [
                    p
                    for p in root.iter(W_P)
                    if containing in "".join(t.text or "" for t in p.iter(W_T))
                ]
                assert hits, containing
                for p in hits:
                    p.getparent().remove(p)
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            z.writestr(info, blob)
    return out.getvalue()


# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", [d.id for d in DOCUMENTS])
def test_rendered_document_passes(doc_id: str) -> None:
    f = facts()
    findings = verify_document(doc_id, package()[doc_id], file_of(doc_id), f)
    assert findings == []


def test_package_passes() -> None:
    assert verify_package(package(), facts()) == []


def test_leftover_tag_fails() -> None:
    data = replace_in_body(
        package()["coordinator_regulation"], "Принцип лояльности", "{{ x }} Принцип лояльности", 1
    )
    findings = verify_document("coordinator_regulation", data, "02.docx")
    assert any("остался тег шаблона" in f.message and "{{ x }}" in f.snippet for f in findings)
    assert errors(findings)


def test_missing_section_fails() -> None:
    data = drop_paragraphs(
        package()["coordinator_regulation"], "Принципы деятельности координатора"
    )
    findings = verify_document("coordinator_regulation", data, "02.docx")
    missing = [f for f in findings if f.requirement == "A2.section.principles"]
    assert missing and missing[0].severity == "error"
    assert "Принципы деятельности координатора" in missing[0].message


def test_missing_principle_fails() -> None:
    data = drop_paragraphs(package()["coordinator_regulation"], "Принцип конфиденциальности")
    findings = verify_document("coordinator_regulation", data, "02.docx")
    assert [f.requirement for f in errors(findings)] == ["A2.principle.confidentiality"]


def test_empty_order_number_in_stamp_fails() -> None:
    ctx = make_context()
    acts = ctx.acts.model_copy(update={"order": ctx.acts.order.model_copy(update={"number": ""})})
    data = render("coordinator_duties", ctx.model_copy(update={"acts": acts}))
    findings = verify_document("coordinator_duties", data, "03.docx")
    assert any("Незаполненный реквизит" in f.message for f in errors(findings))


def test_signature_without_name_fails() -> None:
    ctx = make_context()
    director = DIRECTOR.model_copy(update={"short": forms(*[""] * 6)})
    data = render("appointment_order", ctx.model_copy(update={"director": director}))
    findings = verify_document("appointment_order", data, "04.docx")
    assert "REQ.signature.director" in {f.requirement for f in errors(findings)}


def test_march_week_missing_fails() -> None:
    ctx = make_context()
    directions = list(ctx.plan.directions)
    informing = directions[3]
    directions[3] = informing.model_copy(update={"events": informing.events[:1]})
    plan = ctx.plan.model_copy(update={"directions": directions})
    data = render("plan_grid", ctx.model_copy(update={"plan": plan}))
    findings = verify_document("plan_grid", data, "05.docx")
    assert {f.requirement for f in errors(findings)} == {"PLAN.week.march"}


@pytest.mark.parametrize(
    ("september", "march", "missing"),
    [([9], [3], set()), ([10], [3], {"PLAN.week.september"}), ([9, 3], [4], set()),
     ([10], [4], {"PLAN.week.september", "PLAN.week.march"}), ([3], [9], set())],
)  # fmt: skip
def test_week_needs_a_mark_in_its_month_column(
    september: list[int], march: list[int], missing: set[str]
) -> None:
    """Each Tomsk week needs a row whose own mark stands under its month, in any such row."""
    ctx = make_context()
    directions = list(ctx.plan.directions)
    weeks = [event("4.1", "Единая неделя профориентации", september),
             event("4.2", "Единая неделя профориентации", march)]  # fmt: skip
    directions[3] = directions[3].model_copy(update={"events": weeks})
    plan = ctx.plan.model_copy(update={"directions": directions})
    data = render("plan_grid", ctx.model_copy(update={"plan": plan}))
    found = [f for f in errors(verify_document("plan_grid", data, "05.docx")) if f.requirement]
    assert {f.requirement for f in found} == missing
    assert all("в колонке месяца нет отметки" in f.message for f in found)


def test_stamp_citing_another_order_fails() -> None:
    docs = dict(package())
    docs["coordinator_regulation"] = replace_in_body(
        docs["coordinator_regulation"], "№\u00a0124-о", "№\u00a0125-о"
    )
    findings = verify_package(docs, facts())
    bad = [f for f in findings if f.requirement == "REQ.approval"]
    assert len(bad) == 1
    assert bad[0].file == file_of("coordinator_regulation")
    assert "125-о" in bad[0].message and "124-о" in bad[0].message


def test_stamp_citing_another_date_fails() -> None:
    docs = dict(package())
    docs["work_regulation"] = replace_in_body(
        docs["work_regulation"], "от 28.08.2026", "от 29.08.2026"
    )
    findings = verify_package(docs, facts())
    assert [f.file for f in findings if f.requirement == "REQ.approval"] == [
        file_of("work_regulation")
    ]


def test_different_coordinator_in_one_document_fails() -> None:
    docs = dict(package())
    other = make_context(coordinator=coordinator(("Сидорова", "Сидоровой", "Сидорову")))
    docs["coordinator_duties"] = render("coordinator_duties", other)
    findings = verify_package(docs, facts())
    bad = [f for f in errors(findings) if f.requirement == "PKG.person.coordinator"]
    assert bad and {f.file for f in bad} == {file_of("coordinator_duties")}
    # the duties name the coordinator in the familiarisation sheet, surname first
    assert "Сидорова М.П." in bad[0].message and "М.П.\u00a0Иванова" in bad[0].message


def test_different_coordinator_named_by_role_fails() -> None:
    docs = dict(package())
    docs["plan_grid"] = replace_in_body(
        docs["plan_grid"], "координатор М.П.\u00a0Иванова", "координатор А.А.\u00a0Сидорова"
    )
    findings = verify_package(docs, facts())
    bad = [f for f in errors(findings) if f.requirement == "PKG.person.coordinator"]
    assert bad and all(f.file == file_of("plan_grid") for f in bad)
    assert any("А.А. Сидорова" in f.message for f in bad)


def test_different_deputy_fails() -> None:
    docs = dict(package())
    docs["appointment_order"] = replace_in_body(
        docs["appointment_order"], "С.С.\u00a0Петрову", "Т.Т.\u00a0Орлову"
    )
    findings = verify_package(docs, facts())
    assert any(
        f.requirement == "PKG.person.coordinator_supervisor"
        and f.file == file_of("appointment_order")
        for f in errors(findings)
    )


def test_protocol_after_order_fails() -> None:
    findings = verify_package(package(), facts(protocol_date=dt.date(2026, 8, 29)))
    assert [f.requirement for f in findings] == ["PKG.dates"]
    assert "позже приказа" in findings[0].message


def test_effective_before_order_fails() -> None:
    findings = verify_package(package(), facts(effective_date=dt.date(2026, 8, 1)))
    assert [f.requirement for f in findings] == ["PKG.dates"]


def test_record_kept_outside_must_be_named_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """A record the package does not produce (requirements.yaml without produced_by) must be
    named in the order; since issue 14 the package produces every record of the seed, so the
    work log is taken out of the package here."""
    import dataclasses

    from generator.rules import requirements as rq

    real = rq.load()
    records = dict(real.records)
    records["work_log"] = dataclasses.replace(records["work_log"], produced_by=None)
    monkeypatch.setattr(rq, "load", lambda: dataclasses.replace(real, records=records))
    docs = dict(package())
    docs.pop("work_log", None)
    assert verify_package(docs, facts()) == []  # the order names the work log
    docs["appointment_order"] = drop_paragraphs(docs["appointment_order"], "выполненной работы")
    findings = verify_package(docs, facts())
    assert [f.requirement for f in findings] == ["ORD.record.work_log"]


def test_record_the_package_produces_must_be_there() -> None:
    docs = dict(package())
    del docs["work_log"]
    findings = verify_package(docs, facts())
    assert any("нет документа «Журнал учёта выполненной работы" in f.message for f in findings)


def test_record_produced_by_package_must_be_there() -> None:
    docs = dict(package())
    del docs["consultation_journal"]
    findings = verify_package(docs, facts())
    assert any("журнал индивидуальных и групповых консультаций" in f.message for f in findings)


def test_jinja_looking_value_is_not_a_leftover() -> None:
    """A profile value printed as text («… {{ 7*7 }} …») is content, not a leftover tag."""
    hostile = typeset("МАОУ «СОШ № 5» & <школа> {{ 7*7 }} {% if x %}")
    ctx = make_context()
    basis = ctx.legal.order_basis.replace("МАОУ СОШ №\u00a05", hostile)
    assert hostile in basis
    legal = ctx.legal.model_copy(update={"order_basis": basis})
    school = ctx.school.model_copy(update={"short_name": hostile})
    ctx = ctx.model_copy(update={"school": school, "legal": legal})
    data = render("appointment_order", ctx)
    ok = PackageFacts.from_context(ctx)
    assert hostile in ok.literal_values
    assert verify_document("appointment_order", data, "04.docx", ok) == []
    # Without the facts the checker cannot tell it from a tag docxtpl failed to process.
    assert any(
        "остался тег" in f.message for f in verify_document("appointment_order", data, "04.docx")
    )


# -------------------------------------------------------------------------------------- names


def male_coordinator(surname: tuple[str, ...], name: tuple[str, ...], patronymic: tuple[str, ...]):
    """A coordinator from the six case forms (им., род., дат., вин., твор., предл.) of each word."""
    full = [f"{s} {n} {p}" for s, n, p in zip(surname, name, patronymic, strict=True)]
    initials = f"{name[0][0]}.{patronymic[0][0]}."
    if patronymic[0].endswith((" оглы", " оглу", " кызы", " гызы")):
        initials = f"{name[0][0]}.{patronymic[0].split()[0][0]}."
    return PersonCtx(
        name=forms(*full),
        short=forms(*[f"{initials} {s}" for s in surname]),
        surname_first=f"{surname[0]} {initials}",
        position=coordinator().position,
        gender="male",
        acquainted="ознакомлен",
    )


def with_coordinator(person: PersonCtx) -> DocumentContext:
    """make_context() with another coordinator, also where the plan names the responsible."""
    ctx = make_context(coordinator=person)
    who = typeset(f"координатор {person.short.nominative}")
    directions = [
        d.model_copy(
            update={"events": [e.model_copy(update={"responsible": who}) for e in d.events]}
        )
        for d in ctx.plan.directions
    ]
    last = ctx.plan.last_event.model_copy(update={"responsible": who})
    plan = ctx.plan.model_copy(update={"directions": directions, "last_event": last})
    return ctx.model_copy(update={"plan": plan})


def package_errors(ctx: DocumentContext) -> list:
    docs = {d.id: render(d.id, ctx) for d in DOCUMENTS}
    f = PackageFacts.from_context(ctx)
    found = verify_package(docs, f)
    for doc_id, data in docs.items():
        found += verify_document(doc_id, data, file_of(doc_id), f)
    return errors(found)


def _declined(stem: str, endings: str = "|а|у|а|ом|е") -> tuple[str, ...]:
    return tuple(stem + e for e in endings.split("|"))


@pytest.mark.parametrize(
    "patronymic",
    [
        _declined("Ильич"),  # the journal names him «Петров Иван Ильич»: not a name before
        _declined("Кузьмич"),
        _declined("Лукич"),
        _declined("Фомич"),
    ],
    ids=lambda p: p[0],
)
def test_coordinator_with_short_patronymic_passes(patronymic: tuple[str, ...]) -> None:
    person = male_coordinator(_declined("Петров", "|а|у|а|ым|е"), _declined("Иван"), patronymic)
    assert package_errors(with_coordinator(person)) == []


MAMEDOV = (_declined("Мамедов", "|а|у|а|ым|е"), _declined("Рашид"))
ALIEVA = (
    ("Алиева", "Алиевой", "Алиевой", "Алиеву", "Алиевой", "Алиевой"),
    ("Лейла", "Лейлы", "Лейле", "Лейлу", "Лейлой", "Лейле"),
)


@pytest.mark.parametrize(
    ("who", "particle"),
    [
        (MAMEDOV, "оглы"),
        (MAMEDOV, "оглу"),  # the journal's «Мамедов Рашид Кямал оглу»: not a name before
        (ALIEVA, "кызы"),
        (ALIEVA, "гызы"),  # likewise
    ],
    ids=["оглы", "оглу", "кызы", "гызы"],
)
def test_coordinator_with_turkic_patronymic_passes(
    who: tuple[tuple[str, ...], tuple[str, ...]], particle: str
) -> None:
    person = male_coordinator(*who, tuple(f"Кямал {particle}" for _ in range(6)))
    if who is ALIEVA:
        person = person.model_copy(update={"gender": "female", "acquainted": "ознакомлена"})
    assert package_errors(with_coordinator(person)) == []


def test_patronymic_is_what_makes_a_name() -> None:
    from generator.verify.names import mentions as _mentions

    names = [
        (m.initials, m.surname)
        for m in _mentions(
            "Петрова Ивана Ильича, Кузнецову Петру Кузьмичу, Алиевой Лейле Кямал гызы"
        )
    ]
    assert names == [("ии", "петрова"), ("пк", "кузнецову"), ("лк", "алиевой")]
    # Three capitalised words are not a name without a patronymic ending in it
    assert _mentions("Российской Федерации Методические рекомендации") == []
    assert _mentions("Управление Образования Технический") == []


# ------------------------------------------------------------- fast paths, against definitions
# verify.py and requirements.py take shortcuts to check a document in about a millisecond;
# each is held here to the plain definition it replaces, on seeded random inputs.


def _fuzz(pool: list[str], n: int, seed: int, length: int = 9) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pool) for _ in range(rng.randint(0, length))) for _ in range(n)]


def test_mentions_equal_three_passes() -> None:
    """Names: the full form, then «И.О. Фамилия», then «Фамилия И.О.», no overlaps."""

    up, lo = vnames._UP, vnames._LO
    surname = rf"[{up}][{lo}]+(?:-[{up}][{lo}]+)?"  # as defined: verify's is possessive
    first = rf"([{up}])[{lo}]+(?:-([{up}])[{lo}]+)?"  # «Мария-Луиза»: initials «М.-Л.»
    initials = rf"([{up}])\.(?:-([{up}])\.)?"
    passes = (
        re.compile(rf"({surname})\s+{first}\s+([{up}])(?:{vnames._PATRONYMIC})(?![{lo}])"),
        re.compile(rf"(?<![{up}{lo}.-]){initials}\s?([{up}])\.\s?({surname})"),
        re.compile(rf"({surname})\s{initials}\s?([{up}])\.(?!\s?[{up}][{lo}])"),
    )

    def defined(text: str) -> list[tuple]:
        found: list[tuple] = []
        for kind, rx in enumerate(passes):
            for m in rx.finditer(text):
                if any(m.start() < f[3] and f[2] < m.end() for f in found):
                    continue
                g = m.groups("")
                ini, sur = g[1] + g[2] + g[3], g[0]
                if kind == 1:
                    ini, sur = g[0] + g[1] + g[2], g[3]
                found.append((vnames.fold(ini), vnames.fold(sur), m.start(), m.end(), m.group(0)))
        return sorted(found, key=lambda f: f[2])

    pool = ["Иванова", "Мария", "Петровна", "Ильича", "М.", "П.", "М.П.", "Ё.", "Петрова-Водкина",
            "Кямал", "оглы", " ", " ", "\n\n", ".", "-", "координатор", "Фомич", "Методические",
            "И.О.Смирнов", "Я", "Мария-Луиза", "М.-Л.", "-Л.", "Ивано\u0301ва", "\u0301",
            *"АМПЁаеёвичн .-"]  # fmt: skip
    for text in _fuzz(pool, 6000, 1):
        got = [(m.initials, m.surname, m.start, m.end, m.text) for m in vnames.mentions(text)]
        assert got == defined(text), text


def test_role_words_equal_named_groups() -> None:

    defined = re.compile(
        r"(?P<deputy_uvr>по учебно-воспитательной работе|по увр\b)"
        r"|(?P<deputy_vr>(?<!учебно-)по воспитательной работе|по вр\b)"
        r"|(?P<coordinator>координатор[а-я]*|назначить)"
        r"|(?P<director>(?<![а-я-])директор(?:а|у|ом|е)?(?![а-я])(?!\s+по\s))"
        r"|(?P<other>педагог[а-я-]*|учител[а-я-]*|руководител[а-я]*|библиотекар[а-я]*"
        r"|медицинск[а-я]*|психолог[а-я]*|специалист[а-я]*)"
    )
    pool = ["по учебно-воспитательной работе", "по увр", "по вр", "учебно-", "по ", "директор",
            "по воспитательной работе", "координатора", "назначить", "директора", "директором по ",
            "заместитель директора по", "педагог-психолог", "учителя", "руководитель", "а", " ",
            "библиотекарь", "медицинский", "специалист", "-", "\n", "директорам"]  # fmt: skip
    rng = random.Random(2)
    for text in _fuzz(pool, 6000, 2):
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text))
        got = [
            (m.span(), m.lastgroup.rstrip("23456"))
            for m in vnames._ROLE_WORDS.finditer(text, lo, hi)
        ]
        assert got == [(m.span(), m.lastgroup) for m in defined.finditer(text, lo, hi)], text


def test_empty_fields_equal_named_groups() -> None:

    defined = re.compile(
        r"(?P<date>(?<!\w)от ?(?:№|(?=$|[,;)\n])))"
        r"|(?P<number>№ ?(?=$|[,;.)\"\n]|от\b))"
        r"|(?P<parens>\( ?\))"
    )
    what = {"date": "о", "number": "№", "parens": "("}
    alternation = re.compile("|".join(vdoc._EMPTY_PATTERNS))
    for text in _fuzz([*'от №",;.)(\n ', "от", "тот", "№", "а"], 6000, 3):
        got = [(m.span(), vdoc._EMPTY_WHAT[m.group(0)[0]]) for m in alternation.finditer(text)]
        expected = [(m.span(), vdoc._EMPTY_WHAT[what[m.lastgroup]]) for m in defined.finditer(text)]
        assert got == expected, text


def test_legal_prefilter_is_in_use() -> None:
    """verify._legal_text() was worked out for legal._CITATION as it is: if legal.py changes
    that regex, verification scans whole documents again (correct, but several times slower)
    until _LEGAL_CITATION and the word margins in verify.py are reviewed and updated."""

    assert legal._prefilter_holds()


def _doc_of(texts: list[str]) -> Any:
    from generator.docx import text as rq

    blocks = [rq.Block("body", "paragraph", [rq.Para("body", None, t, i)], None, i)
              for i, t in enumerate(texts, 1)]  # fmt: skip
    return rq.DocText([p for b in blocks for p in b.paragraphs], blocks)


def test_legal_text_keeps_every_citation() -> None:
    from generator.rules import legal

    for data in package().values():
        raw = read.doc_text(data).raw()
        assert legal.findings(legal.scan_text(raw), "x") == legal.findings(raw.text, "x")
    pool = ["Федеральный", "закон", "Федерального закона", "Закон РФ", "от", "от 29.12.2012",
            "29.12.2012", "01.09.2001г.", "№", "№273-ФЗ", "273-ФЗ", "г.", "приказом", "приказ",
            "Минпросвещения", "России", "письмо", "Российской Федерации", "«О занятости населения»",
            "постановлением Правительства", "директора", "МАОУ", "СОШ № 5", "по", "\n",
            "a" * 30]  # fmt: skip
    rng = random.Random(4)
    for _ in range(1500):
        words = [rng.choice(pool) for _ in range(rng.randint(1, 40))]
        cuts = sorted(rng.sample(range(len(words) + 1), min(len(words) + 1, rng.randint(1, 6))))
        texts = [" ".join(words[a:b]) for a, b in itertools.pairwise([0, *cuts, len(words)])]
        raw = _doc_of(texts).raw()
        assert legal.findings(legal.scan_text(raw), "x") == legal.findings(raw.text, "x"), texts


def test_citation_lookahead_changes_no_match() -> None:
    """legal._CITATION starts with a lookahead of the letters a citation can begin with."""
    from generator.rules import legal

    assert legal._CITATION.pattern.startswith(legal._FIRST_LETTERS)
    without = re.compile(legal._CITATION.pattern.removeprefix(legal._FIRST_LETTERS))

    def found(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict]]:
        return [(m.span(), m.groupdict()) for m in rx.finditer(text)]

    texts = _package_texts()
    rng = random.Random(9)
    kinds = ["Федерального закона", "закон", "Закон", "Приказом", "приказ", "письмо", "Указ",
             "указом", "распоряжение", "Распоряжением", "постановлением", "Постановление",
             "федеральный Закон", "уставом", "ф", "з"]  # fmt: skip
    issuers = ["Минпросвещения", "России", "РФ", "Правительства", "директора", "от", "№"]
    tails = ["от 29.12.2012 № 273-ФЗ", "от 01.09.2001г. №5", "от 1.1.2001 № 1", "от", "№ 7"]
    for _ in range(3000):
        words = []
        for _ in range(rng.randint(1, 4)):
            words.append(rng.choice(kinds))
            words += rng.sample(issuers, rng.randint(0, 3))
            words.append(rng.choice(tails))
        texts.append(" ".join(words))
    for text in texts:
        assert found(legal._CITATION, text) == found(without, text), text


def _package_texts() -> list[str]:

    return [read.doc_text(data).raw().text for data in package().values()]


def test_block_text_normalised_as_defined() -> None:
    """DocText.raw() and joined(): every block squeezed (and normalised) on its own."""
    from generator.docx import text as rq

    spaces = "[ \u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u3000\t\r\f\v]+"

    def squeeze(t: str) -> str:
        return re.sub(r" ?(\n) ?", r"\1", re.sub(spaces, " ", t)).strip(" ")

    def normal(t: str) -> str:
        t = t.lower()
        for old, new in rq._MAP.items():
            t = t.replace(old, new)
        return squeeze(t)

    pool = [*"aБёЁ «»\"'—–-\u00a0\u202f\t\r\n\u00ad\u200b\ufeffİ.,", " ", " "]
    rng = random.Random(5)
    for _ in range(4000):
        texts = _fuzz(pool, rng.randint(0, 4), rng.randint(0, 10**6), 8)
        doc = _doc_of(texts)
        for joined, f in ((doc.raw(), squeeze), (doc.joined(), normal)):
            chunks = [f(t).strip("\n") for t in texts]
            assert joined.text == "\n\n".join(chunks), texts
            assert [
                joined.text[s:e] for s, e in zip(joined.starts, joined.ends, strict=True)
            ] == chunks


_W = f'xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml"'


def _random_body(rng: random.Random, depth: int = 0) -> str:
    def run() -> str:
        inner = rng.choice(["<w:t>текст</w:t>", "<w:t xml:space='preserve'> a </w:t>", "<w:tab/>",
                            "<w:br/>", "<w:cr/>", "<w:noBreakHyphen/>", "<w:t/>",
                            "<w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>в рамке</w:t></w:r>"
                            "</w:p></w:txbxContent></v:textbox></w:pict>"])  # fmt: skip
        r = f"<w:r>{inner}<w:t>{rng.choice('xyz')}</w:t></w:r>"
        return rng.choice([r, r, r, f"<w:hyperlink>{r}</w:hyperlink>", "<!-- c -->"])

    def para() -> str:
        ppr = rng.choice(["", "<w:pPr><w:pStyle w:val='Heading1'/></w:pPr>",
                          "<w:pPr><w:tabs><w:tab w:val='left' w:pos='1'/></w:tabs></w:pPr>",
                          "<w:pPr><w:outlineLvl w:val='0'/></w:pPr>"])  # fmt: skip
        return f"<w:p>{ppr}{''.join(run() for _ in range(rng.randint(0, 3)))}</w:p>"

    def cell() -> str:
        pr = rng.choice(["", "<w:tcPr><w:gridSpan w:val='2'/></w:tcPr>",
                         "<w:tcPr><w:gridSpan w:val='x'/><w:gridSpan w:val='3'/></w:tcPr>",
                         "<w:tcPr><w:tcPrChange><w:tcPr><w:gridSpan w:val='4'/></w:tcPr>"
                         "</w:tcPrChange></w:tcPr>",
                         "<!-- c --><w:tcPr><w:gridSpan w:val='2'/></w:tcPr>"])  # fmt: skip
        body = "".join(block(depth + 1) for _ in range(rng.randint(0, 2)))
        return f"<w:tc>{pr}{body}</w:tc>"

    def block(d: int) -> str:
        kinds = ["p", "p", "p", "tbl", "sdt", "custom", "stray"] if d < 3 else ["p"]
        kind = rng.choice(kinds)
        if kind == "p":
            return para()
        if kind == "tbl":
            rows = "".join(f"<w:tr>{''.join(cell() for _ in range(rng.randint(0, 3)))}</w:tr>"
                           for _ in range(rng.randint(0, 3)))  # fmt: skip
            return f"<w:tbl><w:tblPr/>{rows}</w:tbl>"
        if kind == "sdt":
            return f"<w:sdt><w:sdtPr/><w:sdtContent>{para()}</w:sdtContent></w:sdt>"
        if kind == "custom":
            return f"<w:customXml>{para()}</w:customXml>"
        return run()  # a run outside any paragraph: its text belongs to no block

    return "".join(block(depth) for _ in range(rng.randint(0, 5)))


def test_plain_walk_equals_general_walk() -> None:
    """_walk_plain(): the same paragraphs and blocks as _Walker, or None to leave it the part."""
    from lxml import etree

    from generator.docx import text as rq

    styles = rq.Styles({"Heading1": "heading 1"}, {"Heading1"}, "")

    def seen(paras: list, blocks: list) -> tuple:
        return (
            [(p.text, p.index, p.location, p.style, p.heading, p.element) for p in paras],
            [(b.kind, b.location, b.text, b.table, b.row, b.cell, b.grid_col, b.element,
              b.row_element, b.table_element, b.heading) for b in blocks],
        )  # fmt: skip

    rng = random.Random(6)
    plain = 0
    for _ in range(1500):
        xml = f"<w:document {_W}><w:body>{_random_body(rng)}<w:sectPr/></w:body></w:document>"
        body = etree.fromstring(xml.encode()).find(W + "body")
        paras: list = []
        blocks: list = []
        rq._Walker("body", styles, paras, blocks).walk(body, None)
        fast = rq._walk_plain("body", body, styles)
        if fast is not None:
            plain += 1
            # cells' paragraphs are made on demand: as a DocText lists them, in order
            assert seen(rq.DocText(*fast).paragraphs, fast[1]) == seen(paras, blocks), xml
            # and a cell's text is there before (and without) its Para objects
            again = rq._walk_plain("body", body, styles)
            assert again is not None
            assert [b.text for b in again[1]] == [b.text for b in blocks], xml
            assert all(b._paras is None for b in again[1] if b.kind == "cell"), xml
        walked = rq._walk("body", body, styles)
        assert seen(rq.DocText(*walked).paragraphs, walked[1]) == seen(paras, blocks), xml
    assert plain > 300  # the fast path was tried on plenty of parts


def test_zip_reader_agrees_with_zipfile() -> None:
    from generator import verify as v
    from generator.docx import text as rq

    data = package()["appointment_order"]

    def rezip(method: int, comment: bytes = b"") -> bytes:
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", method) as z:
            for info in src.infolist():
                z.writestr(info.filename, src.read(info))
            z.comment = comment
        return out.getvalue()

    damaged = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    damaged[info.header_offset + 30 + len(info.filename) + 50] ^= 0xFF
    for variant in (data, rezip(zipfile.ZIP_STORED), rezip(zipfile.ZIP_DEFLATED, b"note"),
                    b"prefix" + data, bytes(damaged)):  # fmt: skip
        v.clear_cache()
        try:
            expected = [b.text for b in rq.extract_docx(variant).blocks]
        except Exception as exc:  # the same failure is expected below
            with pytest.raises(type(exc)):
                read.doc_text(variant)
        else:
            assert [b.text for b in read.doc_text(variant).blocks] == expected


def test_rendered_parts_are_used_only_when_the_archive_holds_exactly_them() -> None:
    """build hands verify the XML it zipped; the archive still decides what is checked."""
    from generator import verify as v

    good = package()["appointment_order"]
    with zipfile.ZipFile(io.BytesIO(good)) as zf:
        good_parts = {n: zf.read(n) for n in zf.namelist() if n.startswith("word/")}
    bad = replace_in_body(good, "ПРИКАЗЫВАЮ", "ПРОШУ")
    with zipfile.ZipFile(io.BytesIO(bad)) as zf:
        bad_parts = {n: zf.read(n) for n in zf.namelist() if n.startswith("word/")}

    def ids(data: bytes, rendered: dict[str, bytes]) -> set[str | None]:
        v.clear_cache()
        found = verify_document("appointment_order", data, "04.docx", facts(), rendered=rendered)
        return {f.requirement for f in found}

    assert ids(good, good_parts) == set()
    # The parts it was told about lack the word, the archive has it: nothing is missing.
    assert ids(good, bad_parts) == set()
    # The other way round: the archive lacks it, so it is reported.
    assert "ORD.order_word" in ids(bad, good_parts)
    assert "ORD.order_word" in ids(bad, bad_parts)


def test_empty_field_branches_find_what_the_alternation_finds() -> None:
    """verify searches each of _EMPTY_PATTERNS alone; per block the first hit is the same."""

    alternation = re.compile("|".join(vdoc._EMPTY_PATTERNS))
    rng = random.Random(5)
    pieces = ["от", "от ", "№", "№ ", '"', '" ', "(", ")", " ", ",", ";", ".", "\n", "\n\n",
              "работ", "12", "Шк", "а"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        blocks = [(m.start(), m.end()) for m in re.finditer(r"(?:(?!\n\n).)+", text, re.S)]

        def block(pos: int, blocks: list[tuple[int, int]] = blocks) -> int:
            return next((i for i, (s, e) in enumerate(blocks) if s <= pos < e), -1)

        expected: dict[int, tuple[int, str]] = {}
        for m in alternation.finditer(text):
            expected.setdefault(block(m.start()), (m.start(), m.group(0)))
        got: dict[int, tuple[int, str]] = {}
        for branch in vdoc._EMPTY_BRANCHES:
            for m in branch.finditer(text):
                i = block(m.start())
                if i not in got or m.start() < got[i][0]:
                    got[i] = (m.start(), m.group(0))
        assert got == expected, text


def test_order_number_lookup_equals_its_regex() -> None:

    rng = random.Random(11)
    pieces = ["№", " ", "\u00a0", "\n", "124-о", "124", "-о", "о", "12", "4", ".", "от"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        number = rng.choice(["124-о", "124", "12", "4", "", " 124", "о"])
        regex = re.search(r"№\s*" + re.escape(number) + r"(?!\S)", text) is not None
        assert vpkg._numbered(text, number) == regex, (text, number)


def test_possessive_name_pattern_finds_what_the_greedy_one_finds() -> None:
    """verify._SURNAME_FIRST gives no letters back («++»); the plain pattern, the same names."""

    up, lo = vnames._UP, vnames._LO
    plain_surname = rf"[{up}][{lo}]+(?:-[{up}][{lo}]+)?"
    plain_first = rf"([{up}])[{lo}]+(?:-([{up}])[{lo}]+)?"
    plain = re.compile(
        rf"({plain_surname})(?:\s+{plain_first}\s+([{up}])(?:{vnames._PATRONYMIC})(?![{lo}])"
        rf"|\s([{up}])\.(?:-([{up}])\.)?\s?([{up}])\.(?!\s?[{up}][{lo}]))"
    )
    assert vnames._SURNAME_FIRST.pattern != plain.pattern

    def found(rx: re.Pattern[str], text: str) -> list[tuple]:
        return [(m.span(), m.groups()) for m in rx.finditer(text)]

    tokens = ["Иванова", "Мария", "Петровна", "Ивановна", "Петрович", "Ильича", "Кузьмичу",
              "Кямал", "оглы", "гызы", "М.П.", "М.", "П.", "Петрова-Водкина", "Ё.", "координатор",
              "Методические", "Федерации", "Иван", "ИвановаМария", "\n", "-", "Мария-Луиза",
              "М.-Л.П.", "Ивано\u0301ва"]  # fmt: skip
    rng = random.Random(12)
    texts = _package_texts()
    for _ in range(4000):
        texts.append(rng.choice([" ", "  ", "\n"]).join(
            rng.choice(tokens) for _ in range(rng.randint(1, 6))))  # fmt: skip
    assert sum(bool(found(plain, t)) for t in texts) > 400  # names are there to be found
    for text in texts:
        assert found(vnames._SURNAME_FIRST, text) == found(plain, text), text


def test_a_header_read_once_is_found_again_only_for_the_same_entry() -> None:
    """Headers are the template's own: read for one school, reused for the next one, but
    only when the archive holds the very same entry."""
    from generator import verify as v
    from generator.docx import text as rq

    v.clear_cache()
    ctx = make_context()
    school = ctx.school.model_copy(update={"name_with_short": "СОШ №\u00a06"})
    other = ctx.model_copy(update={"school": school})
    first = render("appointment_order", ctx)
    second = render("appointment_order", other)
    assert first != second

    def headers(data: bytes) -> list:
        return [b for b in read.doc_text(data).blocks if b.part != "body"]

    reused = headers(second)
    assert reused and all(a is b for a, b in zip(headers(first), reused, strict=True))
    assert [b.text for b in reused] == [
        b.text for b in rq.extract_docx(second).blocks if b.part != "body"
    ]
    header = "word/header1.xml"
    changed = replace_in_body(second, "<w:t>2</w:t>", "<w:t>ПРОВЕРКА</w:t>", part=header)
    assert "ПРОВЕРКА" in [b.text for b in headers(changed)]
