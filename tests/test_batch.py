"""Many schools in one command: every good profile is built, every bad one is reported.

Through the CLI as a regional methodologist runs it: folders, a summary table, plain
progress lines in logs, a process pool whose output is byte-identical to one process.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import batch, terminal
from generator.cli import main
from generator.documents import DOCUMENTS
from tests.samples import expected_documents

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ROOT / "data" / "schools"
HAS_FORK = "fork" in multiprocessing.get_all_start_methods()


@pytest.fixture
def region(tmp_path: Path) -> Path:
    """demo and mirny as they are, and a profile without a coordinator."""
    folder = tmp_path / "region"
    folder.mkdir()
    shutil.copy(SCHOOLS / "demo.yaml", folder / "demo.yaml")
    shutil.copy(SCHOOLS / "mirny.yaml", folder / "mirny.yaml")
    text = (SCHOOLS / "demo.yaml").read_text(encoding="utf-8")
    broken = text.replace("  coordinator: ivanova\n", "")
    assert broken != text
    (folder / "broken.yaml").write_text(broken, encoding="utf-8")
    return folder


def _build(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", *args], catch_exceptions=False)
    return result.exit_code, result.output


def _docs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.docx"))}


def test_batch_builds_good_schools_and_reports_the_broken_one(region: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = [str(region / f"{n}.yaml") for n in ("demo", "broken", "mirny")]
    code, output = _build(*files, "-o", str(out), "-j", "1")
    assert code == 1, output
    for school in ("demo", "mirny"):
        assert len(list((out / school).glob("*.docx"))) == expected_documents(school)
    assert not (out / "broken").exists()
    summary = output[output.index("Школа") :]
    assert re.search(r"^demo\s+готово", summary, re.M)
    assert re.search(r"^mirny\s+готово", summary, re.M)
    line = re.search(r"^broken\s+ошибка: ошибки в профиле \(\d+\): (.+)$", summary, re.M)
    assert line, summary
    assert "координатор" in line.group(1).lower()
    assert "Всего школ: 3, собрано: 2, с ошибками: 1" in summary
    assert "Traceback" not in output


def test_progress_lines_are_plain_when_stdout_is_not_a_terminal(
    region: Path, tmp_path: Path
) -> None:
    code, output = _build(str(region), "-o", str(tmp_path / "out"), "-j", "1")
    assert code == 1
    progress = [line for line in output.splitlines() if line.startswith("[")]
    assert len(progress) == 3
    for n, line in enumerate(progress, start=1):
        assert re.fullmatch(rf"\[{n}/3\] (broken|demo|mirny): (готово|ОШИБКА)", line), line
    assert "\r" not in output and "█" not in output


def test_progress_bar_on_a_terminal(
    region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(terminal, "_is_tty", lambda: True)
    code, output = _build(str(region), "-o", str(tmp_path / "out"), "-j", "1")
    assert code == 1
    assert "\r[" in output and "3/3" in output
    assert not re.search(r"^\[\d+/3\] ", output, re.M)
    assert "Всего школ: 3" in output


def test_folder_argument_for_build_and_validate(region: Path, tmp_path: Path) -> None:
    (region / "broken.yaml").unlink()
    out = tmp_path / "out"
    code, output = _build(str(region), "-o", str(out))
    assert code == 0, output
    # «.demo.lock» beside each folder: the lock a build of that school holds
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["demo", "mirny"]
    result = CliRunner().invoke(main, ["validate", str(region)])
    assert result.exit_code == 0, result.output
    assert result.output.count("профиль в порядке") == 2


def test_one_file_named_twice_is_built_once_and_a_clashing_name_is_refused(
    region: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SCHOOLS / "mirny.yaml", other / "demo.yaml")  # same id «demo», other school
    (region / "broken.yaml").unlink()
    out = tmp_path / "out"
    code, output = _build(str(region), str(region / "demo.yaml"), str(other), "-o", str(out))
    assert code == 1
    assert "Всего школ: 3, собрано: 2, с ошибками: 1" in output
    assert re.search(r"^demo\s+ошибка: профиль с тем же идентификатором", output, re.M)


@pytest.mark.skipif(not HAS_FORK, reason="pool start method differs; same bytes checked above")
def test_pool_gives_the_same_bytes_as_one_process(
    region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[int] = []
    real_pool = batch._pool

    def counting_pool(workers: int):  # type: ignore[no-untyped-def]
        pools.append(workers)
        return real_pool(workers)

    monkeypatch.setattr(batch, "_pool", counting_pool)
    # More schools than workers, so both workers get some.
    for n in range(4):
        shutil.copy(SCHOOLS / ("demo.yaml" if n % 2 else "mirny.yaml"), region / f"s{n}.yaml")
    one, two = tmp_path / "one", tmp_path / "two"
    code1, out1 = _build(str(region), "-o", str(one), "-j", "1")
    assert pools == []
    code2, out2 = _build(str(region), "-o", str(two), "-j", "2")
    assert pools == [2]
    assert code1 == code2 == 1
    docs = _docs(one)
    assert len(docs) == 6 * len(DOCUMENTS)
    assert docs == _docs(two)
    summary1, summary2 = (o[o.index("Школа") :].rsplit("(за", 1)[0] for o in (out1, out2))
    assert summary1 == summary2


@pytest.mark.skipif(not HAS_FORK, reason="the test injects the crash through fork")
def test_a_school_that_kills_its_worker_does_not_take_the_others_down(
    region: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_build_one = batch.build_one

    def build_one(profile: Path, options: batch.BuildOptions) -> batch.SchoolResult:
        if profile.stem == "zz_crash" and os.getpid() != parent:
            os._exit(1)  # as if the kernel killed the worker
        return real_build_one(profile, options)

    parent = os.getpid()
    monkeypatch.setattr(batch, "build_one", build_one)
    shutil.copy(SCHOOLS / "demo.yaml", region / "zz_crash.yaml")
    shutil.copy(SCHOOLS / "mirny.yaml", region / "mirny2.yaml")
    code, output = _build(str(region), "-o", str(tmp_path / "out"), "-j", "2")
    assert code == 1
    assert re.search(r"^zz_crash\s+ошибка: процесс сборки этой школы аварийно", output, re.M)
    for school in ("demo", "mirny", "mirny2"):
        assert re.search(rf"^{school}\s+готово", output, re.M), output
    assert "Всего школ: 5, собрано: 3, с ошибками: 2" in output


def test_single_school_keeps_the_detailed_report(tmp_path: Path) -> None:
    code, output = _build(str(SCHOOLS / "mirny.yaml"), "-o", str(tmp_path / "out"))
    assert code == 0, output
    assert "mirny: документы записаны:" in output
    assert "Всего школ" not in output


def test_worker_count_follows_jobs_and_never_exceeds_schools() -> None:
    assert batch.worker_count(4, 2) == 2
    assert batch.worker_count(1, 100) == 1
    assert 1 <= batch.worker_count(0, 1000) <= (os.cpu_count() or 1)


@pytest.mark.parametrize(("schools", "workers"), [(1, 2), (7, 2), (319, 2), (3199, 4)])
def test_tasks_cover_every_school_once_and_shrink_towards_the_end(
    schools: int, workers: int
) -> None:
    chunks = list(batch._chunks(range(1, schools + 1), workers))
    assert [i for chunk in chunks for i in chunk] == list(range(1, schools + 1))
    sizes = [len(c) for c in chunks]
    assert max(sizes) <= 8
    assert sizes == sorted(sizes, reverse=True)
    # the last tasks are single schools: no worker waits for a big one at the end
    assert sizes[-min(workers, len(sizes)) :] == [1] * min(workers, len(sizes))


def test_chunk_writes_while_rendering_and_reports_each_school(tmp_path: Path) -> None:
    """A task of several schools: results in order, a bad profile reported, files written."""
    paths = [SCHOOLS / "demo.yaml", tmp_path / "missing.yaml", SCHOOLS / "mirny.yaml"]
    results = batch._build_chunk(paths, batch.BuildOptions(output=tmp_path / "out"))
    assert [r.school_id for r in results] == ["demo", "missing", "mirny"]
    assert [r.ok for r in results] == [True, False, True]
    for r in (results[0], results[2]):
        assert len(r.files) == len(DOCUMENTS)
        assert all(f.is_file() for f in r.files)


def test_a_write_failure_in_a_task_is_that_schools_failure(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mirny").write_text("не папка", encoding="utf-8")  # mirny's folder cannot be made
    paths = [SCHOOLS / "mirny.yaml", SCHOOLS / "demo.yaml"]
    results = batch._build_chunk(paths, batch.BuildOptions(output=out))
    assert [r.ok for r in results] == [False, True]
    assert results[0].reason.startswith(f"На месте папки для документов {out / 'mirny'} лежит")


def test_exit_code_comes_from_the_exception_type(tmp_path: Path) -> None:
    """No message prefix decides: each ProfdocsError carries its exit code."""
    from generator.diagnostics import Diagnostic, Finding
    from generator.errors import BuildError, ProfdocsError, ProfileInvalid, VerificationFailed

    class Odd(ProfdocsError):
        exit_code = 7

    profile = tmp_path / "school.yaml"
    cases = [
        (ProfileInvalid([Diagnostic.at("school.yaml", 3, 1, ("roles",), "ошибка")]), 2),
        (VerificationFailed([Finding("error", "01.docx", "нет раздела")]), 1),
        (BuildError("ошибки в профиле — но это не профиль"), 1),
        (Odd("особый случай"), 7),
        (OSError(28, "No space left on device", "output/x/01.docx"), 1),
    ]
    for exc, code in cases:
        try:
            raise exc
        except Exception as caught:
            result = batch._failure(profile, caught)
        assert (result.ok, result.exit_code) == (False, code), exc


def test_one_process_writes_a_school_while_the_next_one_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-j 1: a school's write (and its fdatasync) overlaps the next school's rendering."""
    import threading

    real_render, real_write = batch._render, batch._write
    next_rendering = threading.Event()
    overlapped: list[bool] = []

    def render(profile: Path, options: batch.BuildOptions):
        if profile.stem == "mirny":
            next_rendering.set()
        return real_render(profile, options)

    def write(profile: Path, built, options: batch.BuildOptions, pdf_copies=None):
        if profile.stem == "demo":  # waits for mirny's rendering to begin: never, if serial
            overlapped.append(next_rendering.wait(timeout=10))
        return real_write(profile, built, options, *([pdf_copies] if pdf_copies else []))

    monkeypatch.setattr(batch, "_render", render)
    monkeypatch.setattr(batch, "_write", write)
    paths = [SCHOOLS / "raduga.yaml", SCHOOLS / "demo.yaml", SCHOOLS / "mirny.yaml"]
    options = batch.BuildOptions(output=tmp_path / "out")
    results = dict(batch.iter_results(paths, options, jobs=1))
    assert overlapped == [True]
    assert sorted(results) == [0, 1, 2]
    assert [results[i].school_id for i in range(3)] == ["raduga", "demo", "mirny"]
    assert all(r.ok and len(r.files) == expected_documents(r.school_id) for r in results.values())
