"""Stage 1: read a profile's YAML safely, remembering where every key and value stands.

PyYAML's `safe_load` forgets positions and silently keeps the last of two duplicate keys.
An administrator needs «demo.yaml:14:5» in every message, and a duplicated `director:`
is a mistake worth reporting, so we walk the composed node tree ourselves.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import ProfileError

Path_ = tuple[str | int, ...]

_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")
)
_STR = "tag:yaml.org,2002:str"
# A YAML alias bomb expands exponentially; no real profile comes near this many nodes.
MAX_NODES = 200_000


@dataclass
class Positions:
    """Where each key path stands in the file: 1-based line and column."""

    file: str
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path_) -> tuple[int, int]:
        """The position of the path, or of its nearest ancestor that exists in the file."""
        p = tuple(path)
        while p:
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), (1, 1))


@dataclass
class LoadedProfile:
    data: Any
    positions: Positions
    path: Path


class _Walker:
    def __init__(self, loader: yaml.SafeLoader, positions: Positions) -> None:
        self.loader = loader
        self.positions = positions
        self.errors: list[ProfileError] = []
        self.count = 0

    @staticmethod
    def _scalar(node: yaml.Node) -> str | None:
        """A plain string as construct_object() would give it, without its bookkeeping
        (most of a profile's values; a few thousand per school in a region build)."""
        value = node.value
        return value if isinstance(value, str) and isinstance(node, yaml.ScalarNode) else None

    def _mark(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _error(self, node: yaml.Node, path: Path_, message: str) -> None:
        line, col = self._mark(node)
        self.errors.append(ProfileError(self.positions.file, line, col, path, message))

    def walk(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        self.positions.marks.setdefault(path, self._mark(node))
        if node.tag not in _PLAIN_TAGS:
            self._error(
                node,
                path,
                "Особые теги YAML (!!python, !тег и т. п.) не допускаются: пишите обычные "
                "значения.",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._scalar(key_node) if key_node.tag == _STR else None
                if key is None:
                    key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, str | int) or isinstance(key, bool):
                    self._error(
                        key_node,
                        path,
                        "Ключ должен быть словом (строкой), а не списком, словарём или "
                        "логическим значением.",
                    )
                    continue
                key = str(key) if not isinstance(key, str) else key
                child = (*path, key)
                if key in result:
                    first_line = self.positions.marks.get(child, (0, 0))[0]
                    self._error(
                        key_node,
                        child,
                        f"Ключ «{key}» повторяется (впервые — в строке {first_line}). "
                        "Оставьте один: при повторе YAML молча берёт последнее значение.",
                    )
                    continue
                self.positions.marks[child] = self._mark(key_node)
                result[key] = self.walk(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag == _STR:
            value = self._scalar(node)
            if value is not None:
                return value
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            # YAML resolves «2026-02-30» as a timestamp and then fails to build the date.
            self._error(
                node,
                path,
                "Такой даты нет в календаре. Пишите существующую дату: 2026-08-31 или 31.08.2026.",
            )
            return None


class _TooLarge(Exception):
    pass


_QUOTE_PROBLEMS = (
    "expected <block end>, but found",
    "did not find expected key",
    "expected ',' or '}'",
    "expected ',' or ']'",
    "could not find expected ':'",
)
_QUOTE_INSIDE = (
    'Кавычка " внутри значения, взятого в двойные кавычки, закончила это значение раньше '
    "времени. Внутри наименования пишите кавычки-«ёлочки» («…»), или возьмите всё значение в "
    "одинарные кавычки: short_name: 'МКОУ \"ООШ с. Новоникольское\"', или уберите внешние "
    'кавычки: short_name: МКОУ "ООШ с. Новоникольское". Прямые кавычки profdocs сам заменит '
    "на «…»."
)


def _quote_ended_value(exc: yaml.YAMLError, text: str) -> bool:
    """A «"» inside a double-quoted value: the scalar ended and YAML found more after it."""
    problem = getattr(exc, "problem", None) or ""
    mark = getattr(exc, "problem_mark", None)
    if mark is None or not any(p in problem for p in _QUOTE_PROBLEMS):
        return False
    lines = text.splitlines()
    if mark.line >= len(lines):
        return False
    line = lines[mark.line]
    col = mark.column
    if col < 1 or col > len(line) or line[col - 1] != '"':
        return False
    m = re.match(r'\s*(?:-\s+|[^:#]+:\s+|.*?[\[{,]\s*(?:[^:]+:\s*)?)"', line)
    return m is not None and m.end() <= col - 1


def _translate_yaml_error(exc: yaml.YAMLError, text: str = "") -> str:
    if text and _quote_ended_value(exc, text):
        return _QUOTE_INSIDE
    problem = getattr(exc, "problem", None) or str(exc)
    known = {
        "found character '\\t' that cannot start any token": (
            "Символ табуляции нельзя использовать для отступов: замените его пробелами."
        ),
        "mapping values are not allowed here": (
            "Здесь не может стоять двоеточие. Возможно, значение с двоеточием нужно взять "
            "в кавычки или поправить отступ строкой выше."
        ),
        "could not find expected ':'": (
            "Не найдено двоеточие после ключа. Проверьте, что строка имеет вид «ключ: значение»."
        ),
        "found undefined alias": "Ссылка (*имя) указывает на якорь (&имя), которого нет.",
    }
    for needle, text in known.items():
        if needle in problem:
            return text
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return (
            "Нарушены отступы: строка сдвинута не так, как соседние. "
            "Ключи одного уровня должны начинаться с одной колонки."
        )
    if "found unexpected end of stream" in problem or "found unexpected" in problem:
        return "Незакрытая кавычка или скобка. Проверьте, что каждая кавычка закрыта."
    if "could not determine a constructor" in problem:
        return "Особые теги YAML (!!python и т. п.) не допускаются: пишите обычные значения."
    return f"Ошибка синтаксиса YAML ({problem})."


# libyaml's parser is several times faster; the pure-Python one words syntax errors more
# precisely, so a profile that fails to parse is read again with it for the message.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def fast_yaml(text: str) -> Any:
    """Safe YAML with libyaml when it is installed: data files and CSV-free fast paths."""
    return yaml.load(text, Loader=_FAST_LOADER)


def load_text(text: str, file: str) -> tuple[Any, Positions, list[ProfileError]]:
    """Parse YAML text; never raises for bad input, returns located errors instead."""
    if _FAST_LOADER is not yaml.SafeLoader:
        result = _load_with(_FAST_LOADER, text, file)
        if result[0] is not None or not result[2]:
            return result
    return _load_with(yaml.SafeLoader, text, file)


def _load_with(loader_cls: type, text: str, file: str) -> tuple[Any, Positions, list[ProfileError]]:
    positions = Positions(file)
    if "\x00" in text:
        return None, positions, [ProfileError(file, 1, 1, (), "Файл не похож на текстовый YAML.")]
    try:
        loader = loader_cls(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, positions, []
            walker = _Walker(loader, positions)
            data = walker.walk(node, ())
            return data, positions, walker.errors
        finally:
            loader.dispose()
    except _TooLarge:
        return (
            None,
            positions,
            [
                ProfileError(
                    file,
                    1,
                    1,
                    (),
                    "Профиль слишком велик или содержит размножающиеся ссылки (&/*).",
                )
            ],
        )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = _translate_yaml_error(exc, text)
        return None, positions, [ProfileError(file, line, col, (), message)]
    except yaml.YAMLError as exc:
        return None, positions, [ProfileError(file, 1, 1, (), _translate_yaml_error(exc))]
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # PyYAML raises plain ValueError for e.g. an impossible timestamp «2026-02-30».
        return None, positions, [ProfileError(file, 1, 1, (), f"Недопустимое значение: {exc}.")]


def read_profile(path: Path) -> tuple[LoadedProfile | None, list[ProfileError]]:
    file = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [ProfileError(file, 0, 0, (), "Файл профиля не найден.")]
    except IsADirectoryError:
        return None, [ProfileError(file, 0, 0, (), "Ожидался файл профиля, а это папка.")]
    except OSError as exc:
        return None, [ProfileError(file, 0, 0, (), f"Не удалось прочитать файл ({exc.strerror}).")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            ProfileError(
                file,
                raw[: exc.start].count(b"\n") + 1,
                1,
                (),
                "Файл не в кодировке UTF-8. Сохраните его в UTF-8 (в Блокноте: «Сохранить как» → "
                "кодировка UTF-8).",
            )
        ]
    data, positions, errors = load_text(text, file)
    return LoadedProfile(data, positions, path), errors


CSV_COLUMNS = ("date", "person", "grade", "category", "form", "participants", "topic", "result")


def read_consultations_csv(path: Path) -> tuple[list[dict[str, str]], list[ProfileError]]:
    """Journal entries kept in a spreadsheet: UTF-8 CSV with a header row, `,` or `;`."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], [ProfileError(file, 0, 0, (), "Файл журнала консультаций (CSV) не найден.")]
    except (OSError, UnicodeDecodeError):
        return [], [
            ProfileError(
                file, 0, 0, (), "Не удалось прочитать CSV: сохраните его в кодировке UTF-8."
            )
        ]
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header and c != "participants"]
    if missing:
        return [], [
            ProfileError(
                file,
                1,
                1,
                (),
                "В первой строке CSV не хватает столбцов: "
                + ", ".join(missing)
                + f". Нужны столбцы: {', '.join(CSV_COLUMNS)}.",
            )
        ]
    rows = []
    for row in reader:
        rows.append({(k or "").strip(): (v or "").strip() for k, v in row.items()})
    return rows, []
