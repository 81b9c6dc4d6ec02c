"""verify_document / verify_package on documents rendered from the real templates.

The context is built here by hand (plausible values for a Tomsk school), so these tests
depend only on the templates and generator.context_model, not on the profile loader.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import time
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from generator.context_model import (
    ActsCtx,
    CareerWeekCtx,
    DateCtx,
    DirectionCtx,
    DocumentContext,
    EventCtx,
    Forms,
    JournalCtx,
    JournalRowCtx,
    LegalActCtx,
    LegalCtx,
    MonthCtx,
    OrderCtx,
    PartnersCtx,
    PersonCtx,
    PlanCtx,
    ProfminimumCtx,
    ProtocolCtx,
    RegionCtx,
    RoleCtx,
    SchoolCtx,
    YearCtx,
)
from generator.documents import BY_ID, DOCUMENTS
from generator.verify import PackageFacts, verify_document, verify_package

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = Path(os.environ.get("PROFDOCS_TEMPLATE_DIR", ROOT / "templates" / "docx"))

pytestmark = pytest.mark.skipif(
    not all((TEMPLATE_DIR / d.template).is_file() for d in DOCUMENTS),
    reason=f"шаблонов ещё нет в {TEMPLATE_DIR} (их собирает tools/bootstrap_templates.py)",
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
     "организационная, контролирующая функции, а также информирование управления "
     "образования об устройстве выпускников 9-х классов"),
    ("deputy_vr", "заместитель директора по воспитательной работе",
     "организационная, контролирующая функции"),
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
    "Практико-ориентированное; системное проведение мониторинга профессионального "
    "самоопределения обучающихся",
    "Повышение квалификации педагогических работников по вопросам профориентации обучающихся",
]
PLAN_MONTHS = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]


def event(number: str, title: str, months: list[int]) -> EventCtx:
    return EventCtx(
        number=number,
        title=title,
        activity="Организация и проведение профориентационных мероприятий",
        classes="6–11",
        when=", ".join(str(m) for m in months),
        marks=["•" if m in months else "" for m in PLAN_MONTHS],
        responsible="координатор М.П. Иванова",
        partners="ОГКУ «Центр занятости населения города Томска»",
    )


def make_context(**changes: Any) -> DocumentContext:
    """A plausible context for «МАОУ СОШ № 5 г. Томска»; keyword args replace fields."""
    order = OrderCtx(number="124-о", date=date(28, 8, 2026), effective_date=date(1, 9, 2026))
    school_full = "муниципальное автономное общеобразовательное учреждение средняя общеобразовательная школа № 5 г. Томска"  # noqa: E501
    acts = ActsCtx(
        order=order,
        pedagogical_council=ProtocolCtx(number="1", date=date(27, 8, 2026)),
        student_council=ProtocolCtx(number="2", date=date(26, 8, 2026)),
        parent_council=None,
        approval="приказом директора МАОУ СОШ № 5 от 28.08.2026 № 124-о",
    )
    act = LegalActCtx(
        title="Федеральный закон от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»",
        instrumental="Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»",  # noqa: E501
        short="273-ФЗ",
    )
    events = {
        0: [event("1.1", "Назначение координатора и утверждение плана", [9])],
        1: [event("2.1", "Диагностика профессиональных склонностей", [10, 4])],
        2: [event("3.1", "Индивидуальные консультации обучающихся и родителей", PLAN_MONTHS)],
        3: [
            event("4.1", "Единая неделя профориентации", [9]),
            event("4.2", "Единая неделя профориентации", [3]),
        ],
        4: [event("5.1", "Мониторинг профессионального самоопределения", [5])],
        5: [event("6.1", "Семинар для педагогов по профминимуму", [11])],
    }
    values: dict[str, Any] = dict(
        school=SchoolCtx(
            full_name=school_full,
            short_name="МАОУ СОШ № 5",
            name_with_short=f"{school_full} (МАОУ СОШ № 5)",
            full_name_forms=forms(*[school_full] * 6),
            locality="г. Томск",
            municipality="Город Томск",
            address="634000, г. Томск, ул. Ленина, 1",
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
        deputy_uvr=DEPUTY_UVR,
        deputy_vr=DEPUTY_VR,
        coordinator=coordinator(),
        roles=[
            RoleCtx(key=k, title=t, functions=f, duties=["участие"], holders="", delegated=False)
            for k, t, f in ROLES
        ],
        acts=acts,
        legal=LegalCtx(
            work_regulation=[act],
            coordinator_regulation=[act],
            order=[act],
            gost="ГОСТ Р 7.0.97-2025",
            gost_title="ГОСТ Р 7.0.97-2025 «Организационно-распорядительная документация»",
        ),
        profminimum=ProfminimumCtx(
            level="базовый",
            level_genitive="базового",
            hours=40,
            grades="6–11",
            course="«Россия — мои горизонты»",
            basis="письмо Минпросвещения России от 01.06.2023 № АБ-2324/05",
        ),
        partners=PartnersCtx(
            enterprises=[], colleges=[], universities=[], employment_centre=None, others=[], all=[]
        ),
        plan=PlanCtx(
            months=[
                MonthCtx(name=str(m), abbr=str(m), year=2026 if m >= 9 else 2027)
                for m in PLAN_MONTHS
            ],
            directions=[
                DirectionCtx(number=i + 1, title=t, events=events[i])
                for i, t in enumerate(DIRECTIONS)
            ],
            events_total=7,
            approver=DEPUTY_UVR,
            approval_date=date(28, 8, 2026),
        ),
        journal=JournalCtx(
            rows=[
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
                *[
                    JournalRowCtx(
                        number="",
                        date="",
                        person="",
                        grade="",
                        category="",
                        form="",
                        topic="",
                        result="",
                    )
                    for _ in range(3)
                ],
            ],
            pseudonymized=True,
            blank=False,
        ),
    )
    values.update(changes)
    return DocumentContext(**values)


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


def replace_in_body(data: bytes, old: str, new: str, count: int = -1) -> bytes:
    """The document with text in word/document.xml replaced (a broken render, simulated)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "word/document.xml":
                text = blob.decode("utf-8")
                assert old in text, old
                blob = text.replace(old, new, count).encode("utf-8")
            z.writestr(info, blob)
    return out.getvalue()


def drop_paragraphs(data: bytes, containing: str) -> bytes:
    from lxml import etree

    from generator.requirements import W_P, W_T

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


def test_stamp_citing_another_order_fails() -> None:
    docs = dict(package())
    docs["coordinator_regulation"] = replace_in_body(
        docs["coordinator_regulation"], "№ 124-о", "№ 125-о"
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
    assert "М.П. Сидорова" in bad[0].message and "М.П. Иванова" in bad[0].message


def test_different_coordinator_named_by_role_fails() -> None:
    docs = dict(package())
    docs["plan_grid"] = replace_in_body(
        docs["plan_grid"], "координатор М.П. Иванова", "координатор А.А. Сидорова"
    )
    findings = verify_package(docs, facts())
    bad = [f for f in errors(findings) if f.requirement == "PKG.person.coordinator"]
    assert bad and all(f.file == file_of("plan_grid") for f in bad)
    assert any("А.А. Сидорова" in f.message for f in bad)


def test_different_deputy_fails() -> None:
    docs = dict(package())
    docs["appointment_order"] = replace_in_body(
        docs["appointment_order"], "С.С. Петрову", "Т.Т. Орлову"
    )
    findings = verify_package(docs, facts())
    assert any(
        f.requirement == "PKG.person.deputy_uvr" and f.file == file_of("appointment_order")
        for f in errors(findings)
    )


def test_protocol_after_order_fails() -> None:
    findings = verify_package(package(), facts(protocol_date=dt.date(2026, 8, 29)))
    assert [f.requirement for f in findings] == ["PKG.dates"]
    assert "позже приказа" in findings[0].message


def test_effective_before_order_fails() -> None:
    findings = verify_package(package(), facts(effective_date=dt.date(2026, 8, 1)))
    assert [f.requirement for f in findings] == ["PKG.dates"]


def test_record_kept_outside_must_be_named_in_order() -> None:
    docs = dict(package())
    docs["appointment_order"] = drop_paragraphs(docs["appointment_order"], "выполненной работы")
    findings = verify_package(docs, facts())
    assert [f.requirement for f in findings] == ["ORD.record.work_log"]


def test_record_produced_by_package_must_be_there() -> None:
    docs = dict(package())
    del docs["consultation_journal"]
    findings = verify_package(docs, facts())
    assert any("журнал индивидуальных и групповых консультаций" in f.message for f in findings)


def test_verify_is_fast() -> None:
    docs = package()
    f = facts()
    verify_package(docs, f)  # warm caches (requirements, styles)
    fresh = {k: bytes(v) for k, v in docs.items()}  # new objects: nothing cached per document
    start = time.perf_counter()
    for doc_id, data in fresh.items():
        verify_document(doc_id, data, file_of(doc_id), f)
    verify_package(fresh, f)
    per_doc = (time.perf_counter() - start) / len(fresh)
    assert per_doc < 0.010, f"{per_doc * 1000:.1f} ms per document"


def test_jinja_looking_value_is_not_a_leftover() -> None:
    """A profile value printed as text («… {{ 7*7 }} …») is content, not a leftover tag."""
    hostile = "МАОУ «СОШ № 5» & <школа> {{ 7*7 }} {% if x %}"
    ctx = make_context()
    ctx = ctx.model_copy(update={"school": ctx.school.model_copy(update={"short_name": hostile})})
    data = render("appointment_order", ctx)
    ok = PackageFacts.from_context(ctx)
    assert hostile in ok.literal_values
    assert verify_document("appointment_order", data, "04.docx", ok) == []
    # Without the facts the checker cannot tell it from a tag docxtpl failed to process.
    assert any(
        "остался тег" in f.message for f in verify_document("appointment_order", data, "04.docx")
    )
