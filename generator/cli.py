"""The `profdocs` command: a thin layer over the pipeline that prints Russian messages.

Heavy modules (docxtpl, python-docx, pymorphy3) are imported inside the commands, so
`profdocs --help` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import cli_ru
from .errors import EXIT_FAILED, EXIT_INVALID, EXIT_OK, ProfdocsError

cli_ru.install()

HELP = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _echo_err(text: str) -> None:
    click.echo(text, err=True)


def _profiles(paths: tuple[Path, ...]) -> list[Path]:
    """Files as given; folders expand to their *.yaml / *.yml profiles, sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted([*p.glob("*.yaml"), *p.glob("*.yml")])
            if not found:
                raise click.UsageError(f"В папке {p} нет профилей (*.yaml).")
            out.extend(found)
        else:
            out.append(p)
    return out


class _Commands(click.Group):
    """The one place a `ProfdocsError` becomes its message and its exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ProfdocsError as exc:
            for line in exc.details:
                _echo_err(line)
            sys.exit(exc.exit_code)


@click.group(
    cls=_Commands,
    name="profdocs",
    context_settings=HELP,
    options_metavar="[ПАРАМЕТРЫ]",
    subcommand_metavar="КОМАНДА [АРГУМЕНТЫ]...",
)
@click.version_option(package_name="profdocs", prog_name="profdocs")
def main() -> None:
    """profdocs — пакет локальных актов школы по профориентации из YAML-профиля.

    \b
    Обычный порядок работы:
      profdocs init school_5             — заготовка профиля с подсказками
      profdocs validate data/schools/school_5.yaml
      profdocs build data/schools/school_5.yaml
    Документы появляются в папке output/<идентификатор школы>/.
    """


@main.command(context_settings=HELP, options_metavar="[ПАРАМЕТРЫ]")
@click.argument(
    "profiles", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="ПРОФИЛИ..."
)
def validate(profiles: tuple[Path, ...]) -> None:
    """Проверить профили школ и показать все ошибки сразу.

    ПРОФИЛИ — файлы профилей или папки с ними. Код выхода 0, если всё верно, 2 — если есть
    ошибки.
    """
    from .validate import validate_file

    failed = 0
    for path in _profiles(profiles):
        valid, errors = validate_file(path)
        for w in valid.warnings if valid is not None else ():
            _echo_err(w.format())
        if errors:
            failed += 1
            for e in errors:
                _echo_err(e.format())
            _echo_err(f"{path}: найдено ошибок: {len(errors)}.")
        else:
            click.echo(f"{path}: профиль в порядке.")
    sys.exit(EXIT_INVALID if failed else EXIT_OK)


# Options `build` and `report` share: the same spelling, type and help in both.
TEMPLATES_OPTION = click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Папка с шаблонами DOCX (по умолчанию templates/docx из поставки).",
)


F = TypeVar("F", bound=Callable[..., Any])


def jobs_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=0), default=0, metavar="N", help=help_text
    )


@main.command(context_settings=HELP, options_metavar="[ПАРАМЕТРЫ]")
@click.argument(
    "profiles", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="ПРОФИЛИ..."
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Куда записать документы: в ней появится папка для каждой школы.",
)
@TEMPLATES_OPTION
@click.option(
    "--pseudonymize",
    is_flag=True,
    help="Заменить в журнале консультаций ФИО кодами (О-001, Р-001…): для передачи журнала "
    "за пределы кабинета координатора (152-ФЗ).",
)
@click.option("--pdf", is_flag=True, help="Дополнительно сохранить PDF (нужен LibreOffice).")
@jobs_option("Сколько процессов использовать при сборке нескольких школ (0 — все ядра).")
def build(
    profiles: tuple[Path, ...],
    output: Path,
    templates: Path | None,
    pseudonymize: bool,
    pdf: bool,
    jobs: int,
) -> None:
    """Собрать пакет документов для одной или нескольких школ.

    ПРОФИЛИ — файлы профилей или папки с ними. Для каждой школы создаётся папка
    OUTPUT/<идентификатор>, где идентификатор — имя файла профиля без .yaml.
    """
    from .batch import BuildOptions, run_builds

    paths = _profiles(profiles)
    options = BuildOptions(output=output, templates=templates, pseudonymize=pseudonymize, pdf=pdf)
    code = run_builds(paths, options, jobs=jobs)
    sys.exit(code)


@main.command(context_settings=HELP, options_metavar="[ПАРАМЕТРЫ]")
@click.argument(
    "profiles", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="ПАПКИ..."
)
@click.option(
    "-o",
    "--to",
    "dest",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output/report"),
    show_default=True,
    metavar="ПАПКА_ОТЧЁТА",
    help="Куда записать report.xlsx и report.html.",
)
@click.option(
    "--output",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Папка, в которую profdocs build записал пакеты школ: по ним видно, собран ли пакет "
    "и по какой редакции шаблонов.",
)
@TEMPLATES_OPTION
@click.option(
    "--rating",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    metavar="ФАЙЛ",
    help="Веса рейтинга (по умолчанию generator/catalog/rating.yaml).",
)
@click.option(
    "--indicator",
    default=None,
    metavar="ПОКАЗАТЕЛЬ",
    help="Показатель для диаграммы по школам на странице (ключ из indicators.yaml). По "
    "умолчанию pupils_reached, а если ни у одной школы его нет — первый показатель с данными.",
)
@jobs_option("Сколько процессов использовать (0 — все ядра).")
def report(
    profiles: tuple[Path, ...],
    dest: Path,
    output: Path,
    templates: Path | None,
    rating: Path | None,
    indicator: str | None,
    jobs: int,
) -> None:
    """Составить отчёт муниципалитета по школам: report.xlsx и report.html.

    ПАПКИ — папки с профилями школ (или отдельные профили). Для каждой школы профиль
    проверяется, документы собираются и проверяются в памяти (ничего не записывается),
    считаются показатели мониторинга Приложения 4 и Единой модели и балл рейтинга. Школа с
    ошибками в профиле — тоже строка отчёта. Код выхода 0 — отчёт записан.
    """
    from .report.rating import DEFAULT_RATING
    from .report.run import ReportOptions, run_report

    options = ReportOptions(
        dest=dest,
        output=output,
        templates=templates,
        rating=rating or DEFAULT_RATING,
        indicator=indicator,
    )
    sys.exit(run_report(_profiles(profiles), options, jobs=jobs))


@main.command(context_settings=HELP, options_metavar="[ПАРАМЕТРЫ]")
@click.argument(
    "template_dirs",
    nargs=-1,
    metavar="[ПАПКА_ИЛИ_ФАЙЛ]...",
    type=click.Path(exists=True, path_type=Path),
)
@click.option("--json", "as_json", is_flag=True, help="Вывести замечания в формате JSON (для CI).")
@click.option(
    "--outdated",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    metavar="ПАПКА_ДОКУМЕНТОВ",
    help="Вместо шаблонов проверить собранные пакеты (например, output/): какие школы собраны "
    "по более старой редакции шаблонов, чем установленная.",
)
@click.option(
    "--unused",
    is_flag=True,
    help="Перечислить поля контекста, которые не использует ни один шаблон (для разработчиков).",
)
def check(
    template_dirs: tuple[Path, ...], as_json: bool, outdated: Path | None, unused: bool
) -> None:
    """Проверить шаблоны DOCX на полноту и ошибки разметки.

    Проверяет, что в каждом шаблоне есть все разделы, пункты и роли из Приложений 1–4,
    что теги Jinja записаны верно, что шаблон использует только существующие переменные
    и не содержит ничего опасного (макросов, внешних ссылок, внедрённых объектов).
    ПАПКА_ИЛИ_ФАЙЛ — папка шаблонов (по умолчанию templates/docx) или один файл .docx.
    Код выхода 0 — шаблоны в порядке, 1 — есть ошибки, 2 — неверный вызов.
    """
    from .check import check_file, check_templates, exit_code, format_outdated, format_report
    from .paths import DEFAULT_TEMPLATES

    dirs = template_dirs or (DEFAULT_TEMPLATES,)
    if outdated is not None:
        from .edition import load_edition
        from .edition import outdated as statuses_of

        installed = load_edition(dirs[0] if dirs[0].is_dir() else dirs[0].parent)
        statuses = statuses_of(outdated, installed)
        click.echo(format_outdated(statuses, installed, str(outdated), as_json))
        stale = any(s.verdict in ("older", "changed") for s in statuses)
        sys.exit(EXIT_FAILED if stale else EXIT_OK)
    findings = []
    for d in dirs:
        findings.extend(check_templates(d, unused) if d.is_dir() else check_file(d))
    click.echo(format_report(findings, as_json))
    sys.exit(exit_code(findings))


@main.command(context_settings=HELP, options_metavar="[ПАРАМЕТРЫ]")
@click.argument("school_id", metavar="ИДЕНТИФИКАТОР")
@click.option(
    "-d",
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data/schools"),
    show_default=True,
    help="Папка, в которую записать профиль.",
)
@click.option("--force", is_flag=True, help="Перезаписать существующий профиль.")
def init(school_id: str, directory: Path, force: bool) -> None:
    """Создать заготовку профиля школы с подсказками в комментариях.

    ИДЕНТИФИКАТОР — идентификатор школы латиницей: он станет именем файла и папки с документами.
    """
    from .paths import SCHOOL_ID_RULE, is_school_id
    from .starter import starter_profile

    if not is_school_id(school_id):
        raise click.BadParameter(f"{SCHOOL_ID_RULE}.", param_hint="ИДЕНТИФИКАТОР")
    path = directory / f"{school_id}.yaml"
    if path.exists() and not force:
        _echo_err(f"Профиль {path} уже существует. Чтобы перезаписать его, добавьте --force.")
        sys.exit(EXIT_FAILED)
    from .write import write_atomic

    write_atomic(path, starter_profile(path).encode("utf-8"))
    click.echo(f"Создан профиль {path}. Заполните его по подсказкам и выполните:")
    click.echo(f"  profdocs validate {path}")


@main.command(context_settings=HELP, options_metavar="[ПАРАМЕТРЫ]")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Записать схему в файл (по умолчанию — вывести на экран).",
)
def schema(output: Path | None) -> None:
    """Вывести JSON Schema профиля (для подсказок и проверки в VS Code)."""
    from .starter import schema_json

    text = schema_json()
    if output is None:
        click.echo(text)
    else:
        from .write import write_atomic

        write_atomic(output, text.encode("utf-8"))
        click.echo(f"Схема записана в {output}.")


@main.command(context_settings=HELP, options_metavar="[ПАРАМЕТРЫ]")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Порт на 127.0.0.1.",
)
@click.option("--open", "open_browser", is_flag=True, help="Открыть форму в браузере.")
@click.option(
    "-d",
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data/schools"),
    show_default=True,
    help="Папка профилей.",
)
def serve(port: int, open_browser: bool, directory: Path) -> None:
    """Открыть веб-форму профиля школы (только на этом компьютере, 127.0.0.1)."""
    from .web.server import serve as run

    try:
        run(port, open_browser, directory, echo=click.echo)
    except OSError as exc:
        _echo_err(f"Не удалось открыть порт {port} ({exc.strerror}). Укажите другой: --port 8766.")
        sys.exit(EXIT_FAILED)


if __name__ == "__main__":
    main()
