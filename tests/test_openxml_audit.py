"""Word opens every template and every output without a repair prompt, as far as an
offline check can tell: openxml-audit (OOXML schemas and Word's app-compat rules) reports
no error for microsoft365 and office2016.

The audit takes about a second a file and format, so the files are audited in a process
pool.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import docx
import pytest
from openxml_audit import FileFormat, OpenXmlValidator
from openxml_audit.errors import ValidationSeverity

from generator.documents import DOCUMENTS
from generator.docx import opc
from generator.pipeline import render_package, write_package

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "docx"
SCHOOLS = ROOT / "data" / "schools"
FORMATS = (FileFormat.MICROSOFT_365, FileFormat.OFFICE_2016)


def audit(path: Path, fmt: FileFormat) -> list[str]:
    """Every error openxml-audit finds in one file for one format, as «part: description»."""
    result = OpenXmlValidator(file_format=fmt, max_errors=0).validate(path)
    return [
        f"{e.part_uri}: {e.description}"
        for e in result.errors
        if e.severity == ValidationSeverity.ERROR
    ]


def _audit_job(job: tuple[Path, FileFormat]) -> tuple[str, str, list[str]]:
    path, fmt = job
    return f"{path.parent.name}/{path.name}", fmt.value, audit(path, fmt)


def audit_all(paths: list[Path], formats: tuple[FileFormat, ...] = FORMATS) -> dict[str, list[str]]:
    """«file [format]» → errors, for every file and format; several at once."""
    jobs = [(p, f) for p in paths for f in formats]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = min(len(jobs), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return {f"{name} [{fmt}]": errors for name, fmt, errors in pool.map(_audit_job, jobs)}


def test_every_template_and_every_sample_output_passes(tmp_path: Path) -> None:
    files = sorted(TEMPLATES.glob("*.docx"))
    for school in ("demo", "mirny"):
        written = write_package(render_package(SCHOOLS / f"{school}.yaml"), tmp_path / school)
        files += [p for p in written if p.suffix == ".docx"]
    assert len(files) == 3 * len(DOCUMENTS)
    found = audit_all(files)
    assert len(found) == 2 * len(files)  # two Office formats per file
    assert {k: v for k, v in found.items() if v} == {}


def _with_styles_with_effects(template: bytes) -> bytes:
    """The template with python-docx's stale copy of the styles put back."""
    default = Path(docx.__file__).parent / "templates" / "default.docx"
    with zipfile.ZipFile(default) as zf:
        stale = zf.read(opc.STYLES_WITH_EFFECTS)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSWE" Type="http://schemas.microsoft.com/office/2007/'
                    b'relationships/stylesWithEffects" Target="stylesWithEffects.xml"/>'
                    b"</Relationships>",
                )
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/stylesWithEffects.xml" ContentType='
                    b'"application/vnd.ms-word.stylesWithEffects+xml"/></Types>',
                )
            zout.writestr(info, data)
        zout.writestr(opc.STYLES_WITH_EFFECTS, stale)
    return out.getvalue()


def test_a_template_that_brings_back_styles_with_effects_gives_clean_documents(
    tmp_path: Path,
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    victim = templates / "04_appointment_order.docx"
    victim.write_bytes(_with_styles_with_effects(victim.read_bytes()))
    # the audit sees the template's two copies disagree ...
    assert any("stylesWithEffects" in e for e in audit(victim, FileFormat.MICROSOFT_365))
    # ... and the documents built from it carry neither the part nor a reference to it
    built = render_package(SCHOOLS / "demo.yaml", templates)
    name = next(n for n in built.documents if n.startswith("04_"))
    out = tmp_path / name
    out.write_bytes(built.documents[name])
    with zipfile.ZipFile(out) as zf:
        assert opc.STYLES_WITH_EFFECTS not in zf.namelist()
        for part in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
            assert b"stylesWithEffects" not in zf.read(part)
    assert audit(out, FileFormat.MICROSOFT_365) == []


@pytest.mark.parametrize("value", ["true", "1"])
def test_libreoffice_on_off_values_are_written_as_the_schema_wants(
    tmp_path: Path, value: str
) -> None:
    """LibreOffice writes <w:tblHeader w:val="true"/>; the audit calls that an error."""
    from tests.docx_edit import replace_in_template

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    victim = templates / "05_plan_grid.docx"
    lo = f'<w:cantSplit w:val="{value}"/><w:tblHeader w:val="{value}"/>'
    replace_in_template(victim, "<w:cantSplit/><w:tblHeader/>", lo)
    assert audit(victim, FileFormat.MICROSOFT_365)
    built = render_package(SCHOOLS / "demo.yaml", templates)
    name = next(n for n in built.documents if n.startswith("05_"))
    (tmp_path / name).write_bytes(built.documents[name])
    assert audit(tmp_path / name, FileFormat.MICROSOFT_365) == []
