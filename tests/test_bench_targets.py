"""The issue-13 benchmark's helpers run on two schools (no timing is asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks")]

import bench_targets as bt  # noqa: E402
from region import write_journal_school, write_region  # noqa: E402

import generator.verify  # noqa: E402
import generator.write  # noqa: E402


def test_helpers_on_two_schools(tmp_path: Path) -> None:
    paths = write_region(tmp_path / "region", 2)
    assert bt.docxtpl_run(bt.contexts_of(paths)) == 2 * bt.DOCS_PER_SCHOOL
    floor = bt.floor_per_doc(paths, tmp_path / "floor")
    assert set(floor) == {"yaml", "jinja", "deflate", "write", "parse", "total"}
    assert all(v > 0 for v in floor.values())
    # Each floor document was written whole: its deflated parts are on disk.
    assert all(f.stat().st_size > 1000 for f in (tmp_path / "floor").iterdir())

    package, verify_document = generator.write.package, generator.verify.verify_document
    warm = bt.warm_path(paths, tmp_path / "out", stages=True)
    # The stage clocks are taken out again: a later build runs the real functions.
    assert generator.write.package is package
    assert generator.verify.verify_document is verify_document
    assert "model_dump" not in generator.context_model.DocumentContext.__dict__
    stages = warm["stages_ms_per_school"]
    labels = {label for label, *_ in bt.STAGES}
    assert labels <= set(stages), labels - set(stages)
    assert all(ms > 0 for label, ms in stages.items() if label in labels)
    assert len(list((tmp_path / "out").rglob("*.docx"))) == 2 * bt.DOCS_PER_SCHOOL


def test_journal_school_has_the_asked_entries(tmp_path: Path) -> None:
    from generator import load_valid

    valid = load_valid(write_journal_school(tmp_path, 25))
    assert len(valid.profile.journal.entries) == 25


def test_plural() -> None:
    assert [bt._schools(n) for n in (1, 2, 5, 11, 21, 22, 320, 3200)] == [
        "1 школа",
        "2 школы",
        "5 школ",
        "11 школ",
        "21 школа",
        "22 школы",
        "320 школ",
        "3200 школ",
    ]
