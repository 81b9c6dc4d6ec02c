"""Building many schools at once: a process pool, a progress line and a summary table.

One school's bad profile never stops the others; the exit code says whether any failed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import click

from .errors import BuildError, ProfileInvalid


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


def build_one(profile: Path, options: BuildOptions) -> SchoolResult:
    """Build one school; every expected failure becomes a result, never an exception."""
    from .pipeline import DEFAULT_TEMPLATES, VerificationFailed, render_package, write_package

    school_id = profile.stem
    try:
        built = render_package(
            profile, options.templates or DEFAULT_TEMPLATES, pseudonymize=options.pseudonymize
        )
        out_dir = options.output / built.school_id
        files = write_package(built, out_dir)
        if options.pdf:
            from .pdf import convert_to_pdf

            files.extend(convert_to_pdf(files, out_dir))
        return SchoolResult(
            profile, school_id, True, files=files, warnings=[w.format() for w in built.warnings]
        )
    except ProfileInvalid as exc:
        details = [e.format() for e in exc.errors]
        reason = f"ошибки в профиле ({len(exc.errors)}): {exc.errors[0].message}"
        return SchoolResult(profile, school_id, False, reason, details)
    except VerificationFailed as exc:
        details = [f.format() for f in exc.findings]
        return SchoolResult(profile, school_id, False, str(exc), details)
    except BuildError as exc:
        return SchoolResult(profile, school_id, False, str(exc), [str(exc)])
    except OSError as exc:
        msg = f"Не удалось записать файлы ({exc.strerror}): {exc.filename}"
        return SchoolResult(profile, school_id, False, msg, [msg])
    except Exception as exc:  # a bug in profdocs: report it without profile contents
        if os.environ.get("PROFDOCS_DEBUG"):
            raise
        msg = (
            f"Внутренняя ошибка profdocs ({type(exc).__name__}). Сообщите разработчикам; "
            "для подробностей запустите с PROFDOCS_DEBUG=1."
        )
        return SchoolResult(profile, school_id, False, msg, [msg])


def _build_star(args: tuple[Path, BuildOptions]) -> SchoolResult:
    return build_one(*args)


def _results(paths: list[Path], options: BuildOptions, jobs: int) -> Iterator[SchoolResult]:
    workers = min(jobs or os.cpu_count() or 1, len(paths))
    if workers <= 1:
        for p in paths:
            yield build_one(p, options)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, len(paths) // (workers * 8))
        yield from pool.map(_build_star, [(p, options) for p in paths], chunksize=chunk)


def run_builds(paths: list[Path], options: BuildOptions, jobs: int = 0) -> int:
    if len(paths) == 1:
        result = build_one(paths[0], options)
        _report_single(result)
        return 0 if result.ok else (2 if result.reason.startswith("ошибки в профиле") else 1)
    tty = sys.stdout.isatty()
    results: list[SchoolResult] = []
    total = len(paths)
    for done, result in enumerate(_results(paths, options, jobs), start=1):
        results.append(result)
        status = "готово" if result.ok else "ОШИБКА"
        if tty:
            bar = "█" * (done * 30 // total) + "·" * (30 - done * 30 // total)
            click.echo(f"\r[{bar}] {done}/{total}", nl=False)
        else:
            click.echo(f"[{done}/{total}] {result.school_id}: {status}")
    if tty:
        click.echo()
    _summary(results)
    return 0 if all(r.ok for r in results) else 1


def _report_single(result: SchoolResult) -> None:
    if result.ok:
        click.echo(f"{result.school_id}: документы записаны:")
        for f in result.files:
            click.echo(f"  {f}")
        for w in result.warnings:
            click.echo(w, err=True)
        return
    for line in result.details:
        click.echo(line, err=True)
    click.echo(f"{result.profile}: документы не созданы.", err=True)


def _summary(results: list[SchoolResult]) -> None:
    width = max(len("Школа"), *(len(r.school_id) for r in results))
    click.echo(f"{'Школа'.ljust(width)}  Результат")
    for r in results:
        click.echo(f"{r.school_id.ljust(width)}  {'готово' if r.ok else 'ошибка: ' + r.reason}")
    failed = sum(not r.ok for r in results)
    click.echo(f"Всего школ: {len(results)}, собрано: {len(results) - failed}, с ошибками: {failed}.")
