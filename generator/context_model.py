"""The template context: every name a DOCX template may use.

This model is the contract between the templates and the generator. `profdocs check`
walks each template's Jinja AST and refuses any variable path that is not declared here,
so a methodologist's typo («school.shortname») is caught before a school prints it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Ctx(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Forms(_Ctx):
    """A word or phrase in the six cases; templates name the case explicitly."""

    nominative: str = Field(description="Именительный падеж (кто? что?)")
    genitive: str = Field(description="Родительный падеж (кого? чего?)")
    dative: str = Field(description="Дательный падеж (кому? чему?)")
    accusative: str = Field(description="Винительный падеж (кого? что?)")
    instrumental: str = Field(description="Творительный падеж (кем? чем?)")
    prepositional: str = Field(description="Предложный падеж (о ком? о чём?)")


class DateCtx(_Ctx):
    numeric: str = Field(description="Дата цифрами: 01.09.2026")
    words: str = Field(description="Дата словами: 1 сентября 2026 г.")
    iso: str = Field(description="Дата в формате ISO: 2026-09-01")


class PersonCtx(_Ctx):
    name: Forms = Field(description="Фамилия Имя Отчество по падежам")
    short: Forms = Field(description="И.О. Фамилия по падежам (для подписей и текста)")
    surname_first: str = Field(description="Фамилия И.О. (для списков ознакомления)")
    position: Forms = Field(description="Должность по падежам, со строчной буквы")
    gender: str = Field(description="male или female")
    acquainted: str = Field(description="«ознакомлен» или «ознакомлена» по полу")


class ProtocolCtx(_Ctx):
    number: str = Field(description="Номер протокола")
    date: DateCtx = Field(description="Дата протокола")


class OrderCtx(_Ctx):
    number: str = Field(description="Номер приказа о назначении координатора")
    date: DateCtx = Field(description="Дата приказа")
    effective_date: DateCtx = Field(description="Дата, с которой назначение вступает в силу")


class ActsCtx(_Ctx):
    order: OrderCtx
    pedagogical_council: ProtocolCtx = Field(description="Протокол педагогического совета")
    student_council: ProtocolCtx | None = Field(description="Протокол совета обучающихся")
    parent_council: ProtocolCtx | None = Field(description="Протокол совета родителей")
    approval: str = Field(
        description="Текст грифа: «приказом директора МАОУ … от 28.08.2026 № 124-о»"
    )


class SchoolCtx(_Ctx):
    full_name: str = Field(description="Полное наименование по уставу")
    short_name: str = Field(description="Сокращённое наименование по уставу")
    name_with_short: str = Field(description="Полное наименование (сокращённое) — реквизит")
    full_name_forms: Forms = Field(description="Полное наименование по падежам")
    locality: str = Field(description="Место составления: г. Томск, с. Мирный")
    municipality: str = Field(description="Муниципальное образование")
    address: str | None = Field(description="Почтовый адрес")


class CareerWeekCtx(_Ctx):
    title: str = Field(description="Название недели: Единая неделя профориентации")
    month: int = Field(description="Месяц проведения (1–12)")
    month_name: str = Field(description="Месяц в именительном падеже: март")
    when: str = Field(description="Сроки словами: «в марте», «в сентябре»")


class RegionCtx(_Ctx):
    name: Forms = Field(description="Субъект РФ по падежам: Томская область")
    institute_full: str = Field(description="Региональный институт развития образования")
    institute_short: str = Field(description="Сокращённое название института: ТОИПКРО")
    education_authority: str = Field(description="Региональный орган управления образованием")
    career_weeks: list[CareerWeekCtx] = Field(description="Региональные недели профориентации")


class YearCtx(_Ctx):
    label: str = Field(description="Учебный год: 2026/2027")
    start: int
    end: int
    first_day: DateCtx
    last_day: DateCtx


class RoleCtx(_Ctx):
    """One line of п. 7.1 of the work regulation."""

    key: str = Field(description="Ключ роли в профиле: director, psychologist …")
    title: str = Field(description="Название роли, как в п. 7.1: «педагог-психолог»")
    functions: str = Field(description="Функции роли по п. 7.1 Приложения 1")
    duties: list[str] = Field(description="Направления работы роли по Таблице 4")
    holders: str = Field(description="Кто исполняет: «М.П. Иванова» или слова о возложении")
    delegated: bool = Field(description="Функции роли возложены на другого работника")


class LegalActCtx(_Ctx):
    title: str = Field(description="Полное наименование акта в именительном падеже")
    instrumental: str = Field(description="Наименование для «в соответствии с …»/«… установленные»")
    short: str = Field(description="Краткое наименование для ссылок")


class LegalCtx(_Ctx):
    work_regulation: list[LegalActCtx] = Field(description="Правовая основа положения о работе")
    coordinator_regulation: list[LegalActCtx] = Field(
        description="Правовая основа положения о координаторе"
    )
    order: list[LegalActCtx] = Field(description="Правовая основа приказа о назначении")
    gost: str = Field(description="Обозначение ГОСТ, по которому оформлены документы")
    gost_title: str = Field(description="ГОСТ с наименованием")


class ProfminimumCtx(_Ctx):
    level: str = Field(description="Уровень профминимума: базовый, основной, продвинутый")
    level_genitive: str = Field(description="Уровень в родительном падеже: базового")
    hours: int = Field(description="Минимум часов в год: 40, 60 или 80")
    grades: str = Field(description="Классы: 6–11")
    course: str = Field(description="Курс внеурочной деятельности: «Россия — мои горизонты»")
    basis: str = Field(description="Документ, которым введена Единая модель профориентации")


class PartnersCtx(_Ctx):
    enterprises: list[str]
    colleges: list[str]
    universities: list[str]
    employment_centre: str | None
    others: list[str]
    all: list[str] = Field(description="Все партнёры одним списком")


class EventCtx(_Ctx):
    number: str = Field(description="Номер мероприятия в плане: 1.3")
    title: str = Field(description="Мероприятие")
    activity: str = Field(description="Вид деятельности по разд. 5 Приложения 2")
    classes: str = Field(description="Классы: 8–9, 10–11")
    when: str = Field(description="Сроки словами: сентябрь, март")
    marks: list[str] = Field(description="Отметки «•» по месяцам учебного года (сентябрь–июнь)")
    responsible: str = Field(description="Ответственный: роль, затем И.О. Фамилия")
    partners: str = Field(description="Социальные партнёры")


class DirectionCtx(_Ctx):
    number: int
    title: str = Field(description="Направление деятельности координатора (Прил. 2 разд. 4)")
    events: list[EventCtx]


class MonthCtx(_Ctx):
    name: str = Field(description="Месяц: Сентябрь")
    abbr: str = Field(description="Сокращение для узкой колонки: сен")
    year: int


class PlanCtx(_Ctx):
    months: list[MonthCtx] = Field(description="Месяцы учебного года, сентябрь–июнь")
    directions: list[DirectionCtx]
    events_total: int
    approver: PersonCtx = Field(description="Кто утверждает план (зам. директора по УВР)")
    approval_date: DateCtx


class JournalRowCtx(_Ctx):
    number: str = Field(description="№ п/п; пусто в бланковых строках")
    date: str
    person: str = Field(description="Ф.И.О. или код консультируемого")
    grade: str = Field(description="Класс")
    category: str = Field(description="обучающийся / родитель / педагог")
    form: str = Field(description="индивидуальная или групповая (число участников)")
    topic: str = Field(description="Запрос / тема")
    result: str = Field(description="Рекомендации / результат")


class JournalCtx(_Ctx):
    rows: list[JournalRowCtx]
    pseudonymized: bool = Field(description="Имена заменены кодами")
    blank: bool = Field(description="Журнал без записей: только бланковые строки")


class DocumentContext(_Ctx):
    """Everything a template sees. One context serves all six documents of a school."""

    school: SchoolCtx
    region: RegionCtx
    year: YearCtx
    director: PersonCtx
    deputy_uvr: PersonCtx = Field(description="Заместитель директора по УВР")
    deputy_vr: PersonCtx = Field(description="Заместитель директора по ВР")
    coordinator: PersonCtx
    roles: list[RoleCtx] = Field(description="Роли п. 7.1 Приложения 1, по порядку")
    acts: ActsCtx
    legal: LegalCtx
    profminimum: ProfminimumCtx
    partners: PartnersCtx
    plan: PlanCtx
    journal: JournalCtx
