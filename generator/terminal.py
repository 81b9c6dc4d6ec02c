"""What `profdocs build` draws: a progress bar or plain lines, and the summary table.

A terminal gets one redrawn bar; a log file or a pipe gets one plain line a school.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import click

if TYPE_CHECKING:
    from .batch import SchoolResult

_BAR = 30


class Outcome(Protocol):
    """What the progress line needs of a school's result: `build`'s and `report`'s alike."""

    @property
    def school_id(self) -> str: ...

    @property
    def ok(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the summary table."""

    school_id: str
    ok: bool
    reason: str
    warnings: int
    note: str = ""  # the replaced package was of another edition of the templates

    @classmethod
    def of(cls, result: SchoolResult) -> Row:
        return cls(
            result.school_id, result.ok, result.reason, len(result.warnings), result.note_short
        )


def _is_tty() -> bool:
    return sys.stdout.isatty()


class Progress:
    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self.tty = _is_tty()

    def advance(self, result: Outcome) -> None:
        self.done += 1
        self.failed += not result.ok
        if self.tty:
            filled = self.done * _BAR // self.total
            tail = f", с ошибками: {self.failed}" if self.failed else ""
            bar = "█" * filled + "·" * (_BAR - filled)
            click.echo(f"\r[{bar}] {self.done}/{self.total}{tail}", nl=False)
        else:
            status = "готово" if result.ok else "ОШИБКА"
            click.echo(f"[{self.done}/{self.total}] {result.school_id}: {status}")

    def finish(self) -> None:
        if self.tty:
            click.echo()

    def interrupted(self, built: int, done: str = "собрано") -> None:
        self.finish()
        click.echo(f"Прервано: {done} школ {built} из {self.total}.", err=True)


def report_single(result: SchoolResult) -> None:
    if result.ok:
        click.echo(f"{result.school_id}: документы записаны:")
        for f in result.files:
            click.echo(f"  {f}")
        if result.note:
            click.echo(f"{result.school_id}: {result.note}")
        for w in result.warnings:
            click.echo(w, err=True)
        return
    for line in result.details:
        click.echo(line, err=True)
    click.echo(f"{result.profile}: документы не созданы.", err=True)


def summary(results: list[Row], seconds: float) -> None:
    """The table, failed schools first: with 300 schools the few that need work must not
    scroll away among the «готово» lines."""
    width = max(len("Школа"), *(len(r.school_id) for r in results))
    click.echo(f"{'Школа'.ljust(width)}  Результат")
    for r in sorted(results, key=lambda r: r.ok):  # stable: each group in build order
        if r.ok:
            status = "готово" + (f" (предупреждений: {r.warnings})" if r.warnings else "")
            status += f"; {r.note}" if r.note else ""
        else:
            status = "ошибка: " + r.reason
        click.echo(f"{r.school_id.ljust(width)}  {status}")
    failed = sum(not r.ok for r in results)
    took = f"{seconds:.1f}".replace(".", ",")
    click.echo(
        f"Всего школ: {len(results)}, собрано: {len(results) - failed}, с ошибками: {failed}"
        f" (за {took} с)."
    )
    if failed:
        click.echo("Подробности по школе: profdocs build ПУТЬ_К_ПРОФИЛЮ.")
