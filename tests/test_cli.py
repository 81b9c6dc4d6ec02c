"""The command line as a new user meets it: Russian help, exit codes, no tracebacks."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "schools" / "demo.yaml"
CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("args", [[], ["validate"], ["build"], ["check"], ["init"], ["schema"]])
def test_help_is_russian(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(main, [*args, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Использование: profdocs")
    for english in ("Usage:", "Options:", "Show this message", "Commands:"):
        assert english not in result.output


def test_usage_error_is_russian_and_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--bogus"])
    assert result.exit_code == 2
    assert "Нет такого параметра" in result.output


def test_validate_exit_codes(runner: CliRunner, tmp_path: Path) -> None:
    ok = runner.invoke(main, ["validate", str(DEMO)])
    assert ok.exit_code == 0, ok.output
    assert "профиль в порядке" in ok.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        DEMO.read_text(encoding="utf-8").replace("academic_year: 2026/2027", "academic_year: 2026"),
        "utf-8",
    )
    bad = runner.invoke(main, ["validate", str(broken)])
    assert bad.exit_code == 2
    assert "Traceback" not in bad.output
    assert re.search(r"broken\.yaml:\d+:\d+: academic_year: ", bad.output)


def test_validate_takes_folders(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(DEMO, tmp_path / "a.yaml")
    (tmp_path / "b.yaml").write_text("school: [\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "a.yaml: профиль в порядке" in result.output
    assert re.search(r"b\.yaml:\d+:\d+: ", result.output)


def test_build_of_invalid_profile_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        DEMO.read_text(encoding="utf-8").replace("  coordinator: ivanova\n", ""), "utf-8"
    )
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(broken), "-o", str(out)])
    assert result.exit_code == 2
    assert "координатор по профессиональной ориентации" in result.output
    assert "документы не созданы" in result.output
    assert not out.exists() or not any(out.rglob("*.docx"))


def test_init_writes_a_profile_that_validate_walks_through(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["init", "school_5", "-d", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "school_5.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    again = runner.invoke(main, ["init", "school_5", "-d", str(tmp_path)])
    assert again.exit_code == 1 and "--force" in again.output

    check = runner.invoke(main, ["validate", str(path)])
    assert check.exit_code == 2
    lines = [ln for ln in check.output.splitlines() if ln.startswith(str(path) + ":")]
    assert len(lines) > 10
    assert all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", ln) for ln in lines[:-1])

    # Filling in what the comments ask for gives a valid profile.
    data = yaml.safe_load(text)
    data["school"].update(
        full_name="Муниципальное бюджетное общеобразовательное учреждение "
        "«Средняя общеобразовательная школа № 5»",
        short_name="МБОУ СОШ № 5",
        locality="г. Томск",
        municipality="Город Томск",
    )
    data["academic_year"] = "2026/2027"
    names = iter(
        [
            "Кузнецова Елена Викторовна",
            "Соколов Андрей Николаевич",
            "Морозова Ирина Сергеевна",
            "Иванова Мария Петровна",
            "Орлова Наталья Викторовна",
            "Зайцева Людмила Алексеевна",
            "Фёдорова Галина Ивановна",
        ]
    )
    for person in data["staff"].values():
        person["name"] = next(names)
    data["acts"]["order"] = {"number": "1-о", "date": "31.08.2026", "effective_date": "01.09.2026"}
    data["acts"]["pedagogical_council"] = {"number": "1", "date": "28.08.2026"}
    data["acts"]["student_council"] = {"number": "1", "date": "26.08.2026"}
    data["acts"]["parent_council"] = {"number": "1", "date": "27.08.2026"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    final = runner.invoke(main, ["validate", str(path)])
    assert final.exit_code == 0, final.output


def test_init_refuses_a_bad_id(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["init", "школа 5", "-d", str(tmp_path)])
    assert result.exit_code == 2
    assert "латиницей" in result.output


def test_schema_is_json_with_russian_descriptions(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "Профиль школы для profdocs"
    assert set(schema["required"]) >= {"school", "staff", "roles", "acts", "academic_year"}
    assert CYRILLIC.search(schema["$defs"]["Person"]["properties"]["name"]["description"])


def test_help_does_not_import_heavy_modules() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom generator.cli import main\n"
        "CliRunner().invoke(main, ['--help'])\n"
        "print(','.join(m for m in ('docxtpl', 'docx', 'pymorphy3', 'pydantic', 'lxml') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
