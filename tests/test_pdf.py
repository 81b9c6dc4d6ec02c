"""PDF copies: PDF/A-2b with every font embedded, and a batch starts LibreOffice once a worker.

The real LibreOffice tests are skipped only where soffice is missing (CI installs it);
the rest stand a small script in for soffice, to count its starts and make it fail.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import stat
import sys
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from generator import batch
from generator.cli import main
from generator.pdf import convert_many, find_soffice
from tests.samples import expected_documents

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ROOT / "data" / "schools"
HAS_FORK = "fork" in multiprocessing.get_all_start_methods()


def _require_soffice() -> str:
    found = find_soffice()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("В CI должен быть установлен LibreOffice (.ci/run ставит его).")
        pytest.skip("LibreOffice (soffice) не установлен")
    return found


def pdfa_problems(path: Path) -> list[str]:
    """What keeps `path` from being PDF/A-2b: its XMP claim and fonts not embedded."""
    problems = []
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        part, conformance = meta.get("pdfaid:part"), meta.get("pdfaid:conformance")
        if (part, conformance) != ("2", "B"):
            problems.append(f"pdfaid part={part!r} conformance={conformance!r}")
        fonts = 0
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
                continue
            if obj.get("/Subtype") in ("/Type0", "/Type3"):
                continue  # Type0: its descendant font is checked; Type3: glyphs are content
            fonts += 1
            desc = obj.get("/FontDescriptor")
            if desc is None or not any(
                k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                problems.append(f"font {obj.get('/BaseFont')} is not embedded")
        if fonts == 0:
            problems.append("no fonts")
    return problems


def _assert_pdfa(pdfs: list[Path]) -> None:
    assert pdfs
    problems = {p.name: pdfa_problems(p) for p in pdfs}
    assert all(not v for v in problems.values()), problems


def test_the_checker_refuses_a_pdf_without_the_claim_or_embedded_fonts(tmp_path: Path) -> None:
    """pdfa_problems fails where it should: a PDF with a bare Helvetica and no XMP."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/F1")
    )
    page = pikepdf.Page(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        )
    )
    pdf.pages.append(page)
    pdf.save(tmp_path / "plain.pdf")
    problems = pdfa_problems(tmp_path / "plain.pdf")
    assert any("pdfaid" in p for p in problems)
    assert any("not embedded" in p for p in problems)


def test_build_pdf_gives_pdfa_2b_with_every_font_embedded(tmp_path: Path) -> None:
    _require_soffice()
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(SCHOOLS / "demo.yaml"), "-o", str(out), "--pdf"]
    )
    assert result.exit_code == 0, result.output
    pdfs = sorted((out / "demo").glob("*.pdf"))
    assert len(pdfs) == expected_documents("demo")
    _assert_pdfa(pdfs)


def test_plain_pdf_export_is_not_pdfa(tmp_path: Path) -> None:
    """LibreOffice's default export makes no PDF/A claim: the filter is what gives it."""
    import subprocess

    soffice = _require_soffice()
    from generator.pipeline import render_package

    built = render_package(SCHOOLS / "demo.yaml")
    name = next(n for n in built.documents if n.startswith("04"))
    (tmp_path / name).write_bytes(built.documents[name])
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / name),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    assert any("pdfaid" in p for p in pdfa_problems(tmp_path / name.replace(".docx", ".pdf")))


# --- a batch: LibreOffice's starts counted ------------------------------------------------------


def _counting_soffice(folder: Path, log: Path, real: str | None) -> None:
    """`soffice` on PATH that notes the process that started it, then does the work: the
    real LibreOffice, or (real None) a stand-in that writes a small PDF per document and
    skips those whose name contains $FAKE_SOFFICE_SKIP ("*" skips all)."""
    script = folder / "soffice"
    script.write_text(
        f"""#!{sys.executable}
import os, sys
with open({str(log)!r}, "a") as fh:
    fh.write(f"{{os.getppid()}}\\n")
args = sys.argv[1:]
real = {real!r}
if real:
    os.execv(real, [real, *args])
out = args[args.index("--outdir") + 1]
skip = os.environ.get("FAKE_SOFFICE_SKIP", "")
for doc in (a for a in args if a.endswith(".docx")):
    if skip == "*" or (skip and skip in os.path.basename(doc)):
        continue
    stem = os.path.splitext(os.path.basename(doc))[0]
    with open(os.path.join(out, stem + ".pdf"), "wb") as fh:
        fh.write(b"%PDF-1.7 copy of " + os.path.basename(doc).encode())
""",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def three(tmp_path: Path) -> Path:
    folder = tmp_path / "region"
    folder.mkdir()
    for school in ("demo", "mirny", "raduga"):
        shutil.copy(SCHOOLS / f"{school}.yaml", folder / f"{school}.yaml")
    return folder


def _with_soffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, real: str | None) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "starts.log"
    _counting_soffice(bin_dir, log, real)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert shutil.which("soffice") == str(bin_dir / "soffice")
    return log


def _starts(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


@pytest.mark.skipif(not HAS_FORK, reason="workers are forked")
def test_a_batch_starts_libreoffice_once_per_worker(
    three: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = _require_soffice()
    log = _with_soffice(monkeypatch, tmp_path, real)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(three), "-o", str(out), "--pdf", "-j", "2"])
    assert result.exit_code == 0, result.output
    starts = _starts(log)
    assert len(starts) <= 2, starts  # two workers, three schools
    assert len(set(starts)) == len(starts), "a worker started LibreOffice twice"
    assert str(os.getpid()) not in starts, "the parent converted a school of its own"
    for school in ("demo", "mirny", "raduga"):
        docx = sorted((out / school).glob("*.docx"))
        pdfs = sorted((out / school).glob("*.pdf"))
        assert [p.stem for p in pdfs] == [d.stem for d in docx]
        assert len(pdfs) == expected_documents(school)
        _assert_pdfa(pdfs)
    assert not list(out.glob(".*.new-*"))


def test_one_process_converts_a_batch_in_one_run(
    three: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _with_soffice(monkeypatch, tmp_path, None)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(three), "-o", str(out), "--pdf", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert len(_starts(log)) == 1
    for school in ("demo", "mirny", "raduga"):
        pdfs = sorted((out / school).glob("*.pdf"))
        assert len(pdfs) == expected_documents(school)
        # each school got its own copies, not a neighbour's of the same name
        for pdf in pdfs:
            assert pdf.read_bytes().endswith(f"-{pdf.stem}.docx".encode())


def test_a_document_libreoffice_fails_on_leaves_its_schools_docx_and_says_so(
    three: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_soffice(monkeypatch, tmp_path, None)
    monkeypatch.setenv("FAKE_SOFFICE_SKIP", "0001-05_")  # the second school's plan
    out = tmp_path / "out"
    paths = sorted(three.glob("*.yaml"))  # demo, mirny, raduga
    results = batch._build_chunk(paths, batch.BuildOptions(output=out, pdf=True))
    assert [r.ok for r in results] == [True, False, True]
    failed = results[1]
    assert failed.reason.startswith(
        f"Документы DOCX записаны в папку {out / 'mirny'}, но PDF-копии не созданы: "
        "LibreOffice не смог создать PDF: 05_"
    ), failed.reason
    assert len(list((out / "mirny").glob("*.docx"))) == expected_documents("mirny")
    assert list((out / "mirny").glob("*.pdf")) == []
    for school in ("demo", "raduga"):
        assert len(list((out / school).glob("*.pdf"))) == expected_documents(school)


def test_a_failed_libreoffice_run_still_writes_every_schools_docx(
    three: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_soffice(monkeypatch, tmp_path, None)
    monkeypatch.setenv("FAKE_SOFFICE_SKIP", "*")
    out = tmp_path / "out"
    code_result = CliRunner().invoke(
        main, ["build", str(three), "-o", str(out), "--pdf", "-j", "1"]
    )
    assert code_result.exit_code == 1
    assert code_result.output.count("но PDF-копии не созданы") == 3, code_result.output
    for school in ("demo", "mirny", "raduga"):
        assert len(list((out / school).glob("*.docx"))) == expected_documents(school)
        assert list((out / school).glob("*.pdf")) == []


def test_a_timed_out_run_is_reported_for_every_school(
    three: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import pdf
    from generator.errors import BuildError

    def timed_out(documents, out_dir, timeout=None):
        raise BuildError("LibreOffice не успел преобразовать документы в PDF за 9 с.")

    monkeypatch.setattr(pdf, "convert_many", timed_out)
    results = batch._build_chunk(
        sorted(three.glob("*.yaml")), batch.BuildOptions(output=tmp_path / "out", pdf=True)
    )
    assert [r.ok for r in results] == [False, False, False]
    assert all("не успел преобразовать документы в PDF за 9 с" in r.reason for r in results)
    assert all(
        len(list((tmp_path / "out" / r.school_id).glob("*.docx")))
        == expected_documents(r.school_id)
        for r in results
    )


def test_convert_many_refuses_names_that_would_collide(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        convert_many([tmp_path / "a" / "01.docx", tmp_path / "b" / "01.docx"], tmp_path)


@pytest.mark.parametrize(
    ("schools", "workers"), [(1, 1), (3, 2), (5, 2), (64, 2), (65, 2), (700, 3)]
)
def test_pdf_chunks_cover_every_school_and_share_runs_evenly(schools: int, workers: int) -> None:
    chunks = batch._pdf_chunks(schools, workers)
    assert [i for c in chunks for i in c] == list(range(schools))
    assert max(len(c) for c in chunks) <= batch.PDF_CHUNK
    assert len(chunks) % workers == 0 or len(chunks) == schools
    if schools <= workers * batch.PDF_CHUNK:
        assert len(chunks) <= workers  # at most one LibreOffice run per worker
