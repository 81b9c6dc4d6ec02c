"""`profdocs report`: the municipality's view of many schools, read back as the office reads it.

The XLSX is opened with openpyxl and its rows, columns and figures are checked against the
profiles; the page is checked for references outside itself; the rating against its weights.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from generator import catalog
from generator.cli import main
from generator.report import html, rating
from generator.report.rows import Hours, SchoolRow
from generator.validate import load_valid

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ROOT / "data" / "schools"
TEMPLATES = ROOT / "templates" / "docx"
IDS = sorted(p.stem for p in SCHOOLS.glob("*.yaml"))
STATUS = {k: s.title for k, s in catalog.report_columns().statuses.items()}


def _title(key: str) -> str:
    return catalog.report_columns().columns[key].title  # type: ignore[index]


@pytest.fixture
def indicators() -> ModuleType:
    import generator.indicators

    return generator.indicators


@pytest.fixture
def region(tmp_path: Path) -> Path:
    folder = tmp_path / "schools"
    shutil.copytree(SCHOOLS, folder)
    return folder


def _report(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", *args], catch_exceptions=False)
    return result.exit_code, result.output


def _sheet(path: Path, name: str) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)[name]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]


def _run(region: Path, tmp_path: Path, *more: str) -> tuple[Path, list[dict[str, object]]]:
    out = tmp_path / "report"
    code, output = _report(str(region), "-o", str(out), "--output", str(tmp_path / "pk"), *more)
    assert code == 0, output
    return out, _sheet(out / "report.xlsx", "Школы")


def _by_id(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(r[_title("school_id")]): r for r in rows}


def test_one_row_per_profile_and_a_broken_one_says_how_many_errors(
    region: Path, tmp_path: Path
) -> None:
    text = (region / "demo.yaml").read_text(encoding="utf-8")
    broken = text.replace("  coordinator: ivanova\n", "")
    broken = broken.replace("academic_year: 2026/2027", "academic_year: 2026/2028")
    assert broken.count("\n") < text.count("\n")
    (region / "broken.yaml").write_text(broken, encoding="utf-8")
    from generator.validate import validate_file

    _, errors = validate_file(region / "broken.yaml")
    assert len(errors) >= 2
    _, rows = _run(region, tmp_path, "-j", "2")
    got = _by_id(rows)
    assert sorted(got) == sorted([*IDS, "broken"])
    row = got["broken"]
    assert row[_title("status")] == STATUS["invalid"]
    assert row[_title("errors")] == len(errors)  # a number cell, not text
    assert str(row[_title("detail")]).startswith(str(region / "broken.yaml") + ":")
    assert row[_title("rating")] is None and row[_title("warnings")] is None
    assert row[_title("school")] == got["demo"][_title("school")]  # named as typed
    for school in IDS:
        valid = load_valid(region / f"{school}.yaml")
        r = got[school]
        assert r[_title("errors")] == 0
        assert r[_title("status")] == STATUS["not_built"]  # nothing in the packages folder
        assert r[_title("municipality")] == valid.profile.school.municipality
        assert isinstance(r[_title("rating")], int | float)
    assert not (tmp_path / "pk").exists()  # the report never writes a package


def test_the_status_reads_the_packages_folder_and_its_edition(region: Path, tmp_path: Path) -> None:
    packages = tmp_path / "pk"
    old = tmp_path / "old_templates"
    shutil.copytree(TEMPLATES, old)
    (old / "edition.yaml").write_text(
        'version: "2025.1"\ndate: 2025-09-01\nnote: прежняя\n', encoding="utf-8"
    )
    runner = CliRunner()
    for school, templates in (("demo", TEMPLATES), ("mirny", old)):
        args = ["build", str(region / f"{school}.yaml"), "-o", str(packages)]
        result = runner.invoke(main, [*args, "--templates", str(templates)])
        assert result.exit_code == 0, result.output
    # what a build in progress leaves beside the packages is not a school
    (packages / ".raduga.new-1234").mkdir()
    (packages / ".raduga.lock").write_text("", encoding="utf-8")
    _, rows = _run(region, tmp_path)
    got = _by_id(rows)
    assert got["demo"][_title("status")] == STATUS["complete"]
    assert got["mirny"][_title("status")] == STATUS["outdated"]
    assert "2025.1 от 01.09.2025" in str(got["mirny"][_title("detail")])
    assert got["mirny"][_title("edition")] == "2025.1 от 01.09.2025"
    assert got["raduga"][_title("status")] == STATUS["not_built"]
    assert got["raduga"][_title("edition")] is None


def test_a_repealed_act_in_a_profile_or_a_template_has_its_own_status(
    region: Path, tmp_path: Path
) -> None:
    text = (region / "demo.yaml").read_text(encoding="utf-8")
    cited = text.replace(
        "topic: Выбор профиля обучения в 10 классе",
        "topic: Закон РФ от 19.04.1991 № 1032-1 «О занятости населения»",
    )
    assert cited != text
    (region / "demo.yaml").write_text(cited, encoding="utf-8")
    _, rows = _run(region, tmp_path)
    got = _by_id(rows)
    assert got["demo"][_title("status")] == STATUS["repealed"]
    assert got["demo"][_title("errors")] == 1
    assert "journal.entries[0].topic" in str(got["demo"][_title("detail")])
    assert got["mirny"][_title("status")] == STATUS["not_built"]


def test_a_template_citing_a_repealed_act_marks_every_school(region: Path, tmp_path: Path) -> None:
    from tests.docx_edit import broken_copy

    templates = broken_copy(
        TEMPLATES,
        tmp_path / "templates",
        "04_appointment_order.docx",
        "журнал индивидуальных и групповых консультаций;",
        "журнал консультаций по Закону РФ от 19.04.1991 № 1032-1;",
    )
    _, rows = _run(region, tmp_path, "--templates", str(templates))
    for school, row in _by_id(rows).items():
        assert row[_title("status")] == STATUS["repealed"], school
        assert "1032-1" in str(row[_title("detail")]), school
        assert row[_title("errors")] == 0  # the profile is fine: the template is not


def test_a_package_that_fails_verification_is_refused_with_the_first_reason(
    region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import pipeline
    from generator.diagnostics import Finding

    real = pipeline._verification.verify_package
    planted = Finding("error", "04_Приказ.docx", "проверка не пройдена", "body", "абзац 3")
    monkeypatch.setattr(pipeline._verification, "verify_package", lambda *a: [*real(*a), planted])
    _, rows = _run(region, tmp_path, "-j", "1")
    for school, row in _by_id(rows).items():
        assert row[_title("status")] == STATUS["refused"], school
        detail = str(row[_title("detail")])
        assert detail == "04_Приказ.docx, body, абзац 3: ошибка: проверка не пройдена"
        assert row[_title("rating")] is not None  # the profile is valid: its figures count


def test_totals_are_the_sums_of_the_rows(region: Path, tmp_path: Path) -> None:
    out, rows = _run(region, tmp_path)
    totals = {str(t["Показатель"]): t for t in _sheet(out / "report.xlsx", "Итоги")}
    assert totals["Школ в отчёте"]["Значение"] == len(rows)
    for key, title in STATUS.items():
        expected = sum(r[_title("status")] == title for r in rows)
        assert totals[f"Школ: {title}"]["Значение"] == expected, key
    checked = 0
    for title, total in totals.items():
        if total["Как посчитано"] == "сумма по школам с данными":
            values = [r[title] for r in rows if r[title] is not None]
            assert all(isinstance(v, int) for v in values), title
            assert total["Значение"] == sum(values), title  # type: ignore[arg-type]
            assert total["Школ с данными"] == len(values), title
            checked += 1
    assert checked >= 1


def test_the_workbook_is_a_spreadsheet_not_a_csv(region: Path, tmp_path: Path) -> None:
    out, _ = _run(region, tmp_path)
    wb = openpyxl.load_workbook(out / "report.xlsx")
    assert wb.sheetnames == ["Школы", "Итоги", "Показатели"]
    ws = wb["Школы"]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    assert ws.column_dimensions["B"].width == catalog.report_columns().columns["school"].width
    header = [c.value for c in ws[1]]
    legend = {r["Столбец"]: r for r in _sheet(out / "report.xlsx", "Показатели")}
    for title in header:  # every column is documented: what it counts, from which field
        assert legend[title]["Что считает"] and legend[title]["Откуда взято"], title
    for status in STATUS.values():
        assert status in legend


def _pupil_names() -> set[str]:
    names: set[str] = set()
    for p in SCHOOLS.glob("*.yaml"):
        journal = (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("journal") or {}
        names.update(e["person"] for e in journal.get("entries") or () if e.get("person"))
    for p in SCHOOLS.glob("*.csv"):
        with p.open(encoding="utf-8") as f:
            names.update(r["person"] for r in csv.DictReader(f, delimiter=";") if r["person"])
    return names


def test_no_pupil_is_named_in_the_report(region: Path, tmp_path: Path) -> None:
    out, _ = _run(region, tmp_path)
    names = _pupil_names()
    assert len(names) > 5
    wb = openpyxl.load_workbook(out / "report.xlsx")
    cells = " ".join(
        str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v
    )
    page = (out / "report.html").read_text(encoding="utf-8")
    for name in names:
        surname = name.split()[0]
        assert surname not in cells and surname not in page, surname


def test_the_page_refers_to_nothing_outside_itself(region: Path, tmp_path: Path) -> None:
    out, rows = _run(region, tmp_path)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert html.external_urls(page) == []
    assert "<svg" in page and "<style>" in page
    for r in rows:  # the table holds every school, by the same name as the XLSX
        assert str(r[_title("school_id")]) in page


@pytest.mark.parametrize(
    "planted",
    [
        '<img src="https://example.org/logo.png">',
        '<link rel="stylesheet" href="//cdn.example.org/a.css">',
        "<style>body { background: url(http://example.org/bg.png) }</style>",
        '<script src="stats.js"></script>',
        "<style>@import 'font.css';</style>",
        '<a href="http://example.org">сайт</a>',
    ],
)
def test_the_check_catches_a_planted_external_reference(planted: str) -> None:
    page = '<html><body><a href="#top">вверх</a>' + planted + "</body></html>"
    assert html.external_urls(page)
    assert html.external_urls(page.replace(planted, "")) == []


def test_the_report_refuses_to_write_a_page_with_an_external_url(
    region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = html.page
    monkeypatch.setattr(
        html,
        "page",
        lambda *a, **k: real(*a, **k).replace("</body>", '<img src="http://x.ru/a.png"></body>'),
    )
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["report", str(region), "-o", str(out)])
    assert result.exit_code == 1
    assert "внешний адрес" in result.output
    assert not out.exists()


def _rows() -> list[SchoolRow]:
    def row(school: str, reached: int | None, trials: int | None) -> SchoolRow:
        return SchoolRow(
            school,
            "complete",
            indicators={"pupils_reached": reached, "pupils_in_trials": trials},
            hours=(Hours(8, 40, 40, 40),),
        )

    return [row("a", 300, 10), row("b", 100, 60), row("c", None, 30)]


def _order(weights_text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "rating.yaml"
    path.write_text(weights_text, encoding="utf-8")
    ranked = rating.rank(_rows(), rating.load_weights(path))
    return [r.school_id for r in sorted(ranked, key=lambda r: (r.rank, r.school_id))]


def test_a_weight_changes_the_order(tmp_path: Path) -> None:
    reach = _order("weights:\n  pupils_reached: 3\n  pupils_in_trials: 1\n", tmp_path)
    trials = _order("weights:\n  pupils_reached: 1\n  pupils_in_trials: 3\n", tmp_path)
    assert reach == ["a", "b", "c"]
    assert trials == ["b", "a", "c"]  # «c» has no data for reach: not credited


def test_the_score_follows_the_documented_formula(tmp_path: Path) -> None:
    path = tmp_path / "rating.yaml"
    path.write_text("weights:\n  pupils_reached: 1\n  pupils_in_trials: 1\n", encoding="utf-8")
    by_id = {r.school_id: r for r in rating.rank(_rows(), rating.load_weights(path))}
    # 100 × (reach/best reach + trials/best trials) / 2
    assert by_id["a"].score == round(100 * (300 / 300 + 10 / 60) / 2, 1)
    assert by_id["b"].score == round(100 * (100 / 300 + 60 / 60) / 2, 1)
    assert by_id["c"].score == round(100 * (0 + 30 / 60) / 2, 1)


def test_the_shipped_weights_are_valid() -> None:
    weights = rating.load_weights()
    assert weights and set(weights) <= set(rating.rating_keys())


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("weights:\n  pupils_reachd: 1\n", "weights.pupils_reachd: такого показателя нет"),
        ("weights:\n  pupils_reached: -1\n", "weights.pupils_reached: вес — неотрицательное"),
        ("weights:\n  pupils_reached: много\n", "weights.pupils_reached — ожидалось число"),
        ("weights:\n  pupils_reached: 1\nformula: x\n", "formula — неизвестный ключ"),
        ("weights:\n  pupils_reached: 0\n", "все веса равны 0"),
    ],
)
def test_a_broken_rating_file_is_refused_with_the_key(
    tmp_path: Path, region: Path, text: str, fragment: str
) -> None:
    path = tmp_path / "rating.yaml"
    path.write_text(text, encoding="utf-8")
    code, output = _report(str(region), "-o", str(tmp_path / "r"), "--rating", str(path))
    assert code == 1
    assert str(path) in output and fragment in output, output
    assert not (tmp_path / "r").exists()


def test_every_status_and_column_must_be_described(tmp_path: Path) -> None:
    from generator.errors import CatalogError
    from generator.paths import catalog_file

    text = catalog_file("report_columns.yaml").read_text(encoding="utf-8")
    start = text.index("  repealed:")
    end = text.index("  invalid:")
    path = tmp_path / "report_columns.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(CatalogError, match="statuses: нет описания для repealed"):
        catalog.parse_file(catalog.ReportColumns, path)


def test_the_indicator_figures_are_the_profiles_own(
    region: Path, tmp_path: Path, indicators: ModuleType
) -> None:
    """Every indicator cell is what generator.indicators computes for that profile: numbers
    as numbers, yes/no as «да»/«нет», no data as an empty cell (never 0)."""
    out, rows = _run(region, tmp_path)
    got = _by_id(rows)
    legend = {r["Столбец"]: r for r in _sheet(out / "report.xlsx", "Показатели")}
    entries = [e for e in catalog.indicators().indicators if e.key != "hours"]
    empty_seen = 0
    for school in IDS:
        computed = indicators.school_indicators(load_valid(region / f"{school}.yaml"))
        row = got[school]
        for entry in entries:
            title = f"{entry.number}. {entry.title}" if entry.number else entry.title
            assert legend[title]["Откуда взято"] == entry.source
            value = getattr(computed, entry.key)
            cell = row[title]
            if value is None:
                assert cell is None, (school, entry.key)
                empty_seen += 1
            elif isinstance(value, bool):
                assert cell == ("да" if value else "нет"), (school, entry.key)
            else:
                assert cell == value and type(cell) is type(value), (school, entry.key)
        for h in computed.hours:
            assert row[f"Часы {h.grade} кл.: по плану"] == h.planned
            assert row[f"Часы {h.grade} кл.: проведено"] == h.delivered
            assert row[f"Часы {h.grade} кл.: минимум"] == h.minimum
    assert empty_seen, "no school lacks a figure: the empty-cell rule went unchecked"


def test_the_page_charts_the_indicator_asked_for(region: Path, tmp_path: Path) -> None:
    entry = catalog.indicators().indicator("pupils_consulted")
    out, _ = _run(region, tmp_path, "--indicator", "pupils_consulted")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert f"<h2>{entry.title}</h2>" in page
    code, output = _report(str(region), "-o", str(tmp_path / "x"), "--indicator", "pupils")
    assert code == 2 and "нет показателя «pupils»" in output
    assert not (tmp_path / "x").exists()
