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


class AuthorityCtx(_Ctx):
    """The municipal authority, lower case as mid-sentence (capitalise at a sentence start)."""

    nominative: str = Field(description="департамент образования администрации Города Томска")
    genitive: str = Field(description="департамента образования администрации Города Томска")
    dative: str = Field(description="департаменту образования администрации Города Томска")


class GradesCtx(_Ctx):
    label: str = Field(description="Классы школы: 1–11, 1–9, 1–4, 5–11")
    first: int = Field(description="Первый класс школы")
    last: int = Field(description="Последний класс школы")
    top: int = Field(description="Ключ вариантов текста: 4 (начальная), 9 (основная), 11")
    has_primary: bool = Field(description="Есть 1–4 классы")
    has_basic: bool = Field(description="Есть 5–9 классы")
    has_senior: bool = Field(description="Есть 10–11 классы")
    levels_phrase: str = Field(
        description="«на уровнях начального общего, основного общего и среднего общего образования»"
    )


class ProtocolCtx(_Ctx):
    number: str = Field(description="Номер протокола")
    date: DateCtx = Field(description="Дата протокола")


class AssignmentCtx(_Ctx):
    """One sub-item of the order's item that assigns functions to employees (ТК РФ ст. 60.2)."""

    roles_genitive: str = Field(description="Чьи функции: «библиотекаря», «социального педагога»")
    holder_accusative: str = Field(
        description="На кого: «на учителя начальных классов А.О. Шевчук»"
    )
    last: bool = Field(description="Последний подпункт (точка вместо точки с запятой)")


class OutsourcingCtx(_Ctx):
    """An item of the order giving functions to an organisation by agreement."""

    roles_genitive: str = Field(description="Чьи функции: «педагога-психолога»")
    functions: str = Field(
        description="Какие: «психологическая диагностика и психологическое консультирование "
        "обучающихся»"
    )
    organisation_genitive: str = Field(
        description="Кем: «специалистами» + родительный падеж: «МБУ «Асиновский ППМС-центр»»"
    )
    agreement_instrumental: str = Field(
        description="«в соответствии с соглашением о сетевом взаимодействии от 01.09.2026 № 7»"
    )


class OrderCtx(_Ctx):
    number: str = Field(description="Номер приказа о назначении координатора")
    date: DateCtx = Field(description="Дата приказа")
    effective_date: DateCtx = Field(description="Дата, с которой назначение вступает в силу")
    supervisor_accusative: str = Field(
        description="На кого возложен контроль за координатором: «на заместителя директора по "
        "учебно-воспитательной работе А.Н. Соколова»"
    )
    assignments: list[AssignmentCtx] = Field(
        description="Возложение функций без основания в профиле (ТК РФ ст. 60.2)"
    )
    outsourcings: list[OutsourcingCtx] = Field(
        description="Функции, выполняемые специалистами организаций по соглашению"
    )
    assignment_item: int | None = Field(
        description="Номер пункта приказа о возложении функций (для ссылок «пункт 4 "
        "настоящего приказа»), если он есть"
    )
    familiarise_by: str = Field(
        description="Кто знакомит работников с актами: «Заместителю директора по "
        "учебно-воспитательной работе А.Н. Соколову»"
    )


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
    full_name_forms: Forms = Field(
        description="Полное наименование по падежам для середины фразы: организационно-правовая "
        "форма со строчной буквы («в муниципальном автономном общеобразовательном учреждении …»)"
    )
    locality: str = Field(description="Место составления: г. Томск, с. Мирный")
    municipality: str = Field(description="Муниципальное образование")
    address: str | None = Field(description="Почтовый адрес")
    grades: GradesCtx = Field(description="Классы, которые есть в школе")
    education_authority: AuthorityCtx = Field(
        description="Муниципальный орган управления образованием"
    )


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
    """One line of п. 7.1 of the work regulation and one row of its Таблица 4: a role, never
    the people who hold it (a change of staff must not force the act to be adopted again)."""

    key: str = Field(description="Ключ роли в профиле: director, psychologist …")
    title: str = Field(description="Название роли, как в п. 7.1: «педагог-психолог»")
    functions: str = Field(description="Функции роли по п. 7.1 Приложения 1 (для этой школы)")
    duties: list[str] = Field(description="Направления работы роли по Таблице 4 (для этой школы)")


class GovernanceCtx(_Ctx):
    """Who supervises the coordinator and who approves the plan: one answer per package."""

    supervisor_key: str = Field(description="deputy_uvr или deputy_vr")
    supervisor: PersonCtx = Field(description="Кто руководит координатором (человек)")
    supervisor_role: Forms = Field(
        description="Роль руководителя координатора по падежам, для положений: «заместитель "
        "директора по учебно-воспитательной работе»"
    )
    plan_approver: PersonCtx = Field(description="Кто утверждает план-сетку (человек)")
    plan_approver_role: Forms = Field(description="Роль утверждающего план по падежам")
    plan_approver_is_director: bool = Field(description="План утверждает директор")
    plan_approver_post_line: str = Field(
        description="Строка грифа «УТВЕРЖДАЮ»: «Директор МАОУ СОШ № 77 г. Томска»"
    )


class AcquaintanceRowCtx(_Ctx):
    number: str = Field(description="№ п/п")
    name: str = Field(description="Фамилия И.О.")
    position: str = Field(description="Должность (и организация, если работник не школы)")
    roles: str = Field(description="Роли и возложенные функции по актам")


class AcquaintanceCtx(_Ctx):
    """Who signs that they have read the acts (ТК РФ ст. 22, 68): every role holder."""

    rows: list[AcquaintanceRowCtx] = Field(
        description="Все исполнители ролей, кроме директора, по порядку ролей и фамилий"
    )
    blank_rows: list[int] = Field(description="Пустые строки для работников, принятых позже")
    order_rows: list[AcquaintanceRowCtx] = Field(
        description="С приказом знакомятся: координатор, руководитель координатора, "
        "утверждающий план, работники, на которых приказ возлагает функции"
    )


class LegalActCtx(_Ctx):
    title: str = Field(description="Полное наименование акта в именительном падеже")
    instrumental: str = Field(description="Наименование для «в соответствии с …»/«… установленные»")
    short: str = Field(description="Краткое наименование для ссылок")


class RecommendationsCtx(_Ctx):
    title: str = Field(description="Методические рекомендации … (именительный падеж)")
    genitive: str = Field(description="Методических рекомендаций …")
    instrumental: str = Field(description="Методическими рекомендациями …")
    letter: str = Field(description="письмо Минпросвещения России от 14.08.2025 № ВЖ-1399/05")
    letter_instrumental: str = Field(
        description="письмом Минпросвещения России от 14.08.2025 № ВЖ-1399/05"
    )


class LegalCtx(_Ctx):
    guarantees: str = Field(
        description="Законы и стандарты Прил. 1 п. 1.3 («гарантии, установленные …»), "
        "творительный падеж, одной строкой; стандарты — только уровней образования школы"
    )
    guided_by: str = Field(
        description="Чем руководствуется координатор (Прил. 2 п. 1.3), творительный падеж"
    )
    recommendations: RecommendationsCtx = Field(
        description="Методические рекомендации по Единой модели профориентации и письмо, "
        "которым они направлены (цитируются как рекомендации, не как закон)"
    )
    order_basis: str = Field(
        description="Преамбула приказа: «В соответствии со статьями 28 и 30 … уставом …, на "
        "основании решения педагогического совета …, с учётом мнения …»"
    )
    personal_data_law: str = Field(
        description="Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» "
        "(родительный падеж: «статья 9 …»)"
    )
    gost: str = Field(description="Обозначение ГОСТ, по которому оформлены документы")
    gost_title: str = Field(description="ГОСТ с наименованием")


class ProfminimumCtx(_Ctx):
    applies: bool = Field(description="В школе есть 6–11 классы: профминимум реализуется")
    level: str = Field(description="Уровень профминимума: базовый, основной, продвинутый")
    level_genitive: str = Field(description="Уровень в родительном падеже: базового")
    level_prepositional: str = Field(description="Уровень в предложном падеже: базовом")
    hours: int = Field(description="Минимум часов в год: 40, 60 или 80")
    hours_words: str = Field(description="«60 часов»")
    grades: str = Field(description="Классы профминимума: 6–11 (6–9 в основной школе)")
    first_grade: int = Field(description="Первый класс профминимума: 6")
    last_grade: int = Field(description="Последний класс профминимума: 11 или 9")
    course: str = Field(description="Курс внеурочной деятельности: «Россия — мои горизонты»")
    course_hours_words: str = Field(description="Часов курса в год: «34 часа»")
    introduced_by: str = Field(
        description="Каким письмом внедрена Единая модель: «письмом Минпросвещения России "
        "от 01.06.2023 № АБ-2324/05»"
    )


class PartnerCtx(_Ctx):
    number: int = Field(description="Номер партнёра в перечне под планом")
    name: str


class PartnersCtx(_Ctx):
    enterprises: list[str]
    colleges: list[str]
    universities: list[str]
    employment_centre: str | None
    others: list[str]
    all: list[str] = Field(description="Все партнёры одним списком")
    numbered: list[PartnerCtx] = Field(
        description="Все партнёры с номерами, на которые ссылается план"
    )


class EventCtx(_Ctx):
    number: str = Field(description="Номер мероприятия в плане: 1.3")
    title: str = Field(description="Мероприятие")
    activity: str = Field(description="Вид деятельности по разд. 5 Приложения 2")
    classes: str = Field(description="Классы: 8–9, 10–11")
    when: str = Field(description="Сроки словами: сентябрь, март")
    marks: list[str] = Field(description="Отметки «•» по месяцам учебного года (сентябрь–июнь)")
    hours: str = Field(description="Часов в год на обучающегося: «2» или «—»")
    responsible: str = Field(
        description="Ответственные: роль и И.О. Фамилия; для возложенных функций — должность, "
        "И.О. Фамилия и «(функции …)»; каждый человек один раз"
    )
    partners: str = Field(description="Номера социальных партнёров по перечню: «1, 3–5»")
    done: str = Field(
        "",
        description="Отметка о выполнении по журналу выполненной работы: «выполнено "
        "12.10.2026»; пусто, пока мероприятие не отмечено",
    )


class DirectionCtx(_Ctx):
    number: int
    title: str = Field(description="Направление деятельности координатора (Прил. 2 разд. 4)")
    events: list[EventCtx]


class MonthCtx(_Ctx):
    name: str = Field(description="Месяц: Сентябрь")
    abbr: str = Field(description="Сокращение для узкой колонки: сент., окт., нояб.")
    year: int


class GradeHoursCtx(_Ctx):
    grade: int
    hours: int


class PlanCtx(_Ctx):
    months: list[MonthCtx] = Field(description="Месяцы учебного года, сентябрь–июнь")
    directions: list[DirectionCtx] = Field(
        description="Направления с мероприятиями; у последнего направления нет последнего "
        "мероприятия — оно в last_event"
    )
    last_event: EventCtx = Field(
        description="Последнее мероприятие плана: печатается в одной строке с подписью, "
        "чтобы подпись не оказалась одна на странице"
    )
    events_total: int
    approver: PersonCtx = Field(description="Кто утверждает план (governance.plan_approver)")
    approval_date: DateCtx
    hours_by_grade: list[GradeHoursCtx] = Field(
        description="Объём профориентационной деятельности по плану, часов в год, по классам"
    )
    hours_line: str = Field(description="«6 класс — 69; 7 класс — 69; …»")
    hours_minimum: int | None = Field(description="Минимум часов уровня профминимума")
    notes: list[str] = Field(
        description="Примечания под планом: возложенные функции, работники и специалисты "
        "других организаций"
    )
    abbreviations: str = Field(description="Сокращения, использованные в плане; пусто — нет")


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
    entries: list[JournalRowCtx] = Field(description="Записи журнала")
    blank_rows: list[int] = Field(description="Пустые строки для записей от руки")
    pseudonymized: bool = Field(description="Имена заменены кодами")
    blank: bool = Field(description="Журнал без записей: только бланковые строки")
    access: str = Field(
        description="Кто имеет доступ к журналу: «координатор по профессиональной ориентации "
        "М.П. Иванова, заместитель директора … и директор Е.В. Кузнецова»"
    )
    retention: str = Field(description="Срок хранения после окончания учебного года: «3 года»")


class ListItemCtx(_Ctx):
    """A sub-item of an order: its text and whether it ends the list (a full stop)."""

    text: str = Field(description="Текст подпункта без знака в конце")
    last: bool = Field(description="Последний подпункт (точка вместо точки с запятой)")
    blank: bool = Field(description="Строка для записи от руки: в профиле нет данных")


class ProfminimumOrderCtx(_Ctx):
    """The order on the Единая модель профориентации for the year (document 09)."""

    number: str = Field(description="Номер приказа или «________» для записи от руки")
    date: str = Field(description="Дата словами или ««___» ____________ 20___ г.»")
    basis: str = Field(
        description="Преамбула: закон, устав, методические рекомендации (письмо № ВЖ-1399/05) "
        "и письмо, которым введена Единая модель"
    )
    responsible_accusative: str = Field(
        description="Ответственный: «учителя географии М.П. Иванову»"
    )
    responsible_dative: str = Field(description="Ответственному: «М.П. Ивановой»")
    navigators: list[ListItemCtx] = Field(
        description="Педагоги-навигаторы в винительном падеже: «учителя физики С.П. Белых»"
    )
    course: list[ListItemCtx] = Field(
        description="Курс по классам: «в 6 классе — учителем истории А.Ф. Ёлкиной»"
    )
    bilet_v_budushchee: bool = Field(description="Школа участвует в проекте «Билет в будущее»")
    plan_item: str = Field(
        description="Пункт об утверждении плана-сетки (директором) или о работе по плану, "
        "утверждённому заместителем"
    )
    rows: list[AcquaintanceRowCtx] = Field(
        description="С приказом знакомятся все, кого он называет, кроме директора"
    )
    blank_rows: list[int] = Field(
        description="Пустые строки листа ознакомления для тех, кого впишут от руки"
    )
    hand_filled: bool = Field(description="В приказе есть строки для записи от руки")


class SelfReportRowCtx(_Ctx):
    number: str = Field(description="Номер показателя Приложения 4: «2.3»")
    title: str = Field(description="Показатель (catalog/indicators.yaml)")
    value: str = Field(
        description="Значение, рассчитанное по данным профиля; «заполняется вручную» — данных нет"
    )
    source: str = Field(description="Источник: поле профиля, журнал или записи журнала работы")
    blank: bool = Field(description="Значение заполняется от руки")


class SelfReportCtx(_Ctx):
    """The school's self-report against Приложение 4 (document 10)."""

    rows: list[SelfReportRowCtx] = Field(description="Показатели, относящиеся к одной школе")
    hand_filled: bool = Field(description="Есть ячейки для записи от руки")


class WorkLogRowCtx(_Ctx):
    number: int = Field(description="№ п/п")
    date: str = Field(description="Дата: 12.10.2026")
    title: str = Field(description="Содержание работы; для мероприятия плана — «(п. 2.1 плана)»")
    participants: str = Field(
        description="Классы и число участников: «8–9 кл.; 12 чел., в т. ч. с ОВЗ — 2»"
    )
    form: str = Field(description="Форма работы по каталогу: «профессиональная проба»")
    responsible: str = Field(description="Ответственный: И.О. Фамилия")
    partner: str = Field(description="Партнёр или «—»")
    result: str = Field(description="Результат")


class WorkLogCtx(_Ctx):
    entries: list[WorkLogRowCtx] = Field(description="Записи журнала выполненной работы")
    blank_rows: list[int] = Field(description="Пустые строки для записей от руки")


class NoteLineCtx(_Ctx):
    title: str = Field(description="Показатель (catalog/indicators.yaml)")
    value: str = Field(
        description="Значение, вычисленное по данным, или строка «________ (заполняется "
        "вручную: …)»"
    )
    counting: str = Field(description="Как считается показатель")


class NoteCriterionCtx(_Ctx):
    number: int = Field(description="Номер критерия Таблицы 3")
    title: str = Field(description="Критерий: «Организационный»")
    lines: list[NoteLineCtx] = Field(description="Показатели критерия")


class NoteHoursCtx(_Ctx):
    grade: int = Field(description="Класс")
    planned: str = Field(description="Часов по плану")
    delivered: str = Field(description="Часов проведено по журналу или строка для заполнения")
    minimum: str = Field(description="Минимум уровня модели")
    verdict: str = Field(description="«выполнен», «не выполнен» или пусто")
    line: str = Field(
        description="Строка справки: «9 класс — по плану 78, проведено 64, минимум выполнен»"
    )


class NoteCtx(_Ctx):
    criteria: list[NoteCriterionCtx] = Field(description="Критерии Таблицы 3 с показателями")
    hours: list[NoteHoursCtx] = Field(description="Часы Единой модели по классам")
    hours_applies: bool = Field(description="В школе есть классы профминимума")
    level: str = Field(description="Уровень модели: «основной»")
    level_genitive: str = Field(description="Уровень в родительном падеже: «основного»")
    hours_intro: str = Field(
        description="«Уровень модели — основной: не менее 60 часов в год в каждом классе.»"
    )
    comparison: list[str] = Field(description="Сравнение с прошлым годом, по строке")
    missing: list[str] = Field(description="Каких данных нет (для предупреждения сборки)")


class DocumentContext(_Ctx):
    """Everything a template sees. One context serves all six documents of a school."""

    school: SchoolCtx
    region: RegionCtx
    year: YearCtx
    director: PersonCtx
    coordinator: PersonCtx
    governance: GovernanceCtx
    roles: list[RoleCtx] = Field(description="Роли п. 7.1 Приложения 1, по порядку")
    acquaintance: AcquaintanceCtx
    acts: ActsCtx
    legal: LegalCtx
    profminimum: ProfminimumCtx
    partners: PartnersCtx
    plan: PlanCtx
    journal: JournalCtx
    profminimum_order: ProfminimumOrderCtx
    self_report: SelfReportCtx
    work_log: WorkLogCtx
    note: NoteCtx
