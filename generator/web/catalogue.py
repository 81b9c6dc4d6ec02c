"""Russian names for the choices and sections of the form, taken from the data files.

The model's Literal choices are keys («informing», «tomsk»); the administrator reads the titles
that plan_defaults.yaml, regions.yaml and roles.yaml already hold. Sections without a field
description get a title here, and fields the model leaves undescribed get a short label.
"""

from __future__ import annotations

import functools

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
def choice_labels() -> dict[str, str]:
    """Choice key → Russian title, for every key the data files name."""
    from generator import catalog

    labels: dict[str, str] = dict(_GENDER)
    plan = catalog.plan_defaults()
    for item in (*plan.directions, *plan.activities):
        labels.setdefault(item.key, " ".join(item.title.split()))
    for key, region in catalog.regions().regions.items():
        labels[key] = region.name.nominative
    for edition, gost in catalog.legal_basis().gost.items():
        status = " (утратил силу)" if gost.status == "repealed" else ""
        labels[edition] = f"{gost.code}{status}"
    return labels


def choice_label(field: str, value: str) -> str:
    """Directions and activities share the key «informing»: the field decides the list."""
    if field in {"direction", "activity"}:
        from generator import catalog

        plan = catalog.plan_defaults()
        for item in plan.directions if field == "direction" else plan.activities:
            if item.key == value:
                return " ".join(item.title.split())
    return choice_labels().get(value, value)


@functools.cache
def multiple_roles() -> frozenset[str]:
    """Roles usually held by several people: their picker is a list of checkboxes."""
    from generator import catalog

    return frozenset(r.key for r in catalog.roles().roles if r.multiple)
