"""Hostile or broken templates are refused by `check` and by `build`, and nothing of them
reaches an output (the cases: tests/hostile_cases.py; the scan: generator/docx/safety.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.docx.safety import read_package
from tests.docx_edit import linked_copy
from tests.hostile_cases import CASES, rewrite

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "docx"
DEMO = ROOT / "data" / "schools" / "demo.yaml"
VICTIM = "04_appointment_order.docx"


def _planted(tmp_path: Path, name: str) -> Path:
    planted = CASES[name].plant((TEMPLATES / VICTIM).read_bytes())
    return linked_copy(TEMPLATES, tmp_path / "templates", {VICTIM: planted})


def test_shipped_templates_are_not_refused() -> None:
    for path in sorted(TEMPLATES.glob("*.docx")):
        assert read_package(path.read_bytes(), path.name).refusals == [], path.name


@pytest.mark.parametrize("name", list(CASES))
def test_check_refuses_and_build_writes_nothing(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    templates = _planted(tmp_path, name)
    runner = CliRunner()

    checked = runner.invoke(main, ["check", str(templates / VICTIM)])
    assert checked.exit_code == 1, checked.output
    head = f"{VICTIM}, {case.part}: ошибка: "
    line = next((x for x in checked.output.splitlines() if x.startswith(head)), None)
    assert line is not None, checked.output
    assert case.phrase in line

    out = tmp_path / "out"
    built = runner.invoke(main, ["build", str(DEMO), "--templates", str(templates), "-o", str(out)])
    assert built.exit_code == 1, built.output
    assert case.phrase in built.output and VICTIM in built.output and case.part in built.output
    assert not out.exists() or not any(out.rglob("*"))


def test_refused_template_is_refused_once_per_process(tmp_path: Path, monkeypatch) -> None:
    from generator import render
    from generator.errors import TemplateInvalid

    templates = _planted(tmp_path, "macros")
    calls = {"n": 0}
    real = render.compile_template

    def counting(path: Path, env=None):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return real(path, env)

    monkeypatch.setattr(render, "compile_template", counting)
    render._cached.cache_clear()
    for _ in range(3):
        with pytest.raises(TemplateInvalid, match="макросы VBA"):
            render.load_template(templates / VICTIM)
    assert calls["n"] == 1


def test_a_part_larger_than_its_header_says_is_not_trusted() -> None:
    """A header that claims a small size cannot smuggle a large part past the limit."""
    src = (TEMPLATES / VICTIM).read_bytes()
    bomb = rewrite(src, add={"word/media/pad.bin": b"\0" * (60 * 1024 * 1024)}, level=9)
    lying = bytearray(bomb)
    # the central directory entry of the last part: its uncompressed size set to 1 KB
    at = lying.rfind(b"PK\x01\x02")
    lying[at + 24 : at + 28] = (1024).to_bytes(4, "little")
    refusals = read_package(bytes(lying), VICTIM).refusals
    assert [f.part for f in refusals] == ["word/media/pad.bin"]
