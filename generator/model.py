"""The school profile: everything the six documents need, asked for once.

Field descriptions are in Russian on purpose: they become the JSON Schema that VS Code shows
an administrator while typing, and the comments of `profdocs init`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    create_model,
)
from pydantic_core import PydanticCustomError

from . import catalog
from .rules.grades import SchoolGrades, format_classes, parse_classes, parse_school_range
from .russian import FullName, MorphologyError

# A director cannot hand these over: the seed makes both a matter of the director's order.
NON_DELEGABLE_ROLES = frozenset({"director", "coordinator"})

# Choices that data files define: a methodologist who adds a direction, a level or a region
# there must not also have to edit the model.
_PLAN = catalog.plan_defaults()
DirectionKey = Literal[tuple(d.key for d in _PLAN.directions)]  # type: ignore[valid-type]
ActivityKey = Literal[tuple(a.key for a in _PLAN.activities)]  # type: ignore[valid-type]
LevelName = Literal[tuple(_PLAN.levels)]  # type: ignore[valid-type]
WorkFormKey = Literal[tuple(f.key for f in catalog.work_forms().forms)]  # type: ignore[valid-type]
RegionKey = Literal[tuple(catalog.regions().regions)]  # type: ignore[valid-type]
GostEdition = Literal[tuple(catalog.legal_basis().gost)]  # type: ignore[valid-type]
ROLE_KEYS: tuple[str, ...] = catalog.role_keys()

_DOTTED_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def _parse_date(value: Any) -> Any:
    """Accept the Russian «28.08.2026» as well as YAML's own 2026-08-28."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("дата не заполнена: пишите 2026-08-31 или 31.08.2026")
        m = _DOTTED_DATE.match(value)
        if m:
            day, month, year = (int(g) for g in m.groups())
            try:
                return dt.date(year, month, day)
            except ValueError as exc:
                raise ValueError(f"такой даты нет в календаре ({value.strip()})") from exc
    return value


def _as_text(value: Any) -> Any:
    """Numbers like `124` or `1` are fine where a document number is expected."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# Quotes are paired by validation with russian.typography.quote_balance, which counts them.
_PAIRS = (("(", ")"), ("[", "]"))


def _printable(value: str) -> str:
    """A value the documents can print and their checks accept: nothing that verification
    would take for a requisite left empty («№» with no number, «()»), brackets and quotes
    in pairs, no repealed act. Reported here, at the value, rather than after rendering."""
    problem = _print_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


# The message of a profile value that cites a repealed act; the municipal report tells these
# profiles apart by it.
REPEALED_ACT = (
    "упомянут утративший силу акт: документы пакета не должны ссылаться на него. "
    "Укажите действующий акт"
)


@functools.lru_cache(maxsize=4096)  # a region repeats its posts, partners and places
def _print_problem(value: str) -> str | None:
    from .docx.text import normalize
    from .rules import legal
    from .russian.typography import QuoteError, quotes
    from .verify.document import empty_field

    normal = normalize(value)
    if not normal:
        return "в значении одни невидимые знаки: напишите текст"
    # as the documents print it: ASCII quotes typeset («Агрофирма „Новоникольская“»)
    try:
        typeset = quotes(value)
    except QuoteError:  # validation reports unpaired quotes with their counts
        typeset = value
    what = empty_field(typeset)
    if what is not None:
        return (
            f"в значении {what}: так выглядит незаполненный реквизит документа. Допишите "
            "пропущенное или уберите лишний знак"
        )
    for opening, closing in _PAIRS:
        if opening not in value and closing not in value:
            continue
        depth = 0
        for ch in value:
            depth += (ch == opening) - (ch == closing)
            if depth < 0:
                break
        if depth:
            return (
                f"скобки или кавычки «{opening}» и «{closing}» не парные: закройте каждую "
                "открытую или уберите лишнюю"
            )
    if legal.cites_repealed(value):
        return REPEALED_ACT
    return None


_NUMBER = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:[-/. ][0-9A-Za-zА-Яа-яЁё]+)*")


def _document_number(value: str) -> str:
    """«124-о», «15/01-од», «124 о»: what stands after «№», nothing the text around it
    could swallow (a comma, a bracket, a second «№»)."""
    if value.startswith("№"):
        raise ValueError("номер пишется без знака «№»: «124-о»")
    if len(value) > 30 or not _NUMBER.fullmatch(value):
        raise ValueError(
            "номер пишется буквами и цифрами, части — через «-», «/», «.» или пробел: "
            "«124-о», «15/01-од», «7»"
        )
    from .verify.document import empty_field

    if empty_field(f"от 01.09.2026 № {value}") is not None:  # «№ от», «№ протокол от»
        raise ValueError("в номере не должно быть слова «от»: «124-о», «15/01-од», «7»")
    return value


# The schema VS Code checks while typing: both spellings a profile may use. «format: date»
# alone made the editor flag «31.08.2026», which validation accepts.
_DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "pattern": r"^\s*\d{1,2}\.\d{1,2}\.\d{4}\s*$"},
    ]
}
Date = Annotated[dt.date, BeforeValidator(_parse_date), WithJsonSchema(_DATE_SCHEMA)]
Text = Annotated[str, Field(min_length=1), BeforeValidator(_as_text), AfterValidator(_printable)]
_REQUISITES = re.compile(r"\bот\s+\d{1,2}[.\s]", re.IGNORECASE)


def _no_requisites(value: str) -> str:
    """The school's names stand right before the order's date and number in its stamps
    («приказом директора <школа> от 31.08.2026 № 124-о»): a date of its own there would
    be read as the order's."""
    if _REQUISITES.search(value):
        raise ValueError(
            "в наименовании не должно быть даты документа («от 01.09.2026 № 5»): реквизиты "
            "приказов и протоколов указываются в разделе acts"
        )
    return value


SchoolText = Annotated[str, Field(min_length=1), BeforeValidator(_as_text),
                       AfterValidator(_printable), AfterValidator(_no_requisites)]  # fmt: skip
# `number: 1` and `grade: 9` are numbers in YAML: the schema lets the editor accept them
_TEXT_OR_NUMBER = {"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]}
Number = Annotated[
    str,
    Field(min_length=1),
    BeforeValidator(_as_text),
    AfterValidator(_document_number),
    WithJsonSchema(_TEXT_OR_NUMBER),
]


def _grades(value: Any) -> Any:
    """«1-9», «1 – 9» and «1—9» are all «1–9»."""
    value = _as_text(value)
    if not isinstance(value, str):
        return value
    grades = parse_school_range(value)
    if grades is None:
        raise ValueError(
            "классы школы пишутся так: «1–4», «1–9», «1–11», «5–9», «5–11» или «10–11»"
        )
    return format_classes(grades)


Grades = Annotated[str, BeforeValidator(_grades)]
StaffId = Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_\-]+$")]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, validate_default=True
    )


class NameForms(_Model):
    """Падежные формы, если автоматическое склонение ошибается (например, фамилия «Лев»)."""

    genitive: Text | None = Field(None, description="Родительный падеж: (нет) кого?")
    dative: Text | None = Field(None, description="Дательный падеж: кому?")
    accusative: Text | None = Field(None, description="Винительный падеж: (назначить) кого?")
    instrumental: Text | None = Field(None, description="Творительный падеж: кем?")
    prepositional: Text | None = Field(None, description="Предложный падеж: о ком?")


def _full_name(value: Any) -> FullName:
    """Parsed once here; the documents, the checks and the declension use its parts."""
    if isinstance(value, FullName):
        return value
    value = _as_text(value)
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    if not value.strip():
        raise PydanticCustomError("string_too_short", "String should have at least 1 character")
    try:
        name = FullName.parse(value)
    except MorphologyError:
        # The library's message quotes the name; errors must not echo personal data.
        raise ValueError(
            "нужны Фамилия Имя Отчество полностью, через пробел: «Иванова Мария Петровна» "
            "(отчество с «оглы»/«кызы» пишется двумя словами)"
        ) from None
    from .verify.names import is_full_name

    if not is_full_name(str(name)):
        # verification finds people in documents by this form: a name it cannot read there
        # would stop the build after rendering
        raise ValueError(
            "ФИО пишется кириллицей, каждое слово с заглавной буквы, остальные буквы "
            "строчные, двойные имена и фамилии — через дефис: «Петрова-Водкина Анна-Мария "
            "Ивановна»; отчество оканчивается на -вич, -вна или -ична либо пишется с "
            "«оглы»/«кызы»"
        )
    return name


Name = Annotated[
    FullName,
    PlainValidator(_full_name),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "minLength": 1}),
]


class Person(_Model):
    name: Name = Field(
        description="Фамилия Имя Отчество полностью, например «Иванова Мария Петровна»."
    )
    gender: Literal["male", "female"] | None = Field(
        None,
        description="Пол: male (мужской) или female (женский). Если не указан, "
        "определяется по отчеству.",
    )
    position: Text = Field(
        description="Должность по штатному расписанию: «учитель географии» (в документах "
        "она пишется со строчной буквы)."
    )
    pedagogical: bool | None = Field(
        None,
        description="Является ли должность педагогической. Указывайте, только если "
        "должности нет в справочнике profdocs.",
    )
    name_forms: NameForms | None = Field(
        None, description="Ручные падежные формы ФИО (только если склонение ошибается)."
    )
    employer: str | None = Field(
        None,
        description="Если это работник другой организации (фельдшер ФАП, врач больницы), — "
        "ключ этой организации из раздела organisations.",
    )


class RoleAssignment(_Model):
    """Who holds a role: staff keys; or the staff key the role's functions are delegated to;
    and/or the organisation that performs the functions by agreement."""

    holders: tuple[str, ...] = ()
    delegated_to: str | None = None
    basis: str | None = None
    outsourced_to: str | None = None


_STAFF_KEY = re.compile(r"^[A-Za-z0-9_\-]+$")
_ROLE_HINT = (
    "Укажите ключ сотрудника из staff (coordinator: ivanova), список ключей "
    "([ivanova, petrov]), возложение функций ({delegated_to: ivanova}) или организацию, "
    "которая выполняет функции по соглашению ({outsourced_to: ppms})."
)


def _role_value(value: Any) -> Any:
    """One readable error per role instead of pydantic's three union branches."""
    if isinstance(value, RoleAssignment):
        return value
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        if not value:
            raise ValueError("список пуст. " + _ROLE_HINT)
        for item in value:
            if not isinstance(item, str) or not _STAFF_KEY.match(item.strip()):
                # not echoed: what is not a key is often the person's name
                raise ValueError("значение не похоже на ключ сотрудника. " + _ROLE_HINT)
        return RoleAssignment(holders=tuple(v.strip() for v in value))
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"delegated_to", "basis", "outsourced_to"})
        if unknown:
            raise ValueError(
                f"неизвестный ключ «{unknown[0]}»; возможны delegated_to, basis и outsourced_to. "
                + _ROLE_HINT
            )
        target = value.get("delegated_to")
        outsourced = value.get("outsourced_to")
        if outsourced is not None and (
            not isinstance(outsourced, str) or not _STAFF_KEY.match(outsourced.strip())
        ):
            raise ValueError("в outsourced_to нужен ключ организации из organisations.")
        if target is None and outsourced is not None:
            if value.get("basis") is not None:
                raise ValueError(
                    "basis относится к возложению функций на работника (delegated_to); "
                    "основание работы организации — её соглашение (organisations.…agreement)."
                )
            return RoleAssignment(outsourced_to=outsourced.strip())
        if not isinstance(target, str) or not _STAFF_KEY.match(target.strip()):
            raise ValueError("в delegated_to нужен ключ сотрудника из staff. " + _ROLE_HINT)
        basis = _as_text(value.get("basis"))
        if basis is not None and not isinstance(basis, str):
            raise ValueError("basis — это текст основания, например «приказ от 28.08.2026 № 1».")
        if basis is not None:
            basis = " ".join(basis.split()) or None
        if basis is not None:
            try:
                _printable(basis)
            except ValueError as exc:
                raise ValueError(f"основание (basis): {exc}") from None
        return RoleAssignment(
            delegated_to=target.strip(),
            basis=basis,
            outsourced_to=outsourced.strip() if outsourced else None,
        )
    raise ValueError(_ROLE_HINT)


_ROLE_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^[A-Za-z0-9_\-]+$", "description": "Ключ сотрудника"},
        {"type": "array", "items": {"type": "string"}, "minItems": 1},
        {
            "type": "object",
            "properties": {
                "delegated_to": {"type": "string", "description": "Ключ сотрудника"},
                "basis": {
                    "type": "string",
                    "description": "Основание возложения: «приказ от 28.08.2026 № 118-о». "
                    "Если не указано, функции возлагает приказ о назначении координатора",
                },
                "outsourced_to": {
                    "type": "string",
                    "description": "Ключ организации из organisations, которая выполняет "
                    "функции по соглашению (ППМС-центр, медицинская организация)",
                },
            },
            "anyOf": [{"required": ["delegated_to"]}, {"required": ["outsourced_to"]}],
            "additionalProperties": False,
        },
    ]
}

RoleValue = Annotated[RoleAssignment, PlainValidator(_role_value), WithJsonSchema(_ROLE_SCHEMA)]


def _roles_model() -> type[_Model]:
    """One optional field per role of roles.yaml, in its order: the one list of roles."""
    fields: dict[str, Any] = {}
    for role in catalog.roles().roles:
        title = role.title[:1].upper() + role.title[1:]
        fields[role.key] = (RoleValue | None, Field(None, description=f"{title} ({role.source})."))
    return create_model(  # type: ignore[call-overload, no-any-return]
        "Roles",
        __base__=_Model,
        __doc__="Кто исполняет каждую роль, названную в Приложениях 1–4. Значение — ключ "
        "сотрудника из staff, список ключей, {delegated_to: ключ} для возложенных функций или "
        "{outsourced_to: ключ организации} для функций, выполняемых по соглашению.",
        **fields,
    )


Roles = _roles_model()


class School(_Model):
    full_name: SchoolText = Field(description="Полное наименование по уставу.")
    short_name: SchoolText = Field(description="Сокращённое наименование по уставу.")
    locality: SchoolText = Field(description="Населённый пункт — место составления: «г. Томск».")
    municipality: SchoolText = Field(description="Муниципальное образование: «Город Томск».")
    address: Text | None = Field(None, description="Почтовый адрес (необязательно).")
    region: RegionKey = Field(
        "tomsk", description="Регион: справочник региона задаёт институт и недели профориентации."
    )
    full_name_forms: NameForms | None = Field(
        None, description="Падежные формы полного наименования, если склонение ошибается."
    )
    grades: Grades = Field(
        "1–11", description="Классы, которые есть в школе: 1–4, 1–9, 1–11, 5–9, 5–11 или 10–11."
    )
    education_authority: Text | None = Field(
        None,
        description="Муниципальный орган управления образованием, со строчной буквы: "
        "«управление образования администрации Асиновского района». Если не указан — "
        "берётся из справочника региона по муниципалитету.",
    )


class Organisation(_Model):
    """Организация, с которой школа работает по договору (соглашению)."""

    name: Text = Field(description="Полное наименование организации.")
    short_name: Text | None = Field(
        None, description="Сокращённое наименование: МБУ «Асиновский ППМС-центр»."
    )
    kind: Literal["ppms", "medical", "other"] = Field(
        description="Вид: ppms — центр психолого-педагогической, медицинской и социальной "
        "помощи; medical — медицинская организация; other — другая."
    )
    agreement: Text = Field(
        description="Договор (соглашение) и его реквизиты: «соглашение о сетевом "
        "взаимодействии от 01.09.2026 № 7»."
    )
    functions: Text | None = Field(
        None,
        description="Какие функции выполняют её специалисты; для ППМС-центра по умолчанию — "
        "«психологическая диагностика и психологическое консультирование обучающихся».",
    )


class Governance(_Model):
    """Кто руководит работой координатора и кто утверждает план — одинаково во всех документах."""

    coordinator_supervisor: Literal["deputy_uvr", "deputy_vr"] | None = Field(
        None,
        description="Кто осуществляет непосредственное руководство и контроль за деятельностью "
        "координатора: deputy_uvr (заместитель по УВР, как в Прил. 1 п. 8.2) или deputy_vr. "
        "По умолчанию — deputy_uvr; deputy_vr, если функции заместителя по УВР возложены "
        "на другого работника, а заместитель по ВР есть в штате.",
    )
    plan_approver: Literal["director", "coordinator_supervisor"] = Field(
        "director",
        description="Кто утверждает план-сетку: director (директор, Таблица 4) или "
        "coordinator_supervisor (заместитель, руководящий координатором, Прил. 1 п. 8.3).",
    )


class Protocol(_Model):
    number: Number = Field(description="Номер протокола.")
    date: Date = Field(description="Дата протокола: 2026-08-27 или 27.08.2026.")


class Order(_Model):
    number: Number = Field(description="Номер приказа о назначении координатора: «124-о».")
    date: Date = Field(description="Дата приказа.")
    effective_date: Date = Field(
        description="С какого дня действует назначение (внутри учебного года)."
    )


class Acts(_Model):
    order: Order = Field(
        description="Приказ о назначении координатора; им же утверждаются положения и обязанности."
    )
    pedagogical_council: Protocol = Field(
        description="Протокол педагогического совета, принявшего положения."
    )
    student_council: Protocol | None = Field(
        None,
        description="Протокол совета обучающихся, мнение которого учтено (ст. 30 ч. 3 273-ФЗ).",
    )
    no_student_council: Text | None = Field(
        None,
        description="Если совета обучающихся нет — почему: «В школе обучаются только 1–4 "
        "классы; совет обучающихся не создан».",
    )
    parent_council: Protocol | None = Field(
        None,
        description="Протокол совета родителей, мнение которого учтено (ст. 30 ч. 3 273-ФЗ).",
    )
    no_parent_council: Text | None = Field(None, description="Если совета родителей нет — почему.")
    acquaintance_blank_rows: int = Field(
        3,
        ge=0,
        le=50,
        description="Сколько пустых строк оставить в листах ознакомления для работников, "
        "принятых позже.",
    )
    plan_approval_date: Date | None = Field(
        None, description="Дата утверждения плана-сетки; по умолчанию — дата приказа."
    )
    gost_edition: GostEdition = Field(
        "2025", description="Редакция ГОСТ Р 7.0.97, на которую ссылаются документы: 2025."
    )


class ProfminimumOrder(_Model):
    number: Number | None = Field(
        None,
        description="Номер приказа о реализации Единой модели профориентации: «125-о». "
        "Без номера в приказе остаётся строка для записи от руки.",
    )
    date: Date | None = Field(
        None,
        description="Дата приказа: перед началом учебного года или в течение него. Без даты "
        "в приказе остаётся строка для записи от руки.",
    )


CourseGrade = Annotated[int, Field(ge=1, le=11)]


class Profminimum(_Model):
    level: LevelName = Field(
        "базовый", description="Уровень Единой модели профориентации (профминимума)."
    )
    grades: Text | None = Field(
        None,
        description="Классы, охваченные профминимумом: по умолчанию 6–11 классы школы "
        "(6–9 для основной школы).",
    )
    responsible: StaffId | None = Field(
        None,
        description="Ответственный за реализацию Единой модели: ключ сотрудника из staff "
        "(педагогический работник). По умолчанию — координатор по профориентации.",
    )
    navigators: list[StaffId] = Field(
        [],
        description="Педагоги-навигаторы: ключи сотрудников из staff (педагогические работники).",
    )
    course_teachers: dict[CourseGrade, StaffId] = Field(
        {},
        description="Кто ведёт курс «Россия — мои горизонты» в каждом классе: «6: ivanova». "
        "Классы — из классов профминимума.",
    )
    bilet_v_budushchee: bool = Field(
        False, description="Школа участвует в проекте «Билет в будущее»: true или false."
    )
    order: ProfminimumOrder | None = Field(
        None, description="Приказ о реализации Единой модели на учебный год: number, date."
    )


class Partners(_Model):
    enterprises: list[Text] = Field([], description="Предприятия и организации-работодатели.")
    colleges: list[Text] = Field([], description="Профессиональные образовательные организации.")
    universities: list[Text] = Field([], description="Вузы.")
    employment_centre: Text | None = Field(None, description="Центр занятости населения.")
    others: list[Text] = Field([], description="Другие партнёры.")


Month = Annotated[int, Field(ge=1, le=12)]


class PlanEvent(_Model):
    title: Text = Field(description="Мероприятие.")
    direction: DirectionKey = Field(description="Направление (Прил. 2, разд. 4).")
    activity: ActivityKey = Field(description="Вид деятельности (Прил. 2, разд. 5).")
    months: list[Month] = Field(min_length=1, description="Месяцы проведения: [9, 3].")
    classes: Text = Field(
        description="Классы: «8–9», «9, 11»; для мероприятий без обучающихся — «—»."
    )
    responsible: list[Text] = Field(
        min_length=1, description="Ответственные: ключи ролей (coordinator) или сотрудников."
    )
    partners: list[Text] = Field([], description="Партнёры (названия).")
    hours: int | None = Field(
        None,
        ge=0,
        le=300,
        description="Часов в учебный год для каждого обучающегося названных классов (для "
        "подсчёта объёма профминимума); не указывайте для мероприятий без обучающихся.",
    )


class Plan(_Model):
    events: list[PlanEvent] | None = Field(
        None, description="Мероприятия плана-сетки. Если не заданы — план по умолчанию."
    )


class Consultation(_Model):
    date: Date
    person: Text = Field(description="Ф.И.О. консультируемого или его код.")
    grade: Annotated[
        str,
        BeforeValidator(_as_text),
        AfterValidator(_printable),
        WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
    ] = Field("", description="Класс: «9Б»; для родителя — класс ребёнка.")
    category: Literal["обучающийся", "родитель", "педагог"]
    form: Literal["индивидуальная", "групповая"]
    participants: int = Field(1, ge=1, description="Число участников групповой консультации.")
    topic: Text = Field(description="Запрос или тема.")
    result: Text = Field(description="Рекомендации или результат.")


class Journal(_Model):
    entries: list[Consultation] = Field([], description="Записи журнала консультаций.")
    csv: Text | None = Field(
        None, description="Путь к CSV или XLSX с записями (относительно файла профиля)."
    )
    blank_rows: int = Field(
        25, ge=0, le=500, description="Сколько пустых строк для записей от руки добавить в журнал."
    )
    retention_years: int = Field(
        3,
        ge=1,
        le=75,
        description="Срок хранения журнала после окончания учебного года, лет — по номенклатуре "
        "дел школы.",
    )


class WorkEntry(_Model):
    date: Date = Field(description="Дата проведения: «12.10.2026».")
    title: Text = Field(description="Содержание работы: что сделано.")
    event: Text | None = Field(
        None,
        description="Номер мероприятия в плане-сетке, как в столбце «№ п/п»: «2.1». Запись с "
        "номером отмечает мероприятие в плане выполненным.",
    )
    grades: (
        Annotated[
            str,
            BeforeValidator(_as_text),
            AfterValidator(_printable),
            WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
        ]
        | None
    ) = Field(None, description="Классы: «8–9», «9»; без обучающихся не указывайте.")
    participants: int = Field(ge=0, le=100000, description="Число участников.")
    participants_ovz: int | None = Field(
        None, ge=0, le=100000, description="Из них обучающихся с ОВЗ."
    )
    form: WorkFormKey = Field(  # type: ignore[valid-type]
        description="Форма работы: proba (профессиональная проба), master_class, practice, "
        "excursion, lesson, meeting, event, course, other."
    )
    responsible: StaffId = Field(description="Ответственный: ключ сотрудника из staff.")
    partner: Text | None = Field(None, description="Партнёр (название), если участвовал.")
    result: Text = Field(description="Результат.")
    hours: int | None = Field(
        None,
        ge=0,
        le=300,
        description="Часов Единой модели (профминимума), проведённых для каждого участника.",
    )


class WorkLog(_Model):
    entries: list[WorkEntry] = Field([], description="Записи журнала учёта выполненной работы.")
    csv: Text | None = Field(
        None,
        description="Путь к CSV или XLSX с записями (относительно файла профиля); "
        "столбцы — как ключи записи.",
    )
    blank_rows: int = Field(
        20, ge=0, le=500, description="Сколько пустых строк для записей от руки добавить в журнал."
    )


Count = Annotated[int, Field(ge=0, le=1000000)]


class PreviousYear(_Model):
    pupils_consulted: Count | None = Field(
        None, description="Обучающихся, получивших консультации, в прошлом году."
    )
    parents_consulted: Count | None = Field(
        None, description="Родителей, получивших консультации, в прошлом году."
    )
    events_held: Count | None = Field(None, description="Проведено мероприятий в прошлом году.")
    pupils_reached: Count | None = Field(
        None, description="Обучающихся, охваченных мероприятиями, в прошлом году."
    )
    pupils_in_trials: Count | None = Field(
        None, description="Обучающихся, прошедших профессиональные пробы, в прошлом году."
    )
    trials_held: Count | None = Field(
        None, description="Проведено профессиональных проб в прошлом году."
    )
    master_classes_held: Count | None = Field(
        None, description="Проведено мастер-классов в прошлом году."
    )


class Monitoring(_Model):
    pupils_total: Count | None = Field(None, description="Обучающихся в школе всего.")
    pupils_ovz: Count | None = Field(None, description="Из них обучающихся с ОВЗ.")
    pupils_tested: Count | None = Field(
        None, description="Обучающихся, прошедших профориентационное тестирование (диагностику)."
    )
    additional_education_pupils: Count | None = Field(
        None,
        description="Обучающихся, занимающихся по программам дополнительного образования "
        "профориентационной направленности.",
    )
    additional_education_ovz: Count | None = Field(None, description="Из них обучающихся с ОВЗ.")
    teachers_trained: Count | None = Field(
        None,
        description="Педагогов, прошедших повышение квалификации по вопросам профориентации.",
    )
    previous_year: PreviousYear | None = Field(
        None, description="Показатели прошлого учебного года (из прошлогодней справки)."
    )


class Profile(_Model):
    """Профиль школы для profdocs."""

    school: School
    academic_year: Text = Field(description="Учебный год: «2026/2027».", pattern=r"^\d{4}/\d{4}$")
    staff: dict[StaffId, Person] = Field(
        description="Сотрудники: ключ (латиницей) → ФИО, пол, должность."
    )
    roles: Roles  # type: ignore[valid-type]
    organisations: dict[StaffId, Organisation] = Field(
        {},
        description="Организации, с которыми школа работает по договору (соглашению): "
        "ключ (латиницей) → наименование, вид, договор.",
    )
    governance: Governance = Field(default_factory=lambda: Governance())
    acts: Acts
    profminimum: Profminimum = Field(
        default_factory=lambda: Profminimum(),
        description="Единая модель профориентации (профминимум), 6–11 классы. В начальной "
        "школе раздел не заполняется.",
    )
    partners: Partners = Field(default_factory=lambda: Partners())
    plan: Plan = Field(default_factory=lambda: Plan())
    journal: Journal = Field(default_factory=lambda: Journal())
    work_log: WorkLog | None = Field(
        None,
        description="Журнал учёта выполненной работы. Без раздела журнал выходит с пустыми "
        "строками, а справка — со строками для заполнения от руки.",
    )
    monitoring: Monitoring = Field(
        default_factory=lambda: Monitoring(),
        description="Показатели мониторинга, которых нет в журналах: численность, "
        "дополнительное образование, повышение квалификации, прошлый год.",
    )

    @property
    def start_year(self) -> int:
        return int(self.academic_year.split("/")[0])

    @property
    def school_grades(self) -> SchoolGrades:
        return SchoolGrades.parse(self.school.grades)

    @property
    def profminimum_grades(self) -> frozenset[int]:
        """The grades профминимум covers: the profile's list, or 6–11 of the school."""
        if self.profminimum.grades is not None:
            given = parse_classes(self.profminimum.grades)
            if given is not None:
                return given
        return self.school_grades.profminimum
