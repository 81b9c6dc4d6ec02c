"""Stage 1 of the report: every profile becomes a row, in worker processes like `build`.

Each school goes load → validate → render+verify in memory (pipeline.render_package), and
its indicators come from generator.indicators; nothing is written. Then the package build
left in the output folder, if any, is compared with the installed templates (edition.py).
A broken profile or a crash in one school is a row saying so, never an exception.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from .. import batch, terminal
from ..errors import ProfdocsError, VerificationFailed
from .rows import Hours, SchoolRow, Value

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..diagnostics import Diagnostic
    from ..edition import Edition
    from ..validate import ValidProfile

_REPEALED_REQUIREMENT = "legal.fresh"  # rules/legal.py: a document cites a repealed act


@dataclass(frozen=True)
class CollectOptions:
    output: Path  # where `profdocs build` put the packages: OUTPUT/<school>/
    templates: Path | None = None


def collect_one(profile: Path, options: CollectOptions) -> SchoolRow:
    """One school's row; every failure, expected or not, is a row."""
    try:
        return _collect(profile, options)
    except Exception as exc:
        failed = batch._failure(profile, exc)  # the same wording `build` uses
        return SchoolRow(profile.stem, "refused", failed.reason)


def _collect(profile: Path, options: CollectOptions) -> SchoolRow:
    from ..model import REPEALED_ACT
    from ..pipeline import DEFAULT_TEMPLATES, render_package
    from ..russian.typography import typeset
    from ..validate import validate_file

    school_id = profile.stem
    valid, errors = validate_file(profile)
    if valid is None:
        # the message as validation shows it: capitalised, with a full stop
        repealed = any(REPEALED_ACT.casefold() in e.message.casefold() for e in errors)
        name, municipality = _names_as_typed(profile)
        return SchoolRow(
            school_id,
            "repealed" if repealed else "invalid",
            _located(errors[0]) if errors else "",
            errors=len(errors),
            school=name,
            municipality=municipality,
        )
    school = valid.profile.school
    base = SchoolRow(
        school_id,
        "complete",
        school=typeset(school.short_name),  # «…» as the documents print it
        municipality=typeset(school.municipality),
        **_indicators(valid),
    )
    templates = options.templates or DEFAULT_TEMPLATES
    try:
        built = render_package(valid, templates)
    except VerificationFailed as exc:
        repealed = [f for f in exc.findings if f.requirement == _REPEALED_REQUIREMENT]
        first = (repealed or exc.findings)[0]
        status = "repealed" if repealed else "refused"
        return _with(base, status, _located(first), warnings=len(valid.warnings))
    except ProfdocsError as exc:
        detail = _located(exc.diagnostics[0]) if exc.diagnostics else str(exc)
        return _with(base, "refused", detail, warnings=len(valid.warnings))
    return _edition_status(base, options.output / school_id, built.edition, len(built.warnings))


def _names_as_typed(profile: Path) -> tuple[str | None, str | None]:
    """An invalid profile's school name and municipality, if they are plain text: the
    office recognises a school by its name, not by the file's."""
    from ..load import read_profile
    from ..russian.typography import typeset

    try:
        loaded, _ = read_profile(profile)
        data = loaded.data if loaded is not None else None
        school = data.get("school") if isinstance(data, dict) else None
        if not isinstance(school, dict):
            return None, None
        found = [school.get(k) for k in ("short_name", "municipality")]
        name, place = (typeset(v) if isinstance(v, str) and v.strip() else None for v in found)
    except Exception:  # a name that does not typeset: the row still says what is wrong
        return None, None
    return name, place


def _with(base: SchoolRow, status: str, detail: str, **more: object) -> SchoolRow:
    from dataclasses import replace

    return replace(base, status=status, detail=detail, **more)  # type: ignore[arg-type]


def _edition_status(
    base: SchoolRow, folder: Path, installed: Edition | None, warnings: int
) -> SchoolRow:
    """The package `build` left beside, against the templates installed now."""
    from ..edition import compare, package_edition

    found = package_edition(folder) if folder.is_dir() else None
    if found is None:
        return _with(base, "not_built", "", warnings=warnings)
    label = found.label()
    if installed is None or compare(found, installed) == "same":
        return _with(base, "complete", "", warnings=warnings, edition=label)
    verdict = compare(found, installed)
    why = {
        "older": "установлена более новая",
        "newer": "установлена более старая",
        "changed": "шаблоны изменены без новой редакции",
    }[verdict]
    detail = f"пакет собран {_by(found)}; {why}: {installed.label()}"
    return _with(base, "outdated", detail, warnings=warnings, edition=label)


def _by(edition: Edition) -> str:
    return f"по редакции {edition.label()}" if edition.recorded else edition.label()


def _located(d: Diagnostic) -> str:
    """The first line of a diagnostic: where and what, never the snippet of text around it
    (a journal's text names minors)."""
    return d.format().splitlines()[0]


def _indicators(valid: ValidProfile) -> dict[str, object]:
    """The row's indicator fields, from generator.indicators only (one computation for the
    analytic note, the self-report and this report)."""
    from ..indicators import school_indicators

    computed = school_indicators(valid)
    # Scalars only: the per-direction breakdown is the analytic note's, not a column.
    scalars: dict[str, Value] = {
        f.name: value
        for f in fields(computed)
        if isinstance(value := getattr(computed, f.name), int | str | None)
    }
    hours = tuple(Hours(h.grade, h.planned, h.delivered, h.minimum) for h in computed.hours)
    return {"indicators": scalars, "hours": hours}


def _collect_chunk(paths: list[Path], options: CollectOptions) -> list[SchoolRow]:
    return [collect_one(p, options) for p in paths]


def _crashed(profile: Path) -> SchoolRow:
    return SchoolRow(profile.stem, "refused", batch._crashed(profile).reason)


def unique(paths: list[Path]) -> list[Path]:
    """The same file named twice is one row."""
    seen: set[Path] = set()
    out = []
    for p in paths:
        resolved = p.resolve()
        if resolved not in seen:
            seen.add(resolved)
            out.append(p)
    return out


def iter_rows(
    paths: list[Path], options: CollectOptions, jobs: int = 0
) -> Iterator[tuple[int, SchoolRow]]:
    work = functools.partial(_collect_chunk, options=options)
    yield from batch.run_pool(paths, work, _crashed, jobs)


def collect(
    paths: list[Path], options: CollectOptions, jobs: int = 0
) -> tuple[list[SchoolRow], float]:
    """Rows in the order of `paths`, with the progress display of `build`; and seconds."""
    progress = terminal.Progress(len(paths))
    rows: list[SchoolRow | None] = [None] * len(paths)
    start = time.monotonic()
    try:
        for index, row in iter_rows(paths, options, jobs):
            rows[index] = row
            progress.advance(row)
    except KeyboardInterrupt:
        progress.interrupted(sum(r is not None for r in rows), "обработано")
        raise
    progress.finish()
    return [r for r in rows if r is not None], time.monotonic() - start
