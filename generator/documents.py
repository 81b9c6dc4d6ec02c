"""The six documents of a school's package, in the order a director signs them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    id: str
    template: str
    output_stem: str
    title: str


DOCUMENTS: tuple[DocumentSpec, ...] = (
    DocumentSpec(
        "work_regulation",
        "01_work_regulation.docx",
        "01_Положение_о_работе_по_профориентации",
        "Положение о работе по профессиональной ориентации обучающихся",
    ),
    DocumentSpec(
        "coordinator_regulation",
        "02_coordinator_regulation.docx",
        "02_Положение_о_координаторе_по_профориентации",
        "Положение о деятельности координатора по профессиональной ориентации",
    ),
    DocumentSpec(
        "coordinator_duties",
        "03_coordinator_duties.docx",
        "03_Функциональные_обязанности_координатора",
        "Функциональные обязанности координатора по профессиональной ориентации",
    ),
    DocumentSpec(
        "appointment_order",
        "04_appointment_order.docx",
        "04_Приказ_о_назначении_координатора",
        "Приказ о назначении координатора по профессиональной ориентации",
    ),
    DocumentSpec(
        "plan_grid",
        "05_plan_grid.docx",
        "05_План-сетка_профориентации",
        "План-сетка работы по профессиональной ориентации обучающихся",
    ),
    DocumentSpec(
        "consultation_journal",
        "06_consultation_journal.docx",
        "06_Журнал_консультаций",
        "Журнал индивидуальных и групповых консультаций",
    ),
)

BY_ID: dict[str, DocumentSpec] = {d.id: d for d in DOCUMENTS}
BY_TEMPLATE: dict[str, DocumentSpec] = {d.template: d for d in DOCUMENTS}
