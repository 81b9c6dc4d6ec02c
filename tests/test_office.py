"""A real office suite opens every generated document: LibreOffice converts each to PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.documents import DOCUMENTS
from generator.pdf import convert_to_pdf, find_soffice
from generator.pipeline import render_package, write_package

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ROOT / "data" / "schools"

# Page counts a real package of the demo school fills, with some slack for font metrics.
EXPECTED_PAGES = {
    "01": (10, 18),
    "02": (4, 10),
    "03": (2, 5),
    "04": (1, 3),
    "05": (4, 14),
    "06": (2, 6),
    "07": (2, 6),
    "08": (2, 5),
    "09": (1, 3),
    "10": (1, 3),
}


def _require_soffice() -> None:
    if find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("В CI должен быть установлен LibreOffice (.ci/run ставит его).")
        pytest.skip("LibreOffice (soffice) не установлен")


def pdf_pages(path: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


SAMPLES = ("demo", "mirny", "novonikolskoe", "raduga", "lyceum53")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, list[Path]]:
    """Every document of every sample school, as LibreOffice lays it out (one conversion)."""
    _require_soffice()
    out = tmp_path_factory.mktemp("pdf")
    result: dict[str, list[Path]] = {}
    for school in SAMPLES:  # the schools' files share names: one folder each
        files = write_package(render_package(SCHOOLS / f"{school}.yaml"), out / school)
        result[school] = convert_to_pdf(files, out / school)
    return result


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")


@pytest.mark.parametrize("school", SAMPLES)
def test_libreoffice_converts_every_document(school: str, pdfs) -> None:
    no_model = school == "raduga"  # a primary school: no 09 on the Единая модель
    assert len(pdfs[school]) == len(DOCUMENTS) - no_model
    for pdf in pdfs[school]:
        low, high = EXPECTED_PAGES[pdf.name[:2]]
        pages = pdf_pages(pdf)
        assert low <= pages <= high, f"{pdf.name}: {pages} pages"


_SURNAME_LINE = re.compile(r"\S\s+[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
_MONTH = re.compile(
    r"^(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)\b"
)
_INITIALS_END = re.compile(r"(?<![А-ЯЁа-яё.])[А-ЯЁ]\.[А-ЯЁ]\.$")
_LISTED_NAME = re.compile(r"^[А-ЯЁ][а-яё-]+ [А-ЯЁ]\.[А-ЯЁ]\.$")  # «Иванова М.П.» in a sheet
_CAPITALISED = re.compile(r"^[А-ЯЁ][а-яё]+")
_INITIALS_ONLY = re.compile(r"^[А-ЯЁ]\.[А-ЯЁ]\.$")
# «ст.», «г.» … at a line end, but not «т. д.» or a year's «г.»
_ABBREVIATION_END = re.compile(r"(?<![а-яё])(?<!т\.\s)(?<!\d{4}\s)(?<!_\s)(ст|п|ч|с|г|им|ул|д)\.$")
_DASH_START = re.compile(r"^—\s\S")
_SENTENCE_GOES_ON = re.compile(r"[а-яё,»)]$")
_YEAR_END = re.compile(r"(\d{4}|_{2,})$")
_DAY_END = re.compile(r"(?<![\d.])\d{1,2}$")


def bad_breaks(text: str) -> list[str]:
    """Lines that break where a no-break space belongs (the patterns of
    /work/notes/issue10/pdf_line_breaks.py, on pdftotext's reading order, not its layout).

    A table's cells may share a line in that order, so a dash counts only where a sentence
    goes on past a line end."""
    found = []
    lines = [ln.strip() for ln in text.split("\n")]
    for prev, line, nxt in zip(["", *lines[:-1]], lines, [*lines[1:], ""], strict=True):
        if not line:
            continue
        checks = {
            "ends with «№»": line.endswith("№"),
            "starts with a dash": bool(_DASH_START.match(line) and _SENTENCE_GOES_ON.search(prev)),
            "starts with «;»": line.startswith(";"),
            "initials apart from the surname": bool(
                _INITIALS_END.search(line)
                and _CAPITALISED.match(nxt)
                and not _LISTED_NAME.match(line)
            ),
            "surname apart from the initials": bool(
                _INITIALS_ONLY.match(line) and _SURNAME_LINE.search(prev)
            ),
            "abbreviation apart from its word": bool(_ABBREVIATION_END.search(line)),
            "«г.» apart from its year": bool(
                re.match(r"^г\.(\s|$)", line)
                and _YEAR_END.search(prev)
                and not prev.startswith("№")  # «№ ____» to fill in, then «г. Томск»
            ),
            "day apart from its month": bool(_DAY_END.search(line) and _MONTH.match(nxt)),
            "nested brackets": "))" in line,
        }
        found += [
            f"{what}: {prev[-40:]!r} / {line!r} / {nxt[:40]!r}"
            for what, bad in checks.items()
            if bad
        ]
    return found


@pytest.mark.parametrize("school", SAMPLES)
def test_pdf_has_no_bad_breaks(school: str, pdfs) -> None:
    """What LibreOffice lays out: no line breaks inside «М.П. Иванова», after «№», before a
    dash or «;», between a day and its month or a year and «г.»."""
    problems = []
    for pdf in pdfs[school]:
        for n, page in enumerate(page_texts(pdf), start=1):
            problems += [f"{pdf.name} p{n}: {p}" for p in bad_breaks(page)]
    assert problems == []


def test_bad_breaks_are_found() -> None:
    assert bad_breaks("приказ от 31.08.2026 №\n121-о")
    assert bad_breaks("заместитель директора А.Ф.\nЁлкина проводит")
    assert bad_breaks("сотрудничество\n— содействие")
    assert bad_breaks("ООО «Мирненское»\n; ОГБПОУ")
    assert bad_breaks("с 1\nсентября 2026 г.")
    assert not bad_breaks("координатор\nМ.П. Иванова\n—\nИванова М.П.\nучитель")


@pytest.mark.parametrize("school", SAMPLES)
def test_plan_signature_is_never_alone(school: str, pdfs) -> None:
    """The closing row keeps the last event with the notes and the signature."""
    plan = next(p for p in pdfs[school] if p.name.startswith("05"))
    page = next(t for t in page_texts(plan) if "Координатор по профессиональной" in t)
    assert re.search(r"^\d\.\d{1,2}\b", page, re.M), "the signature's page has no event"


@pytest.mark.parametrize("extra", [4, 9])
def test_plan_signature_stays_with_its_row_whatever_the_length(extra: int, tmp_path: Path) -> None:
    """A longer list of partners shifts every row down: the signature still has company."""
    import yaml

    _require_soffice()
    data = yaml.safe_load((SCHOOLS / "demo.yaml").read_text(encoding="utf-8"))
    data["partners"]["others"] = [
        f"Партнёр номер {i} с длинным наименованием" for i in range(extra)
    ]
    path = tmp_path / "padded.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    files = write_package(render_package(path), tmp_path / "out")
    (plan,) = convert_to_pdf([f for f in files if f.name.startswith("05")], tmp_path)
    page = next(t for t in page_texts(plan) if "Координатор по профессиональной" in t)
    assert re.search(r"^\d\.\d{1,2}\b", page, re.M)


def test_missing_libreoffice_is_a_clear_russian_error(monkeypatch, tmp_path: Path) -> None:
    from generator.errors import BuildError

    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(BuildError) as info:
        convert_to_pdf([tmp_path / "x.docx"], tmp_path)
    assert "LibreOffice" in str(info.value) and "apt-get install" in str(info.value)
