"""Russian names for the choices and sections of the form, taken from the data files.

The model's Literal choices are keys («informing», «tomsk»); the administrator reads the titles
that plan_defaults.yaml, regions.yaml and roles.yaml already hold. Sections without a field
description get a title here, and fields the model leaves undescribed get a short label.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

# Section titles for top-level fields the model describes only by type.
SECTION_TITLES = {
    "school": "Школа",
    "academic_year": "Учебный год",
    "staff": "Сотрудники",
    "roles": "Роли",
    "acts": "Реквизиты актов",
    "profminimum": "Единая модель профориентации (профминимум)",
    "partners": "Социальные партнёры",
    "plan": "План-сетка",
    "journal": "Журнал консультаций",
}

# Labels for fields that have no description in the model.
FIELD_LABELS = {
    "date": "Дата",
    "category": "Категория",
    "form": "Форма",
}

_GENDER = {"male": "мужской", "female": "женский"}


@functools.cache
def _data(name: str) -> Any:
    """A data file as people maintain it (generator/catalog/ or generator/, by version)."""
    import yaml

    import generator

    home = Path(generator.__file__).resolve().parent
    for folder in (home / "catalog", home):
        if (folder / name).is_file():
            return yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    raise FileNotFoundError(name)


@functools.cache
def choice_labels() -> dict[str, str]:
    """Choice key → Russian title, for every key the data files name."""
    labels: dict[str, str] = dict(_GENDER)
    plan = _data("plan_defaults.yaml")
    for item in (*plan.get("directions", []), *plan.get("activities", [])):
        labels.setdefault(str(item["key"]), " ".join(str(item["title"]).split()))
    for key, region in _data("regions.yaml").get("regions", {}).items():
        labels[str(key)] = region.get("name", {}).get("nominative", str(key))
    for edition, gost in _data("legal_basis.yaml").get("gost", {}).items():
        status = " (утратил силу)" if gost.get("status") == "repealed" else ""
        labels[str(edition)] = f"{gost.get('code', edition)}{status}"
    return labels


def choice_label(field: str, value: str) -> str:
    """Directions and activities share the key «informing»: the field decides the list."""
    if field in {"direction", "activity"}:
        plan = _data("plan_defaults.yaml")
        items = plan.get("directions" if field == "direction" else "activities", [])
        for item in items:
            if str(item["key"]) == value:
                return " ".join(str(item["title"]).split())
    return choice_labels().get(value, value)


@functools.cache
def multiple_roles() -> frozenset[str]:
    """Roles usually held by several people: their picker is a list of checkboxes."""
    return frozenset(r["key"] for r in _data("roles.yaml")["roles"] if r.get("multiple"))
