"""The data files people maintain, each read once per process through a small model.

A methodologist edits these YAML files by hand; a key misspelt or a list where a word was
expected must fail with the file and the key named, not as a KeyError deep in a build.
Each file has one model here, and every module reads the file only through it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from ..errors import CatalogError
from ..paths import catalog_file, shown

Case = Literal["genitive", "dative", "accusative", "instrumental", "prepositional"]


class _Data(BaseModel):
    # defer_build: a model is compiled when its file is first read, not at import time.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# ---------------------------------------------------------------------------- roles.yaml


When = Literal["supervisor", "not_supervisor", "plan_approver", "not_plan_approver"]


class RoleText(_Data):
    """A function or duty that depends on the school: its grades, who supervises."""

    text: str
    grades: str | None = None  # printed only if the school teaches one of these grades
    variants: dict[Literal[4, 9], str] = {}  # other text by the school's last grade
    when: When | None = None


class Role(_Data):
    key: str
    title: str
    title_singular: str
    genitive: str
    plan_title: str
    plan_genitive: str
    title_plural: str
    default_position: str
    multiple: bool
    outsourceable: bool
    in_work_regulation: bool
    source: str
    functions: list[str | RoleText] = Field(min_length=1)
    duties: list[str | RoleText] = Field(min_length=1)


class RolesFile(_Data):
    roles: list[Role] = Field(min_length=1)


# ---------------------------------------------------------------------------- regions.yaml


class CaseForms(_Data):
    nominative: str
    genitive: str
    dative: str
    accusative: str
    instrumental: str
    prepositional: str


class CareerWeek(_Data):
    title: str
    month: int = Field(ge=1, le=12)


class MunicipalAuthority(_Data):
    name: str  # lower case, as mid-sentence: «департамент образования администрации …»
    checked: str
    note: str | None = None


class Region(_Data):
    name: CaseForms
    institute_full: str
    institute_short: str
    education_authority: str
    education_authority_seed: str | None = None
    career_weeks: list[CareerWeek]
    # head noun of a municipal authority's name → its genitive and dative
    authority_heads: dict[str, tuple[str, str]] = {}
    municipal_authorities: dict[str, MunicipalAuthority] = {}


class RegionsFile(_Data):
    regions: dict[str, Region] = Field(min_length=1)


# ---------------------------------------------------------------------------- plan_defaults.yaml


class Direction(_Data):
    key: str
    title: str


class Activity(_Data):
    key: str
    source: str
    short: str
    title: str


class Level(_Data):
    hours: int = Field(ge=0)
    genitive: str
    prepositional: str


class DefaultEvent(_Data):
    title: str | None = None
    titles: dict[Literal[9], str] = {}  # the title for a basic school (grades up to 9)
    direction: str
    activity: str
    months: list[int] | None = None
    classes: str | None = None
    responsible: list[str] = Field(min_length=1)
    partners: list[str] = []
    levels: list[str] | None = None
    regional_week: int | None = Field(None, ge=1, le=12)
    when: str | None = None
    hours: int | None = Field(None, ge=0)  # for each pupil of each listed grade, a year
    needs_psychologist: bool = False  # psychological diagnostics or counselling


class PlanDefaults(_Data):
    directions: list[Direction]
    activities: list[Activity]
    grades: str
    levels: dict[str, Level]
    course: str
    course_hours: int = Field(ge=1)
    events: list[DefaultEvent]
    early: list[DefaultEvent]  # the plan of a primary school (1–4): early career awareness


# ---------------------------------------------------------------------------- legal_basis.yaml

Status = Literal["in_force", "repealed", "unverified"]
ActKind = Literal["law", "standard", "letter", "other"]


class Act(_Data):
    id: str
    kind: ActKind
    title: str
    instrumental: str
    genitive: str | None = None  # for «со статьями 28 и 30 Федерального закона …»
    short: str
    status: Status
    replaced_by: str | None = None
    checked: str
    cited_as: list[str] = []
    note: str | None = None
    grades: str | None = None  # a standard of one level of education: «1–4», «5–9», «10–11»
    citation: str | None = None  # a letter cited without its subject: «письмо … № АБ-2324/05»
    citation_instrumental: str | None = None
    recommendations_title: str | None = None  # what a letter sends, nominative
    recommendations_genitive: str | None = None
    recommendations_instrumental: str | None = None


class Citation(_Data):
    act: str
    articles: str | None = None  # «статьями 28 и 30» before the act's instrumental


class DocumentBasis(_Data):
    """What a document cites: laws and standards by kind, letters only as recommendations."""

    guarantees: list[str] = []  # «обеспечиваются государственные гарантии, установленные …»
    guided_by: list[str] = []  # «руководствуется …»
    laws: list[Citation] = []  # «В соответствии с …»
    recommendations: list[str] = []  # letters that send methodological recommendations


class Profminimum(_Data):
    introduced_by: str  # the letter that introduced the Единая модель
    recommendations: str  # the letter with the current recommendations


class Gost(_Data):
    code: str
    title: str
    status: Status
    replaced_by: str | None = None
    in_force_from: str | None = None
    note: str | None = None


class LegalBasis(_Data):
    acts: list[Act]
    documents: dict[str, DocumentBasis]
    profminimum: Profminimum
    gost_default: str
    gost: dict[str, Gost]

    def act(self, act_id: str) -> Act:
        return next(a for a in self.acts if a.id == act_id)

    @model_validator(mode="after")
    def _letters_are_not_laws(self) -> LegalBasis:
        """A ministry letter sets no guarantees and is not a normative act."""
        kinds = {a.id: a.kind for a in self.acts}
        for doc, basis in self.documents.items():
            cited = [*basis.guarantees, *basis.guided_by, *(c.act for c in basis.laws)]
            for act_id in [*cited, *basis.recommendations]:
                if act_id not in kinds:
                    raise ValueError(f"documents.{doc}: акта «{act_id}» нет в списке acts")
            for act_id in cited:
                if kinds[act_id] == "letter":
                    raise ValueError(
                        f"documents.{doc}: письмо не устанавливает гарантий и не является "
                        f"нормативным актом: перенесите «{act_id}» в recommendations"
                    )
            for act_id in basis.recommendations:
                if kinds[act_id] != "letter":
                    raise ValueError(
                        f"documents.{doc}: в recommendations — только письма, а «{act_id}» — "
                        "нормативный акт"
                    )
        return self


# ---------------------------------------------------------------------------- positions.yaml


class ObliqueForms(_Data):
    genitive: str
    dative: str
    accusative: str
    instrumental: str
    prepositional: str


class PositionEntry(_Data):
    title: str
    forms: ObliqueForms
    pedagogical: bool | None  # required: null says «not decided by the nomenclature»
    kind: Literal["post", "function"]
    aliases: list[str] = []
    note: str | None = None


class PositionsFile(_Data):
    positions: list[PositionEntry]


# ---------------------------------------------------------------------------- names


class NameException(_Data):
    part: Literal["surname", "first", "middle"]
    word: str = Field(pattern=r"^[^\s-]+$")  # one word, no hyphen: pieces decline alone
    gender: Literal["male", "female", "any"]
    forms: dict[Case, str] = Field(min_length=1)
    comment: str | None = None


class DeclensionExceptions(_Data):
    exceptions: list[NameException]


class NounForms(_Data):
    forms: tuple[str, str, str, str, str]  # genitive … prepositional
    adjectives: dict[str, tuple[str, str, str, str, str]]


class SchoolNameForms(_Data):
    nouns: dict[str, NounForms]


# ---------------------------------------------------------------------------- requirements.yaml

Phrases = str | list[str | list[str]]


class RecordEntry(_Data):
    what: str
    match: Phrases
    produced_by: str | None = None


class _Placed(_Data):
    """What a group says for all its items, and an item may say for itself."""

    source: str | None = None
    place: str | None = None
    match: Phrases | None = None
    template_match: Phrases | None = None
    style: str | None = None
    in_table: bool | None = None
    scope: Literal["block", "row", "document"] | None = None


class RequirementItem(_Placed):
    id: str
    what: str | None = None
    fact: str | None = None
    record: str | None = None
    month: int | None = Field(None, ge=1, le=12)


class RequirementGroup(_Placed):
    group: str | None = None
    items: list[RequirementItem]


class SharedGroup(RequirementGroup):
    documents: list[str]


class RequirementsFile(_Data):
    version: int
    records: dict[str, RecordEntry] = {}
    shared: list[SharedGroup] = []
    documents: dict[str, list[RequirementGroup]]
    people: dict[str, list[str]] = {}


# ---------------------------------------------------------------------------- report_columns.yaml


class PackageStatus(_Data):
    title: str
    meaning: str
    attention: int = Field(ge=0)
    color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")


class ReportColumn(_Data):
    title: str
    what: str
    source: str
    width: int = Field(12, ge=4, le=120)


class HoursColumn(_Data):
    title: str
    what: str
    source: str


StatusKey = Literal["complete", "not_built", "outdated", "refused", "repealed", "invalid"]
ColumnKey = Literal[
    "school_id", "school", "municipality", "status", "detail", "errors", "warnings",
    "edition", "level", "rating", "rank",
]  # fmt: skip


class ReportColumns(_Data):
    statuses: dict[StatusKey, PackageStatus]
    columns: dict[ColumnKey, ReportColumn]
    hours: dict[Literal["planned", "delivered", "minimum"], HoursColumn]
    chart_abbreviations: dict[str, str] = {}

    @model_validator(mode="after")
    def _complete(self) -> ReportColumns:
        """Every status and column the report draws is described: the code names them."""
        for name, have, need in (
            ("statuses", self.statuses, StatusKey),
            ("columns", self.columns, ColumnKey),
        ):
            missing = [k for k in need.__args__ if k not in have]  # type: ignore[attr-defined]
            if missing:
                raise ValueError(f"{name}: нет описания для {', '.join(missing)}")
        return self


# ---------------------------------------------------------------------------- rating.yaml


class RatingFile(_Data):
    """The weights of the municipal rating; which keys are allowed, the report says (the
    indicators it knows), through the validation context."""

    weights: dict[str, float] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_and_positive(self, info: ValidationInfo) -> RatingFile:
        allowed = (info.context or {}).get("keys")
        for key, weight in self.weights.items():
            if allowed is not None and key not in allowed:
                raise ValueError(
                    f"weights.{key}: такого показателя нет; допустимы {', '.join(allowed)}"
                )
            if not weight >= 0:
                raise ValueError(f"weights.{key}: вес — неотрицательное число")
        if not any(self.weights.values()):
            raise ValueError("weights: все веса равны 0, балл не из чего считать")
        return self


# ---------------------------------------------------------------------------- work_forms.yaml


class WorkForm(_Data):
    key: str = Field(pattern=r"^[a-z_]+$")
    title: str
    trial: bool  # a professional trial or practice (Прил. 4, п. 4.2)


class WorkFormsFile(_Data):
    forms: list[WorkForm] = Field(min_length=1)

    def form(self, key: str) -> WorkForm:
        return next(f for f in self.forms if f.key == key)


# ---------------------------------------------------------------------------- indicators.yaml


class Indicator(_Data):
    key: str
    number: str | None  # the item of Прил. 4, or null
    criterion: str  # the criterion of Table 3 the indicator belongs to
    title: str
    source: str
    counting: str


class IndicatorsFile(_Data):
    criteria: dict[str, str] = Field(min_length=1)  # Table 3's criteria, in its order
    indicators: list[Indicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_criteria(self) -> IndicatorsFile:
        for item in self.indicators:
            if item.criterion not in self.criteria:
                raise ValueError(f"{item.key}: критерия «{item.criterion}» нет в criteria")
        return self

    def indicator(self, key: str) -> Indicator:
        return next(i for i in self.indicators if i.key == key)


# ---------------------------------------------------------------------------- loading


def _yaml(path: Path) -> Any:
    from ..load import fast_yaml

    try:
        return fast_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(
            f"Не удалось прочитать файл данных {shown(path)} ({exc.strerror})."
        ) from None
    except Exception as exc:  # yaml.YAMLError, imported lazily with the parser
        mark = getattr(exc, "problem_mark", None)
        where = f", строка {mark.line + 1}" if mark is not None else ""
        raise CatalogError(
            f"Файл данных {shown(path)} не читается как YAML{where}: исправьте разметку."
        ) from None


M = TypeVar("M", bound=_Data)


def _parse(model: type[M], name: str) -> M:
    return parse_file(model, catalog_file(name))


def parse_file(model: type[M], path: Path, context: dict[str, Any] | None = None) -> M:
    """A data file read through its model: CatalogError names the file and the key."""
    try:
        return model.model_validate(_yaml(path), context=context)
    except ValidationError as exc:
        err = exc.errors(include_url=False, include_input=False)[0]
        key = ".".join(str(p) for p in err["loc"]) or "(весь файл)"
        what = _WHAT.get(err["type"], err["msg"])
        if err["type"] == "value_error":
            what = str((err.get("ctx") or {}).get("error", what))
        where = f"{key} — " if err["loc"] or err["type"] != "value_error" else ""
        raise CatalogError(
            f"Файл данных {shown(path)} повреждён: {where}{what}. "
            f"Исправьте файл (всего замечаний: {exc.error_count()})."
        ) from None


_WHAT = {
    "missing": "нет обязательного ключа",
    "extra_forbidden": "неизвестный ключ (опечатка?)",
    "string_type": "ожидался текст",
    "int_type": "ожидалось целое число",
    "int_parsing": "ожидалось целое число",
    "float_type": "ожидалось число",
    "float_parsing": "ожидалось число",
    "bool_parsing": "ожидалось true или false",
    "bool_type": "ожидалось true или false",
    "list_type": "ожидался список",
    "dict_type": "ожидался словарь «ключ: значение»",
    "model_type": "ожидался словарь «ключ: значение»",
    "literal_error": "недопустимое значение",
    "too_short": "список или словарь пуст",
    "string_pattern_mismatch": "одно слово без пробелов и дефисов",
}


def _loader(model: type[M], name: str) -> Callable[[], M]:
    """The function that reads `name` once per process through `model`."""
    load = functools.cache(lambda: _parse(model, name))
    load.__doc__ = f"generator/catalog/{name}, read once."
    return load


roles = _loader(RolesFile, "roles.yaml")
regions = _loader(RegionsFile, "regions.yaml")
plan_defaults = _loader(PlanDefaults, "plan_defaults.yaml")
legal_basis = _loader(LegalBasis, "legal_basis.yaml")
positions = _loader(PositionsFile, "positions.yaml")
declension_exceptions = _loader(DeclensionExceptions, "declension_exceptions.yaml")
school_name_forms = _loader(SchoolNameForms, "school_name_forms.yaml")
requirements = _loader(RequirementsFile, "requirements.yaml")
report_columns = _loader(ReportColumns, "report_columns.yaml")
work_forms = _loader(WorkFormsFile, "work_forms.yaml")
indicators = _loader(IndicatorsFile, "indicators.yaml")


@functools.cache
def role_keys() -> tuple[str, ...]:
    """Every role a profile assigns, in the order of п. 7.1 (roles.yaml is the one list)."""
    return tuple(r.key for r in roles().roles)


@functools.cache
def role(key: str) -> Role:
    return next(r for r in roles().roles if r.key == key)
