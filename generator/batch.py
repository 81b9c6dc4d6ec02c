"""Building many schools at once: a process pool that survives a crashing school.

One school's bad profile never stops the others; the exit code says whether any failed.
Workers write their school's files themselves and send back only a small result, so the
parent's memory does not grow with the number of schools, and at most a few chunks of
work are in flight at a time. What the terminal shows is `terminal`'s.
"""

from __future__ import annotations

import functools
import gc
import itertools
import os
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import paths, terminal
from .errors import EXIT_FAILED, EXIT_OK, ProfdocsError

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .pipeline import BuiltPackage, PdfCopies

R = TypeVar("R")
_IN_FLIGHT_PER_WORKER = 4  # chunks queued per worker: enough to keep it busy, no more
# Schools whose documents one LibreOffice run converts (--pdf). Starting LibreOffice costs
# about as much as converting a school's six documents; 32 schools hold a few MB of DOCX
# in memory and keep the progress moving every minute or so. A batch of up to 32 schools
# per worker starts LibreOffice once per worker.
PDF_CHUNK = 32


@dataclass(frozen=True)
class BuildOptions:
    output: Path
    templates: Path | None = None
    pseudonymize: bool = False
    pdf: bool = False


@dataclass
class SchoolResult:
    profile: Path
    school_id: str
    ok: bool
    reason: str = ""  # first reason of a failure, for the summary table
    details: list[str] = field(default_factory=list)  # every message, for a single school
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    exit_code: int = EXIT_OK
    note: str = ""  # the package replaced was built from another edition of the templates
    note_short: str = ""  # the same, for the summary table


def build_one(profile: Path, options: BuildOptions) -> SchoolResult:
    """Build one school; every expected failure becomes a result, never an exception."""
    built = _render(profile, options)
    return built if isinstance(built, SchoolResult) else _write(profile, built, options)


def _render(profile: Path, options: BuildOptions) -> BuiltPackage | SchoolResult:
    from .pipeline import DEFAULT_TEMPLATES, render_package

    try:
        return render_package(
            profile, options.templates or DEFAULT_TEMPLATES, pseudonymize=options.pseudonymize
        )
    except Exception as exc:
        return _failure(profile, exc)


def _write(
    profile: Path,
    built: BuiltPackage,
    options: BuildOptions,
    pdf_copies: PdfCopies | None = None,
) -> SchoolResult:
    from .pipeline import write_package

    try:
        out_dir = options.output / built.school_id
        note, short = _edition_notes(out_dir, built)
        files = write_package(built, out_dir, pdf=options.pdf, pdf_copies=pdf_copies)
        warnings = [w.format() for w in built.warnings]
        return SchoolResult(
            profile, profile.stem, True, files=files, warnings=warnings, note=note, note_short=short
        )
    except Exception as exc:
        return _failure(profile, exc)


def _edition_notes(out_dir: Path, built: BuiltPackage) -> tuple[str, str]:
    """What to say about the package being replaced (read before it is), long and short."""
    from .edition import package_edition, replaced_note

    previous = package_edition(out_dir) if built.edition is not None else None
    if previous is None or built.edition is None:
        return "", ""
    return replaced_note(previous, built.edition), replaced_note(previous, built.edition, True)


def _failure(profile: Path, exc: Exception) -> SchoolResult:
    """The result that reports `exc`; called while it is being handled."""
    school_id = profile.stem
    if isinstance(exc, ProfdocsError):
        return SchoolResult(
            profile, school_id, False, str(exc), exc.details, exit_code=exc.exit_code
        )
    if isinstance(exc, OSError):
        from .write import os_reason

        where = f" {exc.filename}" if exc.filename else ""
        msg = f"Не удалось прочитать или записать файл{where}: {os_reason(exc)}."
        return SchoolResult(profile, school_id, False, msg, [msg], exit_code=EXIT_FAILED)
    # A bug in profdocs: report it without profile contents.
    if paths.debug():
        raise exc
    msg = (
        f"Внутренняя ошибка profdocs ({type(exc).__name__}). Сообщите разработчикам; "
        f"для подробностей запустите с {paths.ENV_DEBUG}=1."
    )
    return SchoolResult(profile, school_id, False, msg, [msg], exit_code=EXIT_FAILED)


def _build_chunk(paths: list[Path], options: BuildOptions) -> list[SchoolResult]:
    """Schools in order, each one's files written while the next one renders.

    Writing ends with fdatasync, which waits for the disk without holding the GIL: in a
    thread of its own that wait overlaps the next school's rendering instead of idling
    the core (benchmarks/README.md has the A/B figures).
    """
    if options.pdf:
        return _build_chunk_pdf(paths, options)
    if len(paths) == 1:
        return [build_one(paths[0], options)]
    done = dict(_overlapped(list(enumerate(paths)), options))
    return [done[i] for i in range(len(paths))]


def _overlapped(
    schools: list[tuple[int, Path]], options: BuildOptions
) -> Iterator[tuple[int, SchoolResult]]:
    """(index, result) for each school, rendered here while a writer thread writes the
    previous one; results come as writes end, at most one write behind the rendering."""
    from concurrent.futures import ThreadPoolExecutor

    queued: deque[tuple[int, Future[SchoolResult]]] = deque()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="profdocs-write") as writer:
        for index, profile in schools:
            built = _render(profile, options)
            if isinstance(built, SchoolResult):
                yield index, built
            else:
                queued.append((index, writer.submit(_write, profile, built, options)))
            while queued and (len(queued) > 1 or queued[0][1].done()):
                done_index, future = queued.popleft()
                yield done_index, future.result()
        while queued:
            done_index, future = queued.popleft()
            yield done_index, future.result()


def _build_chunk_pdf(paths: list[Path], options: BuildOptions) -> list[SchoolResult]:
    """Schools rendered in turn, all their documents converted to PDF in ONE LibreOffice
    run, then each school's folder replaced whole with its DOCX and its PDF copies.

    A school LibreOffice failed on still gets its DOCX, and its message says the PDF copies
    are missing (as for a single school).
    """
    import tempfile

    from .errors import BuildError
    from .pdf import convert_many

    rendered = [(profile, _render(profile, options)) for profile in paths]
    with tempfile.TemporaryDirectory(prefix="profdocs-pdf-") as tmp:
        docx_dir, pdf_dir = Path(tmp, "docx"), Path(tmp, "pdf")
        docx_dir.mkdir()
        inputs: dict[tuple[int, str], Path] = {}  # (school, file name) → its copy to convert
        for k, (_profile, built) in enumerate(rendered):
            if isinstance(built, SchoolResult):
                continue
            for name, data in built.documents.items():
                path = docx_dir / f"{k:04d}-{name}"  # one folder: the stems must differ
                path.write_bytes(data)
                inputs[k, name] = path
        failure: BuildError | None = None
        try:
            made = convert_many(list(inputs.values()), pdf_dir)
        except BuildError as exc:
            made, failure = {}, exc
        results: list[SchoolResult] = []
        for k, (profile, built) in enumerate(rendered):
            if isinstance(built, SchoolResult):
                results.append(built)
                continue
            copies = _ReadyCopies(k, inputs, made, failure)
            results.append(_write(profile, built, options, copies))
        return results


@dataclass(frozen=True)
class _ReadyCopies:
    """PdfCopies for one school of a chunk: its PDFs, made already, moved into its new folder."""

    school: int
    inputs: dict[tuple[int, str], Path]
    made: dict[Path, Path]
    failure: Exception | None

    def __call__(self, docx: list[Path], staging: Path) -> list[Path]:
        from .errors import BuildError
        from .pdf import missing_message

        if self.failure is not None:
            raise BuildError(str(self.failure))
        sources = [self.inputs[self.school, d.name] for d in docx]
        pairs = list(zip(docx, sources, strict=True))
        missing = [f"{d.stem}.pdf" for d, src in pairs if src not in self.made]
        if missing:
            raise BuildError(missing_message(missing))
        moved = []
        for d, src in pairs:
            target = staging / f"{d.stem}.pdf"
            shutil.move(self.made[src], target)
            moved.append(target)
        return moved


def _crashed(profile: Path) -> SchoolResult:
    msg = (
        "процесс сборки этой школы аварийно завершился (например, не хватило памяти). "
        "Соберите её отдельно: profdocs build " + str(profile)
    )
    return SchoolResult(profile, profile.stem, False, msg, [msg], exit_code=EXIT_FAILED)


def worker_count(jobs: int, schools: int) -> int:
    """`-j 0` means every core this process may run on (a container may allow fewer)."""
    if jobs <= 0:
        try:
            jobs = len(os.sched_getaffinity(0))
        except AttributeError:  # macOS, Windows
            jobs = os.cpu_count() or 1
    return max(1, min(jobs, schools))


# A school allocates tens of thousands of short-lived objects (text blocks, XML proxies,
# Jinja output) and frees them by reference counting: they make no cycles. With Python's
# default threshold (700) the collector scans them every few hundred allocations anyway,
# about a tenth of a school's time (benchmarks/README.md). Collections stay on, rarer.
_GC_THRESHOLD = (10_000, 20, 20)


def _batch_gc() -> None:
    """Before the second school: what is loaded now lives as long as the process."""
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)


def _pool(workers: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers start with the parent's compiled templates, data files and caches
    # instead of importing and compiling everything again. Elsewhere: the platform default.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork") if "fork" in methods else None
    # Everything built so far (templates, data, caches) lives as long as the process: keep
    # the collector from rescanning it in every worker, and its pages shared after fork.
    gc.freeze()
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def iter_results(
    paths: list[Path], options: BuildOptions, jobs: int = 0
) -> Iterator[tuple[int, SchoolResult]]:
    """(index in `paths`, result) as schools finish, in completion order."""
    if options.pdf:
        yield from _pdf_results(paths, options, worker_count(jobs, len(paths)))
        return
    yield from run_pool(
        paths,
        functools.partial(_build_chunk, options=options),
        _crashed,
        jobs,
        serial=functools.partial(_overlapped, options=options),
    )


def run_pool(
    paths: list[Path],
    work: Callable[[list[Path]], list[R]],
    crashed: Callable[[Path], R],
    jobs: int = 0,
    serial: Callable[[list[tuple[int, Path]]], Iterator[tuple[int, R]]] | None = None,
) -> Iterator[tuple[int, R]]:
    """(index in `paths`, result) as schools finish: `work` turns a chunk of profiles into
    their results in a worker process; `crashed` is the result of a school whose worker
    died. `build` and `report` share it, so both survive a crashing school alike. With one
    worker, `serial` (if given) does the rest here, e.g. overlapping writes with renders."""
    if not paths:
        return
    workers = worker_count(jobs, len(paths))
    # The first school is done here: it warms this process up (imports, templates compiled,
    # static zip entries deflated), and forked workers inherit all of it.
    yield 0, work([paths[0]])[0]
    _batch_gc()
    workers = min(workers, len(paths) - 1)  # no idle workers for a handful of schools
    if workers <= 1:
        if serial is not None:
            yield from serial(list(enumerate(paths))[1:])
        else:
            for i in range(1, len(paths)):
                yield i, work([paths[i]])[0]
        return
    todo: deque[list[int]] = deque(_chunks(range(1, len(paths)), workers))
    suspects: deque[int] = deque()  # schools in flight when a worker died: retried alone
    while todo or suspects:
        yield from _run_pool(paths, work, crashed, workers, todo, suspects)


def _pdf_results(
    paths: list[Path], options: BuildOptions, workers: int
) -> Iterator[tuple[int, SchoolResult]]:
    """--pdf: every school in a chunk converted by one LibreOffice run, the chunks shared
    evenly between the workers (none is built in this process: that would be one more
    LibreOffice start for one school)."""
    _batch_gc()
    chunks = _pdf_chunks(len(paths), workers)
    if workers <= 1:
        for chunk in chunks:
            yield from zip(chunk, _build_chunk([paths[i] for i in chunk], options), strict=True)
        return
    todo: deque[list[int]] = deque(chunks)
    suspects: deque[int] = deque()
    work = functools.partial(_build_chunk, options=options)
    while todo or suspects:
        yield from _run_pool(paths, work, _crashed, workers, todo, suspects)


def _pdf_chunks(schools: int, workers: int) -> list[list[int]]:
    """Contiguous, near-equal chunks of at most PDF_CHUNK schools, a multiple of `workers`
    of them: each worker gets the same number of LibreOffice runs."""
    runs = workers * -(-schools // (workers * PDF_CHUNK))
    runs = min(runs, schools)
    bounds = [schools * r // runs for r in range(runs + 1)]
    return [list(range(a, b)) for a, b in itertools.pairwise(bounds) if b > a]


def _chunks(indices: range, workers: int) -> Iterator[list[int]]:
    """Up to 8 schools per task, fewer towards the end (guided scheduling).

    A task is a round trip to a worker, so they should not be tiny; but when the last
    big one starts, the other workers would idle until it ends. Sizes shrink with the
    work left, and the last tasks are single schools.
    """
    start = 0
    while start < len(indices):
        size = max(1, min(8, (len(indices) - start) // (workers * 8)))
        yield list(indices[start : start + size])
        start += size


def _run_pool(
    paths: list[Path],
    work: Callable[[list[Path]], list[R]],
    crashed: Callable[[Path], R],
    workers: int,
    todo: deque[list[int]],
    suspects: deque[int],
) -> Iterator[tuple[int, R]]:
    """One pool's life: run chunks until none is left or a worker dies."""
    with _pool(workers) as pool:
        try:
            yield from _drive(pool, paths, work, crashed, workers, todo, suspects)
        except BaseException:  # Ctrl-C: drop the queued schools instead of finishing them
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _drive(
    pool: ProcessPoolExecutor,
    paths: list[Path],
    work: Callable[[list[Path]], list[R]],
    crashed: Callable[[Path], R],
    workers: int,
    todo: deque[list[int]],
    suspects: deque[int],
) -> Iterator[tuple[int, R]]:
    """Keep a few chunks per worker in flight; stop when the pool breaks.

    A dead worker (killed for memory, a crash in a C library) breaks the whole pool and
    every chunk in flight with it. Those schools are retried one at a time, alone in a new
    pool, so only the school that really kills its worker is reported as failed.
    """
    # Imported here: a single school (the common case) never starts a pool.
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    pending: dict[Future[list[R]], tuple[list[int], bool]] = {}
    while todo or suspects or pending:
        while len(pending) < workers * _IN_FLIGHT_PER_WORKER:
            if suspects and not pending:
                chunk, alone = [suspects.popleft()], True
            elif todo and not suspects:
                chunk, alone = todo.popleft(), False
            else:
                break
            try:
                future = pool.submit(work, [paths[i] for i in chunk])
            except BrokenProcessPool:
                (suspects.extendleft if alone else todo.appendleft)(chunk)
                return
            pending[future] = (chunk, alone)
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        broken = False
        for future in done:
            chunk, alone = pending.pop(future)
            try:
                results = future.result()
            except BrokenProcessPool:
                broken = True
                if alone:
                    yield chunk[0], crashed(paths[chunk[0]])
                else:
                    suspects.extend(chunk)
                continue
            yield from zip(chunk, results, strict=True)
        if broken:
            for chunk, _alone in pending.values():
                suspects.extend(chunk)
            return


def run_builds(paths: list[Path], options: BuildOptions, jobs: int = 0) -> int:
    if options.pdf:  # before anything is built or written, not once per school
        from .pdf import require_soffice

        require_soffice()
    paths, duplicates = _unique(paths)
    if len(paths) == 1 and not duplicates:
        result = build_one(paths[0], options)
        terminal.report_single(result)
        return result.exit_code
    progress = terminal.Progress(len(paths))
    # Only what the summary needs: 3200 schools' file lists would be memory for nothing.
    results: list[terminal.Row | None] = [None] * len(paths)
    start = time.monotonic()
    try:
        for index, result in iter_results(paths, options, jobs):
            results[index] = terminal.Row.of(result)
            progress.advance(result)
    except KeyboardInterrupt:
        built = sum(r is not None and r.ok for r in results)
        progress.interrupted(built)
        return 130
    progress.finish()
    refused = [terminal.Row(r.school_id, False, r.reason, 0) for r in duplicates]
    final = [r for r in results if r is not None] + refused
    terminal.summary(final, time.monotonic() - start)
    return EXIT_OK if all(r.ok for r in final) else EXIT_FAILED


def _unique(paths: list[Path]) -> tuple[list[Path], list[SchoolResult]]:
    """The same file named twice is built once; two profiles with one name would write
    into the same output folder, so the second one is refused."""
    seen_files: set[Path] = set()
    owners: dict[str, Path] = {}
    unique: list[Path] = []
    refused: list[SchoolResult] = []
    for p in paths:
        resolved = p.resolve()
        if resolved in seen_files:
            continue
        seen_files.add(resolved)
        first = owners.setdefault(p.stem, p)
        if first is not p:
            msg = (
                f"профиль с тем же идентификатором уже собирается из {first}: документы "
                "записались бы в одну папку. Переименуйте один из файлов."
            )
            refused.append(SchoolResult(p, p.stem, False, msg, [msg], exit_code=EXIT_FAILED))
            continue
        unique.append(p)
    return unique, refused
