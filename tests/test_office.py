"""A real office suite opens every generated document: LibreOffice converts each to PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("school", ["demo", "mirny"])
def test_libreoffice_converts_every_document(school: str, tmp_path: Path) -> None:
    _require_soffice()
    built = render_package(SCHOOLS / f"{school}.yaml")
    files = write_package(built, tmp_path)
    pdfs = convert_to_pdf(files, tmp_path)
    assert len(pdfs) == 6
    for pdf in pdfs:
        low, high = EXPECTED_PAGES[pdf.name[:2]]
        pages = pdf_pages(pdf)
        assert low <= pages <= high, f"{pdf.name}: {pages} pages"


def test_missing_libreoffice_is_a_clear_russian_error(monkeypatch, tmp_path: Path) -> None:
    from generator.errors import BuildError

    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(BuildError) as info:
        convert_to_pdf([tmp_path / "x.docx"], tmp_path)
    assert "LibreOffice" in str(info.value) and "apt-get install" in str(info.value)
