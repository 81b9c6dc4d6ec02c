"""Russian for click's own words (usage lines, option errors), so the whole CLI speaks Russian.

click marks its strings with the stdlib `gettext` but ships no translations; each click
module binds `_` at import time, so we rebind it there to a small table.
"""

from __future__ import annotations

import click

RU: dict[str, str] = {
    "Usage:": "Использование:",
    "Options": "Параметры",
    "Commands": "Команды",
    "Positional arguments": "Аргументы",
    "Show this message and exit.": "Показать эту справку и выйти.",
    "Show the version and exit.": "Показать версию и выйти.",
    "%(prog)s, version %(version)s": "%(prog)s, версия %(version)s",
    "Error: {message}": "Ошибка: {message}",
    "Missing argument": "Не указан аргумент",
    "Missing option": "Не указан параметр",
    "Missing parameter": "Не указан параметр",
    "Missing parameter: {param_name}": "Не указан параметр: {param_name}",
    "Missing {param_type}": "Не указан {param_type}",
    "Missing command.": "Не указана команда.",
    "No such command {name!r}.": "Нет такой команды {name!r}.",
    "No such option {name!r}.": "Нет такого параметра {name!r}.",
    "Try '{command} {option}' for help.": "Справка: «{command} {option}».",
    "Invalid value for {param_hint}: {message}": "Недопустимое значение {param_hint}: {message}",
    "Invalid value: {message}": "Недопустимое значение: {message}",
    "Option {name!r} does not take a value.": "Параметр {name!r} не принимает значения.",
    "Argument {name!r} takes {nargs} values.": "Аргумент {name!r} принимает {nargs} значения.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} не существует.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} — это папка.",
    "{name} {filename!r} is a file.": "{name} {filename!r} — это файл.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} недоступен для чтения.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} недоступен для записи.",
    "Could not open file {filename!r}: {message}": (
        "Не удалось открыть файл {filename!r}: {message}"
    ),
    "{value!r} is not a valid {number_type}.": "{value!r} — не число.",
    "{value} is not in the range {range}.": "{value} вне диапазона {range}.",
    "Choose from:\n\t{choices}": "Выберите одно из:\n\t{choices}",
    "file": "Файл",
    "directory": "Папка",
    "path": "Путь",
    "default: {default}": "по умолчанию: {default}",
    "Aborted!": "Прервано.",
    "unknown error": "неизвестная ошибка",
}


def _translate(message: str) -> str:
    return RU.get(message, message)


def install() -> None:
    from click import core, decorators, exceptions, formatting, parser, types

    for module in (core, decorators, exceptions, formatting, parser, types):
        module._ = _translate  # type: ignore[attr-defined]
    assert click  # keep the import: click must be imported before patching
