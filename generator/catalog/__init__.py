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

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import CatalogError
from ..paths import catalog_file, shown

Case = Literal["genitive", "dative", "accusative", "instrumental", "prepositional"]


class _Data(BaseModel):
    # defer_build: a model is compiled when its file is first read, not at import time.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# ---------------------------------------------------------------------------- roles.yaml


class Role(_Data):
    key: str
    title: str
    plan_title: str
    title_plural: str
    default_position: str
    multiple: bool
    in_work_regulation: bool
    source: str
    functions: str
    duties: list[str]


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


class Region(_Data):
    name: CaseForms
    institute_full: str
    institute_short: str
    education_authority: str
    education_authority_seed: str | None = None
    career_weeks: list[CareerWeek]


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


class DefaultEvent(_Data):
    title: str | None = None
    direction: str
    activity: str
    months: list[int] | None = None
    classes: str | None = None
    responsible: list[str] = Field(min_length=1)
    partners: list[str] = []
    levels: list[str] | None = None
    regional_week: int | None = Field(None, ge=1, le=12)
    when: str | None = None


class PlanDefaults(_Data):
    directions: list[Direction]
    activities: list[Activity]
    grades: str
    levels: dict[str, Level]
    course: str
    basis: str = "profmin_2023"
    events: list[DefaultEvent]


# ---------------------------------------------------------------------------- legal_basis.yaml

Status = Literal["in_force", "repealed", "unverified"]


class Act(_Data):
    id: str
    title: str
    instrumental: str
    short: str
    status: Status
    replaced_by: str | None = None
    checked: str
    cited_as: list[str] = []
    note: str | None = None


class Gost(_Data):
    code: str
    title: str
    status: Status
    replaced_by: str | None = None
    in_force_from: str | None = None
    note: str | None = None


class LegalBasis(_Data):
    acts: list[Act]
    documents: dict[str, list[str]]
    gost_default: str
    gost: dict[str, Gost]

    def act(self, act_id: str) -> Act:
        return next(a for a in self.acts if a.id == act_id)


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
    path = catalog_file(name)
    try:
        return model.model_validate(_yaml(path))
    except ValidationError as exc:
        err = exc.errors(include_url=False, include_input=False)[0]
        key = ".".join(str(p) for p in err["loc"]) or "(весь файл)"
        raise CatalogError(
            f"Файл данных {shown(path)} повреждён: {key} — {_WHAT.get(err['type'], err['msg'])}. "
            f"Исправьте файл (всего замечаний: {exc.error_count()})."
        ) from None


_WHAT = {
    "missing": "нет обязательного ключа",
    "extra_forbidden": "неизвестный ключ (опечатка?)",
    "string_type": "ожидался текст",
    "int_type": "ожидалось целое число",
    "int_parsing": "ожидалось целое число",
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


@functools.cache
def role_keys() -> tuple[str, ...]:
    """Every role a profile assigns, in the order of п. 7.1 (roles.yaml is the one list)."""
    return tuple(r.key for r in roles().roles)


@functools.cache
def role(key: str) -> Role:
    return next(r for r in roles().roles if r.key == key)
