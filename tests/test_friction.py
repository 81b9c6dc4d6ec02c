"""What a new administrator stumbled over in the first hour, each fixed and kept fixed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.documents import DOCUMENTS
from generator.pipeline import output_name, render_package
from generator.validate import validate_text
from tests.test_build import all_text

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ROOT / "data" / "schools"
DEMO = SCHOOLS / "demo.yaml"


def demo_with(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "school.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_class_written_as_a_number_is_the_text(tmp_path: Path) -> None:
    path = demo_with(tmp_path, lambda d: d["journal"]["entries"][0].update(grade=9))
    valid, errors = validate_text(path.read_text(encoding="utf-8"), path)
    assert errors == []
    assert valid.consultations[0].grade == "9"


def test_a_capitalised_post_is_printed_in_lower_case_mid_sentence(tmp_path: Path) -> None:
    path = demo_with(tmp_path, lambda d: d["staff"]["ivanova"].update(position="Учитель географии"))
    order = all_text(render_package(path).documents[output_name(DOCUMENTS[3])])
    assert "Назначить Иванову Марию Петровну, учителя географии," in order
    assert "Учителя географии" not in order


def test_an_abbreviated_post_keeps_its_capitals() -> None:
    from generator.russian.posts import mid_sentence

    assert mid_sentence("ПДО") == "ПДО"
    assert mid_sentence("Заместитель директора по УВР") == "заместитель директора по УВР"


def _editor_validator():
    """The profile schema as VS Code's YAML extension applies it: formats checked, and
    YAML 1.2, where an unquoted 2026-08-31 is a string."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schema" / "profile.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _as_the_editor_reads(value):
    import datetime as dt

    if isinstance(value, dict):
        return {str(k): _as_the_editor_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_the_editor_reads(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize("profile", sorted(SCHOOLS.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_schema_accepts_the_shipped_profiles_with_dotted_dates(profile: Path) -> None:
    """mirny.yaml writes its dates as 31.08.2026 and its protocol numbers as numbers."""
    validator = _editor_validator()
    data = _as_the_editor_reads(yaml.safe_load(profile.read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(data)] == []
    data["acts"]["order"]["date"] = "31.08.2026"
    data["acts"]["order"]["number"] = 124
    data["journal"].setdefault("entries", []).append(
        {
            "date": "15.09.2026",
            "person": "Смирнов Кирилл Андреевич",
            "grade": 9,
            "category": "обучающийся",
            "form": "индивидуальная",
            "topic": "Выбор профиля",
            "result": "Диагностика",
        }
    )
    assert [e.message for e in validator.iter_errors(data)] == []
    data["acts"]["order"]["date"] = "31.08"  # what validation refuses, the editor flags too
    assert list(validator.iter_errors(data))


def test_clicks_own_suggestions_are_russian() -> None:
    runner = CliRunner()
    for args, suggestion in (
        (["buld"], "Возможно, имелось в виду: 'build'?"),
        (["build", "--pfd", "x.yaml"], "Возможно, имелось в виду: '--pdf'?"),
        (["build", "-o"], "Параметру '-o' нужно значение."),
        (["init", "a", "b", "c"], "Лишние аргументы: b c."),
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2
        assert suggestion in result.output, result.output
        assert not re.search(r"Did you mean|requires|unexpected", result.output)


def test_the_starter_profile_shows_one_journal_entry_to_copy(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", "school_5", "-d", str(tmp_path)])
    assert result.exit_code == 0
    text = (tmp_path / "school_5.yaml").read_text(encoding="utf-8")
    journal = text[text.index("\njournal:") :]
    commented = re.findall(r"^  # (  .*|entries:)$", journal, re.M)
    assert commented[0] == "entries:"
    entry = yaml.safe_load("\n".join(["entries:", *commented[1:]]))["entries"]
    assert len(entry) == 1
    from generator.model import Consultation

    assert Consultation.model_validate(entry[0]).category == "обучающийся"


def test_the_batch_summary_lists_the_failed_schools_first(tmp_path: Path) -> None:
    region = tmp_path / "region"
    region.mkdir()
    text = DEMO.read_text(encoding="utf-8")
    for name in ("a_good", "b_broken", "c_good", "d_broken"):
        body = text.replace("  coordinator: ivanova\n", "") if "broken" in name else text
        (region / f"{name}.yaml").write_text(body, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["build", str(region), "-o", str(tmp_path / "out"), "-j", "1"]
    )
    assert result.exit_code == 1
    table = result.output[result.output.index("Школа  ") :].splitlines()[1:5]
    assert [line.split()[0] for line in table] == ["b_broken", "d_broken", "a_good", "c_good"]
