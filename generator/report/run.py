"""`profdocs report`: collect the rows, rank them, write the XLSX and the page together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from .. import catalog
from ..errors import EXIT_OK, BuildError
from .collect import CollectOptions, collect, unique
from .rating import DEFAULT_RATING, load_weights, rank
from .rows import SchoolRow
from .table import indicator_entries

XLSX, HTML = "report.xlsx", "report.html"


@dataclass(frozen=True)
class ReportOptions:
    dest: Path  # OUT: report.xlsx and report.html
    output: Path  # the packages `build` wrote: OUTPUT/<school>/
    templates: Path | None = None
    rating: Path = DEFAULT_RATING
    indicator: str | None = None  # the page's chart; None: pupils reached, or what has data


def run_report(paths: list[Path], options: ReportOptions, jobs: int = 0) -> int:
    from ..write import write_all_atomic
    from . import html, table, xlsx

    # Data files first: a typo in the weights stops the report before any school is read.
    catalog.report_columns()
    weights = load_weights(options.rating)
    charted = [e.key for e in indicator_entries() if e.key != "hours"]
    if options.indicator is not None and options.indicator not in charted:
        raise click.BadParameter(
            f"нет показателя «{options.indicator}»; допустимы: {', '.join(charted)}.",
            param_hint="--indicator",
        )
    paths = unique(paths)
    try:
        rows, seconds = collect(paths, CollectOptions(options.output, options.templates), jobs)
    except KeyboardInterrupt:
        return 130  # as `build`: the progress line said how far it got; nothing is written
    rows = rank(rows, weights)
    cols = table.columns(rows)
    totals = table.totals(rows, cols)
    page = html.page(rows, cols, totals, options.indicator)
    leaks = html.external_urls(page)
    if leaks:  # a template edited to load a font or a script from the internet
        raise BuildError(
            f"Страница отчёта ссылается на внешний адрес ({leaks[0]}): она должна открываться "
            "без интернета. Уберите ссылку из шаблона страницы."
        )
    xlsx_path, html_path = options.dest / XLSX, options.dest / HTML
    write_all_atomic(
        {xlsx_path: xlsx.workbook_bytes(rows, cols, totals), html_path: page.encode("utf-8")}
    )
    _summary(rows, seconds, xlsx_path, html_path)
    return EXIT_OK


def _summary(rows: list[SchoolRow], seconds: float, xlsx_path: Path, html_path: Path) -> None:
    statuses = catalog.report_columns().statuses
    took = f"{seconds:.1f}".replace(".", ",")
    click.echo(f"Школ в отчёте: {len(rows)} (за {took} с).")
    for key, status in statuses.items():
        count = sum(r.status == key for r in rows)
        if count:
            click.echo(f"  {status.title}: {count}")
    click.echo(f"Отчёт записан: {xlsx_path}, {html_path}.")
