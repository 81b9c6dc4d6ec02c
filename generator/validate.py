"""Stage 2: check a loaded profile and say, in Russian, what to fix and where.

All problems are collected in one pass: an administrator who fixes ten mistakes one run at a
time gives up. Sections are validated separately where needed, so a typo in `partners`
does not hide a protocol dated after the order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import catalog
from . import load as load_stage
from .diagnostics import Diagnostic, ProfileError, suggestion
from .errors import ProfileInvalid
from .model import (
    NON_DELEGABLE_ROLES,
    ROLE_KEYS,
    Consultation,
    Journal,
    Person,
    Profile,
    RoleAssignment,
    Roles,
    WorkEntry,
    WorkLog,
)
from .paths import SCHOOL_ID_RULE, is_school_id
from .rules.acts import act_date_problems
from .rules.grades import SchoolGrades, format_classes, parse_classes
from .rules.plan import hours_by_grade, missing_weeks
from .russian.dates import academic_year_bounds
from .russian.typography import quote_balance
from .verify.names import role_words_in

Loc = tuple[str | int, ...]

SINGLE_HOLDER_ROLES = frozenset({"director", "deputy_uvr", "deputy_vr", "coordinator"})
# Roles only the school's own employees can hold: a worker of another organisation cannot.
SCHOOL_ONLY_ROLES = frozenset(
    {"director", "deputy_uvr", "deputy_vr", "coordinator", "class_teacher", "subject_teacher"}
)
_COUNCILS = (
    ("student_council", "no_student_council", "совета обучающихся", "обучающихся",
     "В школе обучаются только 1–4 классы; совет обучающихся не создан"),
    ("parent_council", "no_parent_council", "совета родителей", "родителей",
     "Совет родителей в школе не создан"),
)  # fmt: skip


def _role_label(key: str) -> tuple[str, str]:
    role = catalog.role(key)
    return role.title, role.source


# --- structural errors --------------------------------------------------------------------


def _model_at(model: Any, loc: Loc) -> type[BaseModel] | None:
    """The pydantic model whose fields are valid at `loc`, for did-you-mean suggestions."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            if field is None:
                return None
            current = field.annotation
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return current
    return None


def _unwrap(tp: Any) -> Any:
    """Strip Optional/list/Annotated down to the model or dict inside."""
    for _ in range(6):
        origin = get_origin(tp)
        if origin is None:
            return tp
        args = [a for a in get_args(tp) if a is not type(None)]
        if origin is list and args:
            tp = args[0]
        elif origin is dict:
            return tp
        elif args:
            tp = args[0]
        else:
            return tp
    return tp


def _field_description(loc: Loc) -> str:
    parent = _model_at(Profile, loc[:-1])
    if parent is None or not isinstance(loc[-1], str):
        return ""
    field = parent.model_fields.get(loc[-1])
    return (field.description or "") if field else ""


def _message(err: dict[str, Any], loc: Loc) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    key = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        parent = _model_at(Profile, loc[:-1])
        allowed = sorted(parent.model_fields) if parent else []
        hint = suggestion(str(key), allowed)
        listing = f" Допустимые ключи: {', '.join(allowed)}." if allowed else ""
        return f"Неизвестный ключ «{key}».{hint}{listing}"
    if kind == "missing":
        desc = _field_description(loc)
        return f"Не заполнено обязательное поле «{key}»." + (f" {desc}" if desc else "")
    if kind in {"string_type", "str_type"}:
        return "Ожидался текст." + _hint(loc)
    if kind == "string_too_short":
        return "Значение не может быть пустым." + _hint(loc)
    if kind == "string_pattern_mismatch":
        if key == "academic_year":
            return "Учебный год пишется как «2026/2027»."
        return "Ключ сотрудника пишется латиницей, цифрами, «_» или «-»: ivanova, petrov_a."
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "«", 1)
        options = [
            o.strip(" '") for o in str(ctx.get("expected", "")).replace(" or ", ",").split(",")
        ]
        options = [o for o in options if o]
        return (
            "Недопустимое значение. Допустимые значения: "
            + (", ".join(options) if options else expected)
            + "."
        )
    if kind.startswith("date") or kind.startswith("datetime"):
        return "Неверная дата: пишите 2026-08-28 или 28.08.2026, и такой день должен существовать."
    if kind == "finite_number":
        return "Ожидалось целое число, например 25."
    if kind.startswith("int") or kind.startswith("float"):
        return "Ожидалось целое число."
    if kind.startswith("bool"):
        return "Ожидалось true (да) или false (нет)."
    if kind == "list_type":
        return "Ожидался список: каждый элемент на новой строке, начиная с «- »."
    if kind in {"dict_type", "model_type", "model_attributes_type", "mapping_type"}:
        return "Ожидался раздел с вложенными ключами (ключ: значение)." + _hint(loc)
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bounds = {
            "greater_than_equal": "не меньше",
            "less_than_equal": "не больше",
            "greater_than": "больше",
            "less_than": "меньше",
        }[kind]
        limit = next(iter(ctx.values()), "")
        return f"Число должно быть {bounds} {limit}."
    if kind == "too_short":
        return "Список не может быть пустым." + _hint(loc)
    if kind == "too_long":
        return "Слишком длинный список."
    if kind in {"value_error", "assertion_error"}:
        text = str(ctx.get("error", err.get("msg", "")))
        return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
    if kind == "string_too_long":
        return "Слишком длинный текст." + _hint(loc)
    if kind in {"iterable_type", "tuple_type", "set_type"}:
        return "Ожидался список: каждый элемент на новой строке, начиная с «- »."
    return "Недопустимое значение: проверьте, что написано в этом месте." + _hint(loc)


def _hint(loc: Loc) -> str:
    desc = _field_description(loc)
    return f" {desc}" if desc else ""


def _structural(
    exc: ValidationError, positions: load_stage.Positions, prefix: Loc = ()
) -> list[Diagnostic]:
    out = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = (*prefix, *err["loc"])
        line, col = positions.locate(loc)
        out.append(ProfileError(positions.file, line, col, loc, _message(err, loc)))
    return out


# --- semantic checks ----------------------------------------------------------------------


class _Checker:
    def __init__(self, positions: load_stage.Positions) -> None:
        self.positions = positions
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []

    def add(self, loc: Loc, message: str) -> None:
        line, col = self.positions.locate(loc)
        self.errors.append(ProfileError(self.positions.file, line, col, loc, message))

    def warn(self, loc: Loc, message: str) -> None:
        line, col = self.positions.locate(loc)
        self.warnings.append(
            Diagnostic.at(self.positions.file, line, col, loc, message, severity="warning")
        )


# Years a package can be made for: the law it cites is of the 2020s; outside this range a
# year is a typo («9999/10000», «0202/0203»), and dates beyond 9999 cannot even be built.
FIRST_YEAR, LAST_YEAR = 2000, 2099


def _year_bounds(academic_year: str) -> tuple[dt.date, dt.date] | None:
    try:
        start, end = (int(x) for x in academic_year.split("/"))
    except ValueError:
        return None
    if end != start + 1 or not FIRST_YEAR <= start <= LAST_YEAR:
        return None
    return academic_year_bounds(start)


def order_date_problem(date: dt.date, academic_year: str | None) -> str | None:
    """An order of the year is issued before the year begins (within a year) or during it:
    the one rule for the appointment order and the order on the Единая модель."""
    bounds = _year_bounds(academic_year) if academic_year else None
    if bounds is None:
        return None
    first, last = bounds
    if date > last or date < dt.date(first.year - 1, first.month, first.day):
        return (
            f"Дата приказа не относится к учебному году {academic_year}: приказ издаётся "
            "перед началом года или в течение него."
        )
    return None


def _unknown_staff(check: _Checker, loc: Loc, ref: str, staff_ids: set[str]) -> bool:
    """True (and an error at `loc`) when `ref` is not a key of staff."""
    if ref in staff_ids:
        return False
    hint = suggestion(ref, staff_ids)
    check.add(
        loc,
        f"Сотрудника с ключом «{ref}» нет в разделе staff.{hint} Добавьте его в staff "
        "или исправьте ключ.",
    )
    return True


def _check_people(check: _Checker, staff: dict[str, Person]) -> None:
    for key, person in staff.items():
        if person.gender is None and person.name.gender is None:
            check.add(
                ("staff", key, "name"),
                "Не удалось определить пол по отчеству. Добавьте сотруднику строку "
                "«gender: female» или «gender: male».",
            )


def _is_pedagogical(person: Person) -> bool | None:
    if person.pedagogical is not None:
        return person.pedagogical
    from .russian import is_pedagogical

    return is_pedagogical(person.position)


def _check_roles(
    check: _Checker, roles: Roles, staff_ids: set[str], staff: dict[str, Person]
) -> None:
    for key in ROLE_KEYS:
        value: RoleAssignment | None = getattr(roles, key)
        title, source = _role_label(key)
        loc: Loc = ("roles", key)
        if value is None:
            check.add(
                ("roles",),
                f"Роль «{title}» не назначена ({source}). Укажите сотрудника "
                f"(«{key}: ключ_сотрудника») или, если такой должности в штате нет, возложите "
                f"функции на другого работника («{key}: {{delegated_to: ключ_сотрудника}}»).",
            )
            continue
        if value.delegated_to is not None and key in NON_DELEGABLE_ROLES:
            check.add(
                loc,
                f"Функции роли «{title}» нельзя возложить: укажите сотрудника, который "
                f"назначен на эту роль ({source}).",
            )
        if key in SINGLE_HOLDER_ROLES and len(value.holders) > 1:
            check.add(loc, f"Роль «{title}» исполняет один сотрудник: оставьте один ключ.")
        refs = [*value.holders, *([value.delegated_to] if value.delegated_to else [])]
        for i, ref in enumerate(refs):
            where = (
                (*loc, "delegated_to")
                if value.delegated_to == ref
                else ((*loc, i) if len(value.holders) > 1 else loc)
            )
            _unknown_staff(check, where, ref, staff_ids)
    _check_deputy_post(check, roles, staff)
    _check_director_post(check, roles, staff)
    coordinator = roles.coordinator
    if coordinator and coordinator.holders:
        ref = coordinator.holders[0]
        person = staff.get(ref)
        if person is not None:
            pedagogical = _is_pedagogical(person)
            if pedagogical is None:
                check.add(
                    ("staff", ref, "position"),
                    "Должности координатора нет в справочнике должностей profdocs, поэтому "
                    "нельзя проверить, педагогическая ли она (Прил. 2, п. 1.2). Если должность "
                    "педагогическая, добавьте сотруднику строку «pedagogical: true».",
                )
            elif not pedagogical:
                check.add(
                    ("roles", "coordinator"),
                    "Координатором по профессиональной ориентации назначается педагогический "
                    "работник (Прил. 2, п. 1.2), а должность этого сотрудника не педагогическая. "
                    "Назначьте учителя, педагога-психолога, социального педагога или другого "
                    "педагогического работника.",
                )


_DEPUTY_UVR_POST = re.compile(
    r"(?<![а-яё])по\s+(?:учебно-воспитательной\s+работе|увр)(?![а-яё])", re.IGNORECASE
)


def _check_deputy_post(check: _Checker, roles: Roles, staff: dict[str, Person]) -> None:
    """The order puts the coordinator under the deputy for УВР and names the post (Прил. 2,
    п. 6.2); the order check looks for it there, so the post must say it."""
    value: RoleAssignment | None = roles.deputy_uvr
    if value is None:
        return
    ref = value.holders[0] if value.holders else value.delegated_to
    person = staff.get(ref or "")
    if person is None or _DEPUTY_UVR_POST.search(person.position.lower()):
        return
    check.add(
        ("roles", "deputy_uvr"),
        "Руководство работой координатора приказ возлагает на заместителя директора по "
        "учебно-воспитательной работе (Прил. 2, п. 6.2), а в должности этого сотрудника нет "
        "слов «по учебно-воспитательной работе» или «по УВР». Назначьте на роль заместителя "
        "по УВР или уточните его должность в staff.",
    )


def _check_director_post(check: _Checker, roles: Roles, staff: dict[str, Person]) -> None:
    """Documents name the director by her post («директор О.И. Шевчук») and verification
    takes a name after «директор» for the plan's approver: the director's post must say
    «директор», and no one else's may."""
    value: RoleAssignment | None = roles.director
    ref = value.holders[0] if value is not None and value.holders else None
    if ref in staff and "director" not in role_words_in(staff[ref].position):
        check.add(
            ("roles", "director"),
            "На роль директора назначен сотрудник, в должности которого нет слова «директор» "
            f"(staff.{ref}.position). Укажите в roles.director ключ директора школы или исправьте "
            "его должность в staff.",
        )
    for key, person in staff.items():
        if key != ref and "director" in role_words_in(person.position):
            check.add(
                ("staff", key, "position"),
                "Должность этого сотрудника читается как должность директора, а директор "
                "школы (roles.director) — другой сотрудник. Исправьте должность (у заместителя — "
                "с направлением: «заместитель директора по учебно-воспитательной работе») "
                "или назначьте этого сотрудника в roles.director.",
            )


def _check_dates(check: _Checker, profile_year: str | None, acts: Any) -> None:
    bounds = _year_bounds(profile_year) if profile_year else None
    well_formed = bool(profile_year and re.fullmatch(r"\d{4}/\d{4}", profile_year))
    if well_formed and bounds is None:
        start = int(str(profile_year)[:4])
        check.add(
            ("academic_year",),
            "Учебный год должен состоять из двух соседних лет: «2026/2027»."
            if FIRST_YEAR <= start <= LAST_YEAR
            else f"Учебный год должен быть между {FIRST_YEAR}/{FIRST_YEAR + 1} и "
            f"{LAST_YEAR}/{LAST_YEAR + 1}: проверьте, нет ли опечатки.",
        )
    if acts is None:
        return
    order = acts.order
    councils = {
        key: protocol.date
        for key in ("student_council", "parent_council")
        if (protocol := getattr(acts, key)) is not None
    }
    for problem in act_date_problems(
        order.date, order.effective_date, acts.pedagogical_council.date, councils
    ):
        check.add(problem.path, problem.message)
    if bounds is not None:
        first, last = bounds
        if not first <= order.effective_date <= last:
            check.add(
                ("acts", "order", "effective_date"),
                f"Дата вступления в силу вне учебного года {profile_year} "
                f"({first:%d.%m.%Y}–{last:%d.%m.%Y}).",
            )
        problem = order_date_problem(order.date, profile_year)
        if problem:
            check.add(("acts", "order", "date"), problem)
        if acts.plan_approval_date is not None and acts.plan_approval_date > last:
            check.add(
                ("acts", "plan_approval_date"),
                f"План утверждается до конца учебного года {profile_year}.",
            )


def _check_plan(check: _Checker, plan: Any, staff_ids: set[str]) -> None:
    if plan is None or not plan.events:
        return
    known = set(ROLE_KEYS) | staff_ids
    for i, event in enumerate(plan.events):
        for j, ref in enumerate(event.responsible):
            if ref not in known:
                hint = suggestion(ref, known)
                check.add(
                    ("plan", "events", i, "responsible", j),
                    f"Ответственный «{ref}» — не роль и не сотрудник.{hint} Укажите ключ роли "
                    "(coordinator, class_teacher …) или ключ сотрудника из staff.",
                )
        if 7 in event.months or 8 in event.months:
            check.add(
                ("plan", "events", i, "months"),
                "План-сетка охватывает сентябрь–июнь: уберите июль и август.",
            )


Origin = tuple[str, int, int, Loc]  # file, line, column, key path (empty for a CSV row)


def _check_journal(
    check: _Checker, journal: Journal | None, base: Path, year: str | None
) -> tuple[list[Consultation], list[Origin]]:
    if journal is None:
        return [], []
    return _merge_entries(
        check,
        "journal",
        journal.entries,
        journal.csv,
        base,
        year,
        Consultation,
        load_stage.read_consultations_csv,
        load_stage.CSV_COLUMNS,
        f"Дата консультации вне учебного года {year}.",
        ("topic", "result"),
    )


E = TypeVar("E", bound=BaseModel)


def _merge_entries(
    check: _Checker,
    section: str,
    inline: list[E],
    csv_path: str | None,
    base: Path,
    year: str | None,
    model: type[E],
    read: Callable[[Path], tuple[list[dict[str, str]], list[ProfileError]]],
    columns: tuple[str, ...],
    outside: str,
    quoted: tuple[str, ...],
) -> tuple[list[E], list[Origin]]:
    """A journal's inline entries followed by its CSV rows, each with where it came from;
    problems located at the profile key or at the CSV's row."""
    entries = list(inline)
    origins: list[Origin] = []
    for i in range(len(entries)):
        loc: Loc = (section, "entries", i)
        line, col = check.positions.locate(loc)
        origins.append((check.positions.file, line, col, loc))
    rows: list[dict[str, str]] = []
    if csv_path:
        rows, errors = read(base / csv_path)
        for e in errors:
            if e.line:  # a place inside the CSV: the CSV's line
                check.errors.append(e)
            else:  # the file as a whole: at the profile's <section>.csv
                line, col = check.positions.locate((section, "csv"))
                check.errors.append(
                    ProfileError(
                        check.positions.file,
                        line,
                        col,
                        (section, "csv"),
                        e.message,  # the file is the one <section>.csv names
                    )
                )
    bounds = _year_bounds(year) if year else None
    for n, row in enumerate(rows, start=2):
        data = {k: v for k, v in row.items() if k in columns and v != ""}
        csv_file = str(base / csv_path) if csv_path else ""
        try:
            entry = model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False, include_input=False):
                column = str(err["loc"][0]) if err["loc"] else ""
                msg = _message(err, (section, "entries", 0, column))
                check.errors.append(ProfileError(csv_file, n, 1, (column,), msg))
            continue
        if bounds and not bounds[0] <= entry.date <= bounds[1]:  # type: ignore[attr-defined]
            check.errors.append(ProfileError(csv_file, n, 1, ("date",), outside))
        entries.append(entry)
        origins.append((csv_file, n, 1, ()))
        for column in quoted:
            balance = quote_balance(getattr(entry, column) or "")
            if balance:
                check.errors.append(
                    ProfileError(csv_file, n, 1, (column,), _quotes_message(balance))
                )
    if bounds:
        for i, entry in enumerate(inline):
            if not bounds[0] <= entry.date <= bounds[1]:  # type: ignore[attr-defined]
                check.add((section, "entries", i, "date"), outside)
    return entries, origins


def _at(check: _Checker, origin: Origin, column: str, message: str) -> None:
    """A problem with one merged entry: at its profile key, or at its CSV row."""
    file, line, col, loc = origin
    if loc:
        check.add((*loc, column), message)
    else:
        check.errors.append(ProfileError(file, line, col, (column,), message))


def _check_work_log(
    check: _Checker, log: WorkLog | None, base: Path, year: str | None, staff_ids: set[str]
) -> tuple[list[WorkEntry], list[Origin]]:
    if log is None:
        return [], []
    entries, origins = _merge_entries(
        check,
        "work_log",
        log.entries,
        log.csv,
        base,
        year,
        WorkEntry,
        load_stage.read_work_log_csv,
        load_stage.WORK_LOG_COLUMNS,
        f"Дата записи журнала выполненной работы вне учебного года {year}.",
        ("title", "result"),
    )
    for entry, origin in zip(entries, origins, strict=True):
        if entry.responsible not in staff_ids:
            hint = suggestion(entry.responsible, staff_ids)
            _at(
                check,
                origin,
                "responsible",
                f"Ответственный «{entry.responsible}» не найден в staff.{hint} Укажите ключ "
                "сотрудника из staff.",
            )
        if entry.participants_ovz is not None and entry.participants_ovz > entry.participants:
            _at(
                check,
                origin,
                "participants_ovz",
                f"Участников с ОВЗ ({entry.participants_ovz}) больше, чем участников всего "
                f"({entry.participants}).",
            )
    return entries, origins


def _check_work_log_events(
    check: _Checker, profile: Profile, entries: list[WorkEntry], origins: list[Origin]
) -> None:
    """An entry's event is a number of the plan grid as printed: it must be there."""
    from .context import plan_numbers  # the plan as the grid numbers it

    numbers = plan_numbers(profile)
    for entry, origin in zip(entries, origins, strict=True):
        if entry.event is not None and entry.event not in numbers:
            shown_numbers = ", ".join(list(numbers)[:3])
            _at(
                check,
                origin,
                "event",
                f"Мероприятия № {entry.event} в плане-сетке нет. Укажите номер из столбца "
                f"«№ п/п» плана ({shown_numbers} …) или уберите event.",
            )


def _quotes_message(balance: tuple[int, int]) -> str:
    opened, closed = balance
    return (
        f"Кавычки не парные: открывающих {opened}, закрывающих {closed}. Проверьте, что у "
        "каждой открывающей кавычки есть закрывающая («…», вложенные — „…“)."
    )


def _check_quotes(check: _Checker, value: Any, loc: Loc) -> None:
    """Every text of the profile: quotes must pair up, or «…» cannot be printed."""
    if isinstance(value, str):
        balance = quote_balance(value)
        if balance:
            check.add(loc, _quotes_message(balance))
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_quotes(check, item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_quotes(check, item, (*loc, i))


def _check_school(check: _Checker, school: Any, data: dict[str, Any]) -> SchoolGrades | None:
    if school is None:
        return None
    region = catalog.regions().regions[school.region]
    name = school.education_authority
    if name is None:
        entry = region.municipal_authorities.get(school.municipality)
        if entry is None:
            check.add(
                ("school", "municipality"),
                f"Для муниципалитета «{school.municipality}» в справочнике regions.yaml нет "
                "органа управления образованием. Укажите его в профиле со строчной буквы: "
                "school.education_authority: «управление образования администрации … района».",
            )
        else:
            name = entry.name
    if name is not None:
        head = name.split()[0].lower() if name.split() else ""
        if head not in region.authority_heads:
            check.add(
                ("school", "education_authority"),
                f"Не удалось склонить «{name.split()[0] if name.split() else name}»: начните "
                "наименование со слов «управление», «департамент», «отдел» или «комитет» "
                "либо добавьте слово в authority_heads (regions.yaml).",
            )
    return SchoolGrades.parse(school.grades)


# Role words verification reads before a name («Директор {{ short_name }} … О.И. Шевчук»):
# in a school's name they would make the director someone else's subordinate.
_NAME_ROLES = {"director": "директор", "deputy_uvr": "по УВР", "deputy_vr": "по ВР",
               "coordinator": "координатор"}  # fmt: skip


def _check_school_names(check: _Checker, school: Any) -> None:
    """The school's names stand in sentences and before the director's name: one without
    a letter («—») breaks the sentence, one with a role word reads as someone's post."""
    if school is None:
        return
    names: list[tuple[Loc, str]] = [
        (("school", "full_name"), school.full_name),
        (("school", "short_name"), school.short_name),
    ]
    if school.full_name_forms is not None:
        forms = school.full_name_forms.model_dump(exclude_none=True)
        names.extend((("school", "full_name_forms", case), text) for case, text in forms.items())
    for loc, text in names:
        if not any(ch.isalpha() for ch in text):
            check.add(loc, "В наименовании школы нет ни одной буквы. Укажите его по уставу.")
            continue
        words = [_NAME_ROLES[r] for r in role_words_in(text) if r in _NAME_ROLES]
        if words:
            check.add(
                loc,
                f"Наименование школы читается как должность (слова «{words[0]}»): в документах "
                "оно стоит перед подписью директора. Укажите наименование по уставу, без "
                "названий должностей.",
            )


def _check_organisations(
    check: _Checker, sections: dict[str, Any], staff: dict[str, Person]
) -> None:
    organisations = sections.get("organisations") or {}
    roles = sections.get("roles")

    def unknown(loc: Loc, key: str) -> None:
        hint = suggestion(key, set(organisations))
        check.add(
            loc,
            f"Организации с ключом «{key}» нет в разделе organisations.{hint} Добавьте её "
            "(name, kind, agreement) или исправьте ключ.",
        )

    for key, person in staff.items():
        if person.employer and person.employer not in organisations:
            unknown(("staff", key, "employer"), person.employer)
    if roles is None:
        return
    for key in ROLE_KEYS:
        value: RoleAssignment | None = getattr(roles, key)
        if value is None:
            continue
        title = catalog.role(key).title
        if value.outsourced_to:
            if value.outsourced_to not in organisations:
                unknown(("roles", key, "outsourced_to"), value.outsourced_to)
            if not catalog.role(key).outsourceable:
                check.add(
                    ("roles", key, "outsourced_to"),
                    f"Функции роли «{title}» организации не передаются: их исполняет работник "
                    "школы. Уберите outsourced_to.",
                )
        if key in SCHOOL_ONLY_ROLES:
            refs = [*value.holders, *([value.delegated_to] if value.delegated_to else [])]
            for ref in refs:
                person = staff.get(ref)
                if person is not None and person.employer:
                    check.add(
                        ("roles", key),
                        f"Работник другой организации (employer) не может исполнять роль "
                        f"«{title}»: укажите работника школы.",
                    )
    psychologist: RoleAssignment | None = getattr(roles, "psychologist", None)
    if psychologist is not None and psychologist.delegated_to and not psychologist.outsourced_to:
        person = staff.get(psychologist.delegated_to)
        if person is not None:
            from .russian import decline_position

            check.warn(
                ("roles", "psychologist"),
                "Функции педагога-психолога возложены на "
                f"{decline_position(person.position, 'accusative')}: психологическую "
                "диагностику и психологическое консультирование проводит педагог-психолог. "
                "Укажите организацию, которая их выполняет (roles.psychologist.outsourced_to), "
                "или назначьте педагога-психолога.",
            )


def _check_acts(check: _Checker, acts: Any) -> None:
    if acts is None:
        return
    gost = catalog.legal_basis().gost[acts.gost_edition]
    if gost.status != "in_force":
        check.add(
            ("acts", "gost_edition"),
            f"{gost.code} утратил силу: с 18.08.2025 действует ГОСТ Р 7.0.97-2025. Напишите "
            'gost_edition: "2025" (или удалите строку — это значение по умолчанию).',
        )
    for key, reason, genitive, short, example in _COUNCILS:
        protocol, why = getattr(acts, key), getattr(acts, reason)
        if protocol is None and why is None:
            check.add(
                ("acts",),
                f"Нет протокола {genitive}. Локальные акты, затрагивающие права обучающихся, "
                f"принимаются с учётом мнения {genitive} (часть 3 статьи 30 Федерального закона "
                f"№ 273-ФЗ). Добавьте acts.{key}: {{number: …, date: …}} или, если совета нет, "
                f"напишите причину: acts.{reason}: «{example}».",
            )
        elif protocol is not None and why is not None:
            check.add(
                ("acts", reason),
                f"Укажите одно из двух: протокол совета {short} ({key}) или причину, по которой "
                f"его нет ({reason}).",
            )


def _check_governance(check: _Checker, sections: dict[str, Any]) -> None:
    governance, roles, plan = (
        sections.get("governance"),
        sections.get("roles"),
        sections.get("plan"),
    )
    if governance is None or roles is None:
        return
    uvr, vr = getattr(roles, "deputy_uvr", None), getattr(roles, "deputy_vr", None)
    if (
        governance.coordinator_supervisor == "deputy_vr"
        and vr is not None
        and not vr.holders
        and uvr is not None
        and uvr.holders
    ):
        check.warn(
            ("governance", "coordinator_supervisor"),
            "Контроль за координатором возложен на роль заместителя по ВР, функции которой "
            "выполняет другой работник по возложению; проверьте, не вернее ли deputy_uvr.",
        )
    if governance.plan_approver == "coordinator_supervisor" and plan is not None and plan.events:
        for i, event in enumerate(plan.events):
            if "director" in event.responsible:
                check.add(
                    ("plan", "events", i, "responsible"),
                    "План утверждает заместитель директора, а ответственным за мероприятие "
                    "назначен директор. Уберите директора из ответственных или укажите "
                    "governance.plan_approver: director.",
                )


# Who the order on the Единая модель names, and why a post must be pedagogical there.
_PROFMINIMUM_PEOPLE = {
    "responsible": ("ответственного за реализацию Единой модели", None),
    "navigators": (
        "педагога-навигатора",
        "Педагог-навигатор — педагогический работник (методические рекомендации по "
        "реализации Единой модели, письмо № ВЖ-1399/05)",
    ),
    "course_teachers": (
        "учителя курса «Россия — мои горизонты»",
        "Курс внеурочной деятельности ведёт педагогический работник (статья 46 Федерального "
        "закона № 273-ФЗ)",
    ),
}


def _check_profminimum_people(
    check: _Checker,
    profminimum: Any,
    covered: frozenset[int],
    staff: dict[str, Person],
    staff_ids: set[str],
) -> None:
    base: Loc = ("profminimum",)
    refs: list[tuple[str, Loc, str]] = []
    if profminimum.responsible is not None:
        refs.append(("responsible", (*base, "responsible"), profminimum.responsible))
    seen: set[str] = set()
    for i, ref in enumerate(profminimum.navigators):
        loc = (*base, "navigators", i)
        if ref in seen:
            check.add(loc, f"Сотрудник «{ref}» уже есть в списке педагогов-навигаторов.")
            continue
        seen.add(ref)
        refs.append(("navigators", loc, ref))
    for grade, ref in sorted(profminimum.course_teachers.items()):
        loc = (*base, "course_teachers", str(grade))
        if grade not in covered:
            check.add(
                loc,
                f"Курс «Россия — мои горизонты» ведётся в классах профминимума "
                f"({format_classes(covered)}), а {grade} класса среди них нет.",
            )
            continue
        refs.append(("course_teachers", loc, ref))
    for field, loc, ref in refs:
        if _unknown_staff(check, loc, ref, staff_ids):
            continue
        person = staff.get(ref)
        if person is None:
            continue
        label, why = _PROFMINIMUM_PEOPLE[field]
        if person.employer:
            check.add(
                loc,
                f"В качестве {label} приказ называет работника школы, а этот сотрудник — "
                "работник другой организации (employer).",
            )
            continue
        if why is None:
            continue
        pedagogical = _is_pedagogical(person)
        if pedagogical is None:
            check.add(
                ("staff", ref, "position"),
                f"Должности сотрудника, указанного в качестве {label}, нет в справочнике "
                "должностей profdocs, поэтому нельзя проверить, педагогическая ли она. Если "
                "должность педагогическая, добавьте сотруднику строку «pedagogical: true».",
            )
        elif not pedagogical:
            check.add(
                loc,
                f"{why}, а должность этого сотрудника не педагогическая. Укажите учителя или "
                "другого педагогического работника.",
            )


def _profminimum_gaps(profminimum: Any, covered: frozenset[int]) -> list[str]:
    """What the order on the Единая модель leaves to fill by hand."""
    gaps = []
    order = profminimum.order
    if order is None or order.number is None:
        gaps.append("номер приказа (profminimum.order.number)")
    if order is None or order.date is None:
        gaps.append("дата приказа (profminimum.order.date)")
    if not profminimum.navigators:
        gaps.append("педагоги-навигаторы (profminimum.navigators)")
    missing = sorted(covered - set(profminimum.course_teachers))
    if missing:
        gaps.append(
            f"учителя курса «Россия — мои горизонты» для {format_classes(set(missing))} "
            "классов (profminimum.course_teachers)"
        )
    return gaps


def _check_profminimum(
    check: _Checker,
    profminimum: Any,
    grades: SchoolGrades | None,
    given: bool,
    staff: dict[str, Person],
    staff_ids: set[str],
    year: str | None,
) -> None:
    if grades is None or profminimum is None:
        return
    if not grades.profminimum:
        if given:
            check.add(
                ("profminimum",),
                "В школе нет 6–11 классов: Единая модель профессиональной ориентации "
                "(профминимум) охватывает 6–11 классы. Удалите раздел profminimum.",
            )
        return
    if profminimum.grades is not None:
        wanted = parse_classes(profminimum.grades)
        if not wanted or not wanted <= grades.profminimum:
            check.add(
                ("profminimum", "grades"),
                f"Классы профминимума должны входить в классы школы ({grades.label}) и в 6–11: "
                f"например, «{format_classes(grades.profminimum)}».",
            )
    covered = grades.profminimum
    if profminimum.grades is not None:
        covered = parse_classes(profminimum.grades) or covered
    _check_profminimum_people(check, profminimum, covered, staff, staff_ids)
    order = profminimum.order
    if order is not None and order.date is not None:
        problem = order_date_problem(order.date, year)
        if problem:
            check.add(("profminimum", "order", "date"), problem)
    gaps = _profminimum_gaps(profminimum, covered)
    if gaps:
        check.warn(
            ("profminimum",),
            "В приказе о реализации Единой модели профориентации остаются строки для записи "
            f"от руки: {'; '.join(gaps)}. Укажите их в профиле, чтобы приказ был заполнен.",
        )


def _check_plan_grades(
    check: _Checker, sections: dict[str, Any], grades: SchoolGrades | None, staff_ids: set[str]
) -> None:
    plan = sections.get("plan")
    if plan is None or not plan.events or grades is None:
        return
    events = []
    for i, event in enumerate(plan.events):
        classes = parse_classes(event.classes)
        loc: Loc = ("plan", "events", i, "classes")
        if classes is None:
            check.add(
                loc,
                "Классы пишутся так: «6–11», «8–9», «9, 11»; для мероприятий без обучающихся — "
                "«—».",
            )
            continue
        outside = sorted(classes - grades.grades)
        if outside:
            check.add(
                loc,
                f"В школе нет {outside[0]} класса: классы мероприятия должны входить в "
                f"{grades.label}.",
            )
        events.append(
            {"title": event.title, "months": event.months, "classes": classes, "hours": event.hours}
        )
    profminimum = sections.get("profminimum")
    if profminimum is None or not grades.profminimum or len(events) != len(plan.events):
        return
    defaults = catalog.plan_defaults()
    covered = grades.profminimum
    if profminimum.grades is not None:
        covered = parse_classes(profminimum.grades) or covered
    school = sections.get("school")
    region = school.region if school is not None else "tomsk"
    chosen = [e for e in defaults.events if e.levels is None or profminimum.level in e.levels]
    for week in missing_weeks(events, chosen, region):
        classes = parse_classes(week.classes or "—") or frozenset()
        events.append({"classes": classes, "hours": week.hours})
    hours = hours_by_grade(((e["classes"], e["hours"]) for e in events), covered)
    level = defaults.levels[profminimum.level]
    short = [(g, h) for g, h in hours.items() if h < level.hours]
    if short:
        listed = "; ".join(f"{g} класс — {h} ч (не хватает {level.hours - h} ч)" for g, h in short)
        first, last = min(covered), max(covered)
        check.add(
            ("plan", "events"),
            f"Для {level.genitive} уровня профминимума нужно не менее {level.hours} часов в год "
            f"в каждом классе с {first} по {last}, а в плане: {listed}. Добавьте мероприятия "
            "для этих классов или укажите часы (hours) у мероприятий.",
        )


# --- entry points -------------------------------------------------------------------------


class ValidProfile:
    """A profile that passed every check, with the journal entries merged from CSV; where
    each entry came from (to locate a problem found later); the warnings it gave."""

    def __init__(
        self,
        profile: Profile,
        path: Path,
        consultations: list[Consultation],
        origins: list[Origin] | None = None,
        warnings: list[Diagnostic] | None = None,
    ) -> None:
        self.profile = profile
        self.path = path
        self.consultations = consultations
        self.origins = origins or []
        self.warnings = warnings or []
        self.work_log: list[WorkEntry] = []  # inline entries, then the CSV's rows
        self.work_log_origins: list[Origin] = []

    @property
    def school_id(self) -> str:
        return self.path.stem

    def school_texts(self) -> list[str]:
        """Every text the school wrote itself, outside the staff list: names of the school
        and partners, plan events, journal entries, bases of delegation."""
        out: list[str] = []

        def visit(value: Any) -> None:
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, dict):
                for item in value.values():
                    visit(item)
            elif isinstance(value, list | tuple):
                for item in value:
                    visit(item)

        visit(self.profile.model_dump(exclude={"staff", "roles"}))
        visit([c.model_dump() for c in self.consultations])
        visit([w.model_dump() for w in self.work_log])
        for key in ROLE_KEYS:
            value: RoleAssignment | None = getattr(self.profile.roles, key)
            if value is not None and value.basis:
                out.append(value.basis)
        return out


def _partial_sections(data: dict[str, Any], positions: load_stage.Positions) -> dict[str, Any]:
    """Validate each top-level section alone so semantic checks can run on the good ones."""
    sections: dict[str, Any] = {}
    for name, field in Profile.model_fields.items():
        if name not in data:
            continue
        annotation = field.annotation
        if name == "staff" and isinstance(data[name], dict):
            staff = {}
            for key, value in data[name].items():
                try:
                    staff[key] = Person.model_validate(value)
                except ValidationError:
                    continue
            sections[name] = staff
            continue
        adapter = TypeAdapter(annotation)
        value = data[name]
        try:
            sections[name] = adapter.validate_python(value)
        except ValidationError as exc:
            # A misspelt key («directr») should not hide what the rest of the section says,
            # e.g. that the director is not assigned at all.
            extra = {
                e["loc"][0]
                for e in exc.errors()
                if e["type"] == "extra_forbidden" and len(e["loc"]) == 1
            }
            if not extra or not isinstance(value, dict):
                continue
            try:
                sections[name] = adapter.validate_python(
                    {k: v for k, v in value.items() if k not in extra}
                )
            except ValidationError:
                continue
    return sections


def validate_loaded(
    data: Any, positions: load_stage.Positions, path: Path
) -> tuple[ValidProfile | None, list[Diagnostic]]:
    if data is None:
        return None, [
            ProfileError(
                positions.file,
                1,
                1,
                (),
                "Профиль пуст. Начните с «profdocs init ИДЕНТИФИКАТОР_ШКОЛЫ».",
            )
        ]
    if not isinstance(data, dict):
        return None, [
            ProfileError(
                positions.file,
                1,
                1,
                (),
                "Профиль должен быть набором "
                "разделов «ключ: значение» (school:, staff:, roles: …).",
            )
        ]
    errors: list[Diagnostic] = []
    profile: Profile | None = None
    try:
        profile = Profile.model_validate(data)
        sections: dict[str, Any] = dict(profile)
    except ValidationError as exc:
        errors.extend(_structural(exc, positions))
        sections = _partial_sections(data, positions)

    check = _Checker(positions)
    raw_staff = data.get("staff")
    staff_ids = set(raw_staff) if isinstance(raw_staff, dict) else set()
    staff: dict[str, Person] = sections.get("staff") or {}
    _check_people(check, staff)
    if sections.get("roles") is not None:
        _check_roles(check, sections["roles"], staff_ids, staff)
    year = sections.get("academic_year")
    _check_dates(check, year, sections.get("acts"))
    _check_plan(check, sections.get("plan"), staff_ids)
    _check_quotes(check, data, ())
    grades = _check_school(check, sections.get("school"), data)
    _check_school_names(check, sections.get("school"))
    _check_organisations(check, sections, staff)
    _check_acts(check, sections.get("acts"))
    _check_governance(check, sections)
    _check_profminimum(
        check, sections.get("profminimum"), grades, "profminimum" in data, staff, staff_ids, year
    )
    _check_plan_grades(check, sections, grades, staff_ids)
    consultations, origins = _check_journal(check, sections.get("journal"), path.parent, year)
    work_log, log_origins = _check_work_log(
        check, sections.get("work_log"), path.parent, year, staff_ids
    )
    if profile is not None and not errors and not check.errors:
        _check_work_log_events(check, profile, work_log, log_origins)
    errors.extend(check.errors)
    errors = _dedupe(errors)
    if errors or profile is None:
        return None, errors
    valid = ValidProfile(profile, path, consultations, origins, _dedupe(check.warnings))
    valid.work_log = work_log
    valid.work_log_origins = log_origins
    return valid, []


def _dedupe(errors: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for e in errors:
        key = (e.file, e.line, e.column, e.path, e.message)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return sorted(out, key=lambda e: (e.file, e.line, e.column))


def validate_text(text: str, path: Path) -> tuple[ValidProfile | None, list[Diagnostic]]:
    data, positions, errors = load_stage.load_text(text, str(path))
    return _finish(data, positions, path, errors)


def _file_name_problems(path: Path) -> list[Diagnostic]:
    """The file name is the school's id and the name of its output folder: «...yaml»
    would put the documents outside the output folder, «.demo.yaml» would hide them."""
    if is_school_id(path.stem):
        return []
    return [
        ProfileError(
            str(path),
            0,
            0,
            (),
            f"Имя файла профиля не подходит: {SCHOOL_ID_RULE}. Переименуйте файл, например "
            "в school_5.yaml.",
        )
    ]


def _finish(
    data: Any, positions: load_stage.Positions, path: Path, errors: list[Diagnostic]
) -> tuple[ValidProfile | None, list[Diagnostic]]:
    errors = [*_file_name_problems(path), *errors]
    # Duplicate keys still leave usable data: report them together with everything else.
    if data is None and errors:
        return None, errors
    valid, more = validate_loaded(data, positions, path)
    if errors:
        # A value the loader already rejected would only be reported again as «wrong type».
        reported = {e.path for e in errors}
        more = [e for e in more if e.path not in reported]
        return None, _dedupe([*errors, *more])
    return valid, more


def validate_file(path: Path) -> tuple[ValidProfile | None, list[Diagnostic]]:
    loaded, errors = load_stage.read_profile(path)
    if loaded is None:
        return None, errors
    return _finish(loaded.data, loaded.positions, path, errors)


def load_valid(path: Path) -> ValidProfile:
    """For the pipeline: a usable profile or `ProfileInvalid` with every error."""
    valid, errors = validate_file(path)
    if valid is None:
        raise ProfileInvalid(errors)
    return valid
