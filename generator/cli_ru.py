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


# click's plural messages (ngettext): singular and plural English → one Russian form, or a
# form for one and a form for many where Russian needs two.
RU_PLURAL: dict[tuple[str, str], str | tuple[str, str]] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Возможно, имелось в виду: {possibilities}?"
    ),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Лишние аргументы: {args}."
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Параметру {name!r} нужно значение.",
        "Параметру {name!r} нужно значений: {nargs}.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} — недопустимое значение. Выберите одно из: {choices}."
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): "{value!r} не подходит под формат: {formats}.",
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Нужно значений: {nargs}, а дано: {len}."
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): "Нужно значений: {len_type}, а дано: {len_value}.",
}


def _translate(message: str) -> str:
    return RU.get(message, message)


class _Plural(str):
    """A Russian form that also fills the singular's field names («{choice}», «{format}»)."""

    def format(self, *args: object, **kwargs: object) -> str:
        for one, many in (
            ("choice", "choices"),
            ("format", "formats"),
            ("possibility", "possibilities"),
        ):
            if one in kwargs and many not in kwargs:
                kwargs[many] = kwargs[one]
        return str.format(self, *args, **kwargs)


def _translate_plural(singular: str, plural: str, n: int) -> str:
    found = RU_PLURAL.get((singular, plural))
    if found is None:
        return singular if n == 1 else plural
    if isinstance(found, tuple):
        found = found[0] if n == 1 else found[1]
    return _Plural(found)


def install() -> None:
    from click import core, decorators, exceptions, formatting, parser, types

    for module in (core, decorators, exceptions, formatting, parser, types):
        module._ = _translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _translate_plural  # type: ignore[attr-defined]
    assert click  # keep the import: click must be imported before patching
