"""What the sample schools in data/schools are expected to build."""

from __future__ import annotations

from pathlib import Path

from generator.documents import documents_for
from generator.rules.grades import SchoolGrades

SCHOOLS = Path(__file__).resolve().parent.parent / "data" / "schools"


def expected_documents(school_id: str) -> int:
    """How many documents a sample's package holds: a school without grades 6–11 gets no
    documents about the Единая модель (raduga teaches 1–4)."""
    import yaml

    profile = yaml.safe_load((SCHOOLS / f"{school_id}.yaml").read_text(encoding="utf-8"))
    grades = SchoolGrades.parse(str(profile["school"].get("grades", "1–11")))
    return len(documents_for(bool(grades.profminimum)))
