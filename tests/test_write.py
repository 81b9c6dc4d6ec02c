"""A school's folder is replaced whole or not at all, whatever happens during the write.

Builds are killed after every step that changes the disk (each write, sync, rename and
removal), on both the RENAME_EXCHANGE path and the two-rename fallback; two builders of
one school run at once while a reader lists the folder. After each, the folder holds the
old package or the new one, byte for byte, and the next build leaves no leftovers.

`PROFDOCS_FAULT_RUNS` repeats the fault-injection and concurrency runs (CI: 1; the
issue's acceptance: 100 in a row).
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from generator import write
from generator.errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ROOT / "data" / "schools"
RUNS = int(os.environ.get("PROFDOCS_FAULT_RUNS", "1"))
HAS_FORK = hasattr(os, "fork")
needs_fork = pytest.mark.skipif(not HAS_FORK, reason="the fault injection forks builders")

NAMES = [f"0{n}_документ.docx" for n in range(1, 7)]


def package(tag: str, pdf: bool = False) -> dict[str, bytes]:
    """Six documents (and their PDFs) whose bytes say which package they belong to."""
    files = {name: f"{tag}:{name}:".encode() * 2000 for name in NAMES}
    if pdf:
        files.update({n.replace(".docx", ".pdf"): f"{tag}-pdf:{n}".encode() for n in NAMES})
    return files


OLD, NEW = package("old"), package("new", pdf=True)


def docx_only(files: Mapping[str, bytes]) -> dict[str, bytes]:
    return {n: d for n, d in files.items() if n.endswith(".docx")}


def write_with_extras(target: Path, files: Mapping[str, bytes]) -> list[Path]:
    """As `profdocs build --pdf` does: the PDFs are made in the new folder before the swap."""
    extras = {n: d for n, d in files.items() if not n.endswith(".docx")}

    def make(staging: Path) -> list[str]:
        for name, data in extras.items():
            fd = os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
        return list(extras)

    return write.replace_folder(target, docx_only(files), make if extras else None)


def contents(folder: Path) -> dict[str, bytes] | None:
    if not folder.is_dir():
        return None
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def which(seen: Mapping[str, bytes] | None, *packages: Mapping[str, bytes]) -> str:
    """«0», «1» … for the package `seen` is exactly; otherwise what it is made of."""
    for n, files in enumerate(packages):
        if seen == files:
            return str(n)
    if seen is None:
        return "absent"
    tags = {name: data.split(b":", 1)[0].decode() for name, data in sorted(seen.items())}
    return f"mixed: {tags}"


def leftovers(target: Path) -> list[str]:
    prefix = f".{target.name}."
    return sorted(
        p.name
        for p in target.parent.iterdir()
        if p.name.startswith(prefix) and p.name != (f"{prefix}lock")
    )


# --- fault injection ------------------------------------------------------------------------

_POINTS = ("write", "fsync", "fdatasync", "rename", "replace", "unlink", "rmdir", "mkdir")


def _run_killed(target: Path, files: Mapping[str, bytes], kill_at: int, fallback: bool) -> int:
    """Write `files` in a forked builder that SIGKILLs itself right after its `kill_at`-th
    disk operation (0: never). Returns how many operations it made (when not killed)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the builder
        code = 1
        try:
            os.close(read_end)
            count = 0

            def point(fn: Callable[..., object]) -> Callable[..., object]:
                def wrapped(*args: object, **kwargs: object) -> object:
                    nonlocal count
                    result = fn(*args, **kwargs)
                    count += 1
                    if count == kill_at:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return result

                return wrapped

            real_write = os.write
            for name in _POINTS:
                if hasattr(os, name):
                    setattr(os, name, point(getattr(os, name)))
            if fallback:
                write._renameat2 = lambda a, b: errno.ENOSYS  # type: ignore[assignment]
            else:
                write._renameat2 = point(write._renameat2)  # type: ignore[assignment]
            write_with_extras(target, files)
            real_write(write_end, str(count).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as pipe:
        reported = pipe.read()
    if kill_at and os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return kill_at
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    return int(reported)


@needs_fork
@pytest.mark.parametrize("fallback", [False, True], ids=["exchange", "two-renames"])
def test_a_build_killed_at_any_step_leaves_the_old_package_or_the_new(
    tmp_path: Path, fallback: bool
) -> None:
    if not fallback and write._libc_renameat2() is None:
        pytest.skip("no renameat2 here: the fallback is what runs")
    target = tmp_path / "out" / "school"
    steps = 0
    for run in range(RUNS):
        write_with_extras(target, OLD)
        steps = _run_killed(target, NEW, 0, fallback)  # a whole run counts its steps
        assert contents(target) == NEW and leftovers(target) == []
        assert steps > 30  # 12 files written and synced, the folders, the swap, the removal
        outcomes = set()
        for kill_at in range(1, steps + 1):
            write_with_extras(target, OLD)
            _run_killed(target, NEW, kill_at, fallback)
            seen = contents(target)
            outcome = which(seen, OLD, NEW)
            assert outcome in ("0", "1", "absent"), f"run {run}, killed after {kill_at}: {outcome}"
            if seen is None:  # only between the fallback's two renames
                assert fallback, kill_at
            outcomes.add(outcome)
            # The next build puts the old package back if it has to, then replaces it whole.
            if seen is None:
                write.replace_folder(target.parent / "other", {"x": b""})  # another school
                assert contents(target) is None  # recovery is the school's own build's
            write_with_extras(target, package(f"next-{kill_at}"))
            assert contents(target) == package(f"next-{kill_at}"), kill_at
            assert leftovers(target) == [], kill_at
        assert {"0", "1"} <= outcomes
        assert ("absent" in outcomes) == fallback


@needs_fork
def test_killed_between_the_fallback_renames_the_next_build_restores_the_old_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "school"
    write_with_extras(target, OLD)
    steps = _run_killed(target, NEW, 0, fallback=True)
    for kill_at in range(1, steps + 1):
        write_with_extras(target, OLD)
        _run_killed(target, NEW, kill_at, fallback=True)
        if contents(target) is None:
            break
    else:
        pytest.fail("no step leaves the folder absent: the fallback is not two renames")
    seen: list[dict[str, bytes] | None] = []
    real_check = write._check_target
    monkeypatch.setattr(write, "_check_target", lambda t: (seen.append(contents(t)), real_check(t)))
    write_with_extras(target, NEW)
    assert seen == [OLD]  # restored before the new package was written
    assert contents(target) == NEW and leftovers(target) == []


# --- concurrency ------------------------------------------------------------------------------


def _builder(target: Path, files: Mapping[str, bytes], rounds: int) -> int:
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            for _ in range(rounds):
                write_with_extras(target, files)
            code = 0
        finally:
            os._exit(code)
    return pid


@needs_fork
def test_two_builders_of_one_school_never_interleave(tmp_path: Path) -> None:
    """Builders of packages A and B write the same school at once, again and again, while a
    reader lists the folder: every listing belongs to one package, and so does the end."""
    target = tmp_path / "school"
    a, b = package("A"), package("B", pdf=True)
    samples = complete = 0
    for _run in range(RUNS):
        write_with_extras(target, a)
        alive = {_builder(target, a, 15), _builder(target, b, 15)}
        while alive:
            for pid in list(alive):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
                    alive.remove(pid)
            sample = _read_folder(target)
            if sample is None:
                continue
            files, whole = sample
            owner = a if files.items() <= a.items() else b
            assert files.items() <= owner.items(), which(files, a, b)
            samples += 1
            if whole:
                assert files == owner, which(files, a, b)
                complete += 1
        assert which(contents(target), a, b) in ("0", "1")
        assert leftovers(target) == []
    assert samples and complete


def _read_folder(target: Path) -> tuple[dict[str, bytes], bool] | None:
    """The folder as a reader sees it: what it lists and reads, and whether the folder was
    still the school's folder when it finished (otherwise a build removed it meanwhile)."""
    try:
        fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return None
    try:
        files = {}
        for name in os.listdir(fd):
            try:
                with open(os.open(name, os.O_RDONLY, dir_fd=fd), "rb") as f:
                    files[name] = f.read()
            except FileNotFoundError:
                continue
        try:
            whole = os.stat(target).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            whole = False
        return files, whole
    finally:
        os.close(fd)


def test_a_second_build_waits_for_the_first_and_then_says_why_it_gave_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "school"
    write_with_extras(target, OLD)
    monkeypatch.setattr(write, "LOCK_WAIT", 0.3)
    with write._school_lock(tmp_path, "school"):
        start = time.monotonic()
        with pytest.raises(BuildError) as info:
            write_with_extras(target, NEW)
        assert time.monotonic() - start >= 0.3
    assert "уже записывает другая сборка" in str(info.value) and str(target) in str(info.value)
    assert contents(target) == OLD

    monkeypatch.setattr(write, "LOCK_WAIT", 30)
    held = threading.Event()

    def first_build_holds_the_lock() -> None:
        with write._school_lock(tmp_path, "school"):
            held.set()
            time.sleep(0.3)

    thread = threading.Thread(target=first_build_holds_the_lock)
    thread.start()
    held.wait()
    write_with_extras(target, NEW)  # waits, then writes
    thread.join()
    assert contents(target) == NEW


def _two_profiles(tmp_path: Path) -> list[Path]:
    """Two different schools' profiles with one file name, as two administrators have."""
    text = (SCHOOLS / "demo.yaml").read_text(encoding="utf-8")
    out = []
    for n, number in enumerate(("124-о", "777-од")):
        folder = tmp_path / f"admin{n}"
        folder.mkdir()
        (folder / "school.yaml").write_text(text.replace("124-о", number), encoding="utf-8")
        out.append(folder / "school.yaml")
    return out


def test_two_profdocs_builds_at_once_leave_one_whole_package(tmp_path: Path) -> None:
    from generator.pipeline import render_package

    profiles = _two_profiles(tmp_path)
    packages = [render_package(p).documents for p in profiles]
    assert packages[0] != packages[1]
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "generator.cli", "build", "-o", str(out)]
    for _ in range(max(1, RUNS // 10)):
        procs = [
            subprocess.Popen(
                [*cmd, str(p)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for p in profiles
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()
        assert contents(out / "school") in packages
        assert leftovers(out / "school") == []


# --- what the user is told ---------------------------------------------------------------------


def test_a_full_disk_names_the_folder_in_russian_and_keeps_the_old_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "school"
    write_with_extras(target, OLD)
    calls = {"n": 0}
    real_sync = write._sync

    def full_disk(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_sync(fd)

    monkeypatch.setattr(write, "_sync", full_disk)
    with pytest.raises(BuildError) as info:
        write_with_extras(target, NEW)
    message = str(info.value)
    assert f"в папку {target}: на диске не осталось места" in message
    assert "None" not in message and "space" not in message
    assert contents(target) == OLD and leftovers(target) == []


def test_a_link_or_a_file_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "school").symlink_to(elsewhere)
    with pytest.raises(BuildError) as info:
        write_with_extras(out / "school", NEW)
    assert "ссылка" in str(info.value)
    assert list(elsewhere.iterdir()) == []
    (out / "school").unlink()
    (out / "school").write_bytes(b"")
    with pytest.raises(BuildError) as info:
        write_with_extras(out / "school", NEW)
    assert "лежит файл" in str(info.value)


@pytest.mark.parametrize("name", ["..", ".school", "-school", "школа", "x" * 65])
def test_a_folder_name_outside_the_safe_set_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(BuildError) as info:
        write.replace_folder(tmp_path / "out" / name, {"x.docx": b""})
    assert "латиницей" in str(info.value)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


# --- --pdf -----------------------------------------------------------------------------------


def test_pdf_without_libreoffice_is_refused_before_anything_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from click.testing import CliRunner

    from generator import batch
    from generator.cli import main

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(batch, "build_one", lambda *a: pytest.fail("built without LibreOffice"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SCHOOLS), "-o", str(out), "--pdf"])
    assert result.exit_code == 1
    assert "Для --pdf нужен LibreOffice" in result.output
    assert not out.exists()


def test_a_failed_pdf_conversion_says_the_docx_were_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import pdf
    from generator.pipeline import render_package, write_package

    target = tmp_path / "demo"
    write_with_extras(target, OLD)  # an older package, with PDFs
    (target / "01_документ.pdf").write_bytes(b"old pdf")

    def half_done(docx: list[Path], folder: Path, timeout: int = 300) -> list[Path]:
        (folder / docx[0].with_suffix(".pdf").name).write_bytes(b"half")
        raise BuildError("LibreOffice не смог создать PDF: код ошибки 1.")

    monkeypatch.setattr(pdf, "convert_to_pdf", half_done)
    built = render_package(SCHOOLS / "demo.yaml")
    with pytest.raises(BuildError) as info:
        write_package(built, target, pdf=True)
    assert str(info.value).startswith(f"Документы DOCX записаны в папку {target}, но PDF-копии")
    assert "код ошибки 1" in str(info.value)
    # The new DOCX, and no PDF: neither the old ones (another order) nor the half-made one.
    assert contents(target) == built.documents
