"""Templates survive the methodologist's editors.

Every template re-saved by LibreOffice (as she would: open, change nothing, save as DOCX),
by python-docx, and by both in turn, passes `check` and builds the same documents as the
original templates: the same words in every paragraph and cell, the same sections and page
breaks (the journal's portrait title page). And each way Word breaks a tag
(tests/tag_breakers.py) is repaired, or reported by check and refused by build.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.check import check_template, check_templates
from generator.documents import BY_TEMPLATE, DOCUMENTS
from generator.edition import MANIFEST
from generator.errors import TemplateInvalid
from generator.pdf import find_soffice
from generator.pipeline import render_package
from tests.docx_edit import linked_copy
from tests.tag_breakers import CASES, TEMPLATE

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "docx"
SCHOOLS = ROOT / "data" / "schools"
PROFILES = [SCHOOLS / "demo.yaml", SCHOOLS / "mirny.yaml"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_TEXT_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


# ----------------------------------------------------------------------------- reading
def _field_results(p: etree._Element) -> set[etree._Element]:
    """Runs holding a complex field's kept result (Word recomputes it: PAGE)."""
    out: set[etree._Element] = set()
    open_: list[bool] = []
    for r in p.iter(W + "r"):
        mark = r.find(W + "fldChar")
        kind = mark.get(W + "fldCharType") if mark is not None else None
        if kind == "begin":
            open_.append(False)
        elif kind == "separate" and open_:
            open_[-1] = True
        elif kind == "end" and open_:
            open_.pop()
        elif open_ and open_[-1]:
            out.add(r)
    return out


def _paragraph(p: etree._Element) -> str:
    skip = _field_results(p)
    out = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "softHyphen"):
        if el.getparent() in skip:
            continue
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "softHyphen":  # LibreOffice writes U+00AD as this element
            out.append("\u00ad")
        elif el.tag == W + "tab":
            out.append("\t")
        elif el.get(W + "type") != "page":
            out.append("\n")
    return " ".join("".join(out).split())


def texts(docx: bytes) -> list[str]:
    """Every paragraph (table cells included) of every text part, in part order; headers
    and footers under one label (LibreOffice may swap header1 and header2)."""
    lines = []
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        for name in sorted(n for n in zf.namelist() if _TEXT_PART.match(n)):
            label = "header/footer" if "/header" in name or "/footer" in name else name
            root = etree.fromstring(zf.read(name))
            paragraphs = [_paragraph(p) for p in root.iter(W + "p")]
            if label == "header/footer":  # LibreOffice adds empty default headers
                paragraphs = [p for p in paragraphs if p]
            lines += [f"[{label}] {p}" for p in paragraphs]
    return lines


def words(lines: list[str]) -> list[str]:
    return " ".join(line.split("] ", 1)[1] for line in lines).split()


def layout(docx: bytes) -> list[str]:
    """Each section's orientation, and the page breaks: what a text comparison misses."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    out = []
    for sect in root.iter(W + "sectPr"):
        size = sect.find(W + "pgSz")
        out.append(
            "landscape"
            if size is not None and size.get(W + "orient") == "landscape"
            else "portrait"
        )
    breaks = sum(b.get(W + "type") == "page" for b in root.iter(W + "br"))
    breaks += sum(b.get(W + "val") not in ("0", "false") for b in root.iter(W + "pageBreakBefore"))
    return [*out, f"page breaks: {breaks}"]


# ----------------------------------------------------------------------------- re-saving
def _require_soffice() -> None:
    if find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("В CI должен быть установлен LibreOffice (.ci/run ставит его).")
        pytest.skip("LibreOffice (soffice) не установлен")


def soffice(work: Path, *args: str) -> None:
    """LibreOffice headless, with a profile of its own (never the user's)."""
    profile = (work / "lo-profile").resolve().as_uri()
    subprocess.run(
        [find_soffice() or "soffice", f"-env:UserInstallation={profile}", "--headless", *args],
        check=True,
        capture_output=True,
        timeout=300,
    )


def resave_libreoffice(src: Path, dst: Path, work: Path) -> Path:
    dst.mkdir(parents=True)
    files = [str(p) for p in sorted(src.glob("*.docx"))]
    soffice(work, "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(dst), *files)
    shutil.copy(src / MANIFEST, dst / MANIFEST)
    assert sorted(p.name for p in dst.glob("*.docx")) == sorted(d.template for d in DOCUMENTS)
    return dst


def resave_python_docx(src: Path, dst: Path) -> Path:
    import docx

    dst.mkdir(parents=True)
    for path in sorted(src.glob("*.docx")):
        docx.Document(str(path)).save(str(dst / path.name))
    shutil.copy(src / MANIFEST, dst / MANIFEST)
    return dst


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    _require_soffice()
    work = tmp_path_factory.mktemp("editors")
    lo = resave_libreoffice(TEMPLATES, work / "libreoffice", work)
    return {
        "libreoffice": lo,
        "python-docx": resave_python_docx(TEMPLATES, work / "python-docx"),
        "libreoffice+python-docx": resave_python_docx(lo, work / "lo-python-docx"),
    }


@pytest.fixture(scope="module")
def reference() -> dict[str, dict[str, bytes]]:
    return {p.stem: render_package(p).documents for p in PROFILES}


def test_libreoffice_really_rewrites_the_templates(resaved: dict[str, Path]) -> None:
    """The premise: what LibreOffice writes differs where it used to break profdocs."""
    with zipfile.ZipFile(resaved["libreoffice"] / "01_work_regulation.docx") as zf:
        body = zf.read("word/document.xml").decode()
    assert "&apos;" in body  # the quotes inside tags, as entities
    with zipfile.ZipFile(resaved["libreoffice"] / "06_consultation_journal.docx") as zf:
        journal = zf.read("word/document.xml").decode()
    # the title page's section break now sits in the «{%p endif %}» paragraph
    assert re.search(r"<w:sectPr[ >](?:(?!</w:p>).)*?\{%p endif %\}", journal, re.S)


@pytest.mark.parametrize("editor", ["libreoffice", "python-docx", "libreoffice+python-docx"])
def test_check_is_clean_after_a_save(resaved: dict[str, Path], editor: str) -> None:
    assert [f.format() for f in check_templates(resaved[editor])] == []


@pytest.mark.parametrize("editor", ["libreoffice", "python-docx", "libreoffice+python-docx"])
@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_build_after_a_save_equals_the_original_word_for_word(
    resaved: dict[str, Path], reference: dict[str, dict[str, bytes]], editor: str, profile: Path
) -> None:
    built = render_package(profile, resaved[editor]).documents
    for name, original in reference[profile.stem].items():
        assert texts(built[name]) == texts(original), (editor, name)
        assert words(texts(built[name])) == words(texts(original))
        assert layout(built[name]) == layout(original), (editor, name)
    journal = reference[profile.stem][DOCUMENTS[5].file_name]
    assert layout(journal)[:2] == ["portrait", "landscape"]


def test_documents_from_libreoffice_templates_pass_openxml_audit(
    resaved: dict[str, Path], tmp_path: Path
) -> None:
    from openxml_audit import FileFormat

    from tests.test_openxml_audit import audit_all

    built = render_package(PROFILES[0], resaved["libreoffice"]).documents
    files = []
    # 01: tags LibreOffice wrote with &apos;; 05 and 06: its on/off values in tables, and
    # the journal's section break (about a second each: the others add nothing new)
    for spec in (DOCUMENTS[0], DOCUMENTS[4], DOCUMENTS[5]):
        (tmp_path / spec.file_name).write_bytes(built[spec.file_name])
        files.append(tmp_path / spec.file_name)
    found = audit_all(files, (FileFormat.MICROSOFT_365,))
    assert {k: v for k, v in found.items() if v} == {}


def test_journal_from_libreoffice_templates_keeps_its_portrait_title_page(
    resaved: dict[str, Path], tmp_path: Path
) -> None:
    """On the page, as LibreOffice lays it out: page 1 portrait, the table pages landscape."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) не установлен")
    name = DOCUMENTS[5].file_name
    (tmp_path / name).write_bytes(
        render_package(PROFILES[0], resaved["libreoffice"]).documents[name]
    )
    soffice(tmp_path, "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / name))
    pdf = tmp_path / name.replace(".docx", ".pdf")
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "3", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = [
        tuple(float(x) for x in re.findall(r"([\d.]+) x ([\d.]+)", line)[0])
        for line in info.splitlines()
        if re.match(r"Page\s+\d+ size:", line)
    ]
    assert sizes[0][0] < sizes[0][1], sizes  # the title page: portrait
    assert sizes[1][0] > sizes[1][1], sizes  # the journal's table: landscape


# ----------------------------------------------------------------------------- Word's breaks
def _planted(tmp_path: Path, name: str) -> Path:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(TEMPLATES / TEMPLATE) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = CASES[name].plant(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return linked_copy(TEMPLATES, tmp_path / "templates", {TEMPLATE: out.getvalue()})


@pytest.mark.parametrize("name", list(CASES))
def test_a_tag_word_broke(
    tmp_path: Path, reference: dict[str, dict[str, bytes]], name: str
) -> None:
    case = CASES[name]
    templates = _planted(tmp_path, name)
    found = check_template(templates / TEMPLATE, BY_TEMPLATE[TEMPLATE].id)
    if not case.check:
        assert [f.format() for f in found] == []
    else:
        assert [(f.severity, case.check in f.message) for f in found] == [(case.severity, True)]
    if case.severity == "error" and case.check:
        with pytest.raises(TemplateInvalid) as info:
            render_package(PROFILES[0], templates)
        assert case.check in "\n".join(info.value.details) and TEMPLATE in str(info.value)
        return
    spec = BY_TEMPLATE[TEMPLATE]
    got = texts(render_package(PROFILES[0], templates).documents[spec.file_name])
    want = texts(reference["demo"][spec.file_name])
    if case.shows:
        assert any(case.shows in line for line in got)
        got = [line.replace(case.shows, case.shows.strip("„“")) for line in got]
    assert got == want
