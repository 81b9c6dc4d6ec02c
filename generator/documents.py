"""The documents of a school's package, in the order a director signs them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    id: str
    template: str
    output_stem: str
    title: str
    personal: bool = False  # names pupils and parents (152-ФЗ): findings never quote it
    profminimum_only: bool = False  # about the Единая модель: not made for a primary school

    @property
    def file_name(self) -> str:
        """The document's file in the school's output folder."""
        return f"{self.output_stem}.docx"


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
        personal=True,
    ),
    DocumentSpec(
        "work_log",
        "07_work_log.docx",
        "07_Журнал_учёта_выполненной_работы",
        "Журнал учёта выполненной работы координатора по профессиональной ориентации",
    ),
    DocumentSpec(
        "analytic_note",
        "08_analytic_note.docx",
        "08_Информационно-аналитическая_справка",
        "Информационно-аналитическая справка о результатах работы по профессиональной ориентации",
    ),
    DocumentSpec(
        "profminimum_order",
        "09_profminimum_order.docx",
        "09_Приказ_о_реализации_Единой_модели",
        "Приказ о реализации Единой модели профессиональной ориентации",
        profminimum_only=True,
    ),
    DocumentSpec(
        "self_report",
        "10_self_report.docx",
        "10_Самоотчёт_по_показателям_мониторинга",
        "Самоотчёт по показателям мониторинга профориентационной работы",
    ),
)

BY_ID: dict[str, DocumentSpec] = {d.id: d for d in DOCUMENTS}
BY_TEMPLATE: dict[str, DocumentSpec] = {d.template: d for d in DOCUMENTS}
PERSONAL_DOCUMENTS = frozenset(d.id for d in DOCUMENTS if d.personal)


def documents_for(profminimum: bool) -> tuple[DocumentSpec, ...]:
    """The package of a school: without the documents on the Единая модель (grades 6–11)
    when the school has none of those grades."""
    return tuple(d for d in DOCUMENTS if profminimum or not d.profminimum_only)


def output_name(spec: DocumentSpec) -> str:
    return spec.file_name


def file_of(doc_id: str) -> str:
    """The output file of a document id; an unknown id is shown as it is."""
    spec = BY_ID.get(doc_id)
    return spec.file_name if spec else doc_id
