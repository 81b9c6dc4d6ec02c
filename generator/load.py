"""Stage 1: read a profile's YAML safely, remembering where every key and value stands.

PyYAML's `safe_load` forgets positions and silently keeps the last of two duplicate keys.
An administrator needs «demo.yaml:14:5» in every message, and a duplicated `director:`
is a mistake worth reporting, so we walk the composed node tree ourselves.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

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
# A profile is a few levels deep (journal.entries[0].topic); far deeper is a broken file.
MAX_DEPTH = 12
# Files are read whole: a limit keeps a wrong file (a video, /dev/zero) from eating memory.
MAX_PROFILE_BYTES = 2 * 1024 * 1024
MAX_CSV_BYTES = 8 * 1024 * 1024

# Characters a document cannot hold or print: XML 1.0 forbids most C0 controls, lone
# surrogates and U+FFFE/U+FFFF; C1 controls, DEL and the noncharacters U+FDD0–U+FDEF are
# allowed by XML but print as nothing and are never meant. Tab and line break are text.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def unprintable(text: str) -> str | None:
    """A message for the first character of `text` that no document can hold, or None."""
    m = _UNPRINTABLE.search(text)
    if m is None:
        return None
    return (
        f"В значении есть служебный символ (код U+{ord(m.group(0)):04X}), который нельзя "
        "напечатать в документе. Удалите его: такие символы попадают при копировании из "
        "других программ и не видны на экране."
    )


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
        if len(path) >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            self._error(node, path, _too_deep())
            return None
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
                    reported = len(self.errors)
                    key = self._construct(key_node, path)
                    if len(self.errors) > reported:  # «2026-02-30:» — said once is enough
                        continue
                if not isinstance(key, str | int) or isinstance(key, bool):
                    self._error(
                        key_node,
                        path,
                        "Ключ должен быть словом (строкой), а не списком, словарём или "
                        "логическим значением.",
                    )
                    continue
                key = str(key) if not isinstance(key, str) else key
                problem = unprintable(key)
                if problem is not None:
                    self._error(key_node, path, problem.replace("В значении", "В ключе", 1))
                    continue
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
                problem = unprintable(value)
                if problem is not None:
                    self._error(node, path, problem)
                    return None
                return value
        return self._construct(node, path)

    def _construct(self, node: yaml.Node, path: Path_) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            if node.tag.endswith(":timestamp"):
                # YAML resolves «2026-02-30» as a timestamp and then fails to build the date.
                message = (
                    "Такой даты нет в календаре. Пишите существующую дату: 2026-08-31 или "
                    "31.08.2026."
                )
            elif node.tag.endswith(":int"):
                message = "Слишком длинное число. Проверьте значение."
            else:
                message = "Недопустимое значение. Проверьте, что написано в этом месте."
            self._error(node, path, message)
            return None


class _TooLarge(Exception):
    pass


def _too_deep() -> str:
    return (
        f"Слишком глубокая вложенность (больше {MAX_DEPTH} уровней): профиль так не устроен. "
        "Проверьте отступы и закрывающие скобки."
    )


_QUOTE_IT = "Если это просто текст, возьмите значение в кавычки."
_UNCLOSED = "Незакрытая кавычка или скобка. Проверьте, что каждая кавычка и скобка закрыты."
# PyYAML's problems, by what they begin with or contain, in the order they are tried.
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    (
        "found character '\\t' that cannot start any token",
        "Символ табуляции нельзя использовать для отступов: замените его пробелами.",
    ),
    ("that cannot start any token", f"Значение не может начинаться с этого знака. {_QUOTE_IT}"),
    (
        "mapping values are not allowed here",
        "Здесь не может стоять двоеточие. Возможно, значение с двоеточием нужно взять "
        "в кавычки или поправить отступ строкой выше.",
    ),
    (
        "could not find expected ':'",
        "Не найдено двоеточие после ключа. Проверьте, что строка имеет вид «ключ: значение».",
    ),
    ("found undefined alias", "Ссылка (*имя) указывает на якорь (&имя), которого нет."),
    ("found duplicate anchor", "Якорь (&имя) с таким именем уже есть: дайте ему другое имя."),
    (
        "expected alphabetic or numeric character",
        f"После «&» или «*» должно идти имя якоря. {_QUOTE_IT}",
    ),
    (
        "maximum nesting depth",
        "Слишком глубокая вложенность: профиль так не устроен. Проверьте отступы и "
        "закрывающие скобки.",
    ),
    (
        "another document",
        "В файле несколько документов YAML (разделитель «---»): в файле профиля должна быть "
        "одна школа. Уберите лишний «---» или разнесите школы по разным файлам.",
    ),
    (
        "a single document",
        "В файле несколько документов YAML (разделитель «---»): в файле профиля должна быть "
        "одна школа. Уберите лишний «---» или разнесите школы по разным файлам.",
    ),
    (
        "unknown escape character",
        "В тексте в двойных кавычках после «\\» стоит неизвестный знак. Напишите «\\\\» "
        "вместо «\\» или возьмите текст в одинарные кавычки.",
    ),
    (
        "escape sequence of",
        "В тексте в двойных кавычках после «\\x», «\\u» или «\\U» должны идти "
        "шестнадцатеричные цифры. Напишите «\\\\» вместо «\\» или возьмите текст в "
        "одинарные кавычки.",
    ),
    (
        "document separator",
        "Незакрытая кавычка: строка «---» или «...» оказалась внутри текста в кавычках. "
        "Проверьте, что каждая кавычка закрыта.",
    ),
    ("end of stream", _UNCLOSED),
    ("<stream end>", _UNCLOSED),
    (
        "expected ',' or",
        "Не закрыта скобка «[» или «{», или между элементами в скобках не хватает запятой.",
    ),
    (
        "unclosed '[' or '{'",
        "Нарушены отступы или не закрыта скобка «[» или «{».",
    ),
    (
        "expected the node content",
        f"Здесь ожидалось значение, а стоит служебный знак («,», «]», «}}», «-» …). {_QUOTE_IT}",
    ),
    (
        "sequence entries are not allowed here",
        "Элемент списка «- » стоит не на своём месте: проверьте его отступ и что строкой выше "
        "после двоеточия нет значения.",
    ),
    ("mapping keys are not allowed here", f"Знак «?» здесь недопустим. {_QUOTE_IT}"),
    ("expected <block end>", ""),
    ("did not find expected key", ""),
    ("expected '<document start>'", ""),
    ("block scalar", ""),
    ("chomping", ""),
    ("indentation indicator", ""),
    ("directive", ""),
    ("YAML document", ""),
    ("tag", ""),
    ("URI", ""),
    ("expected '!'", ""),
    ("for merging", ""),
)
_INDENT = (
    "Нарушены отступы: строка сдвинута не так, как соседние. "
    "Ключи одного уровня должны начинаться с одной колонки."
)
_BY_FAMILY = {
    "expected <block end>": _INDENT,
    "did not find expected key": _INDENT,
    "expected '<document start>'": (
        "Нарушена структура файла: строка «...» или «%» в начале строки — служебная в YAML. "
        + _QUOTE_IT
    ),
    "block scalar": (
        "После «|» или «>» в той же строке не должно быть текста: перенесите его на "
        "следующую строку с отступом."
    ),
    "directive": f"Строка, начинающаяся с «%», — служебная в YAML. {_QUOTE_IT}",
    "tag": f"Особые теги YAML (!тег, !!python и т. п.) не допускаются. {_QUOTE_IT}",
    "for merging": "Слияние «<<» принимает только раздел (ключ: значение) или список разделов.",
}
_BY_FAMILY |= {
    "chomping": _BY_FAMILY["block scalar"],
    "indentation indicator": _BY_FAMILY["block scalar"],
    "YAML document": _BY_FAMILY["directive"],
    "URI": _BY_FAMILY["tag"],
    "expected '!'": _BY_FAMILY["tag"],
}
_YAML_GENERIC = (
    "Ошибка в записи YAML в этом месте: проверьте кавычки, двоеточия, скобки и отступы. "
    + _QUOTE_IT
)


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
    """Russian for every problem PyYAML reports; never its English words."""
    if text and _quote_ended_value(exc, text):
        return _QUOTE_INSIDE
    problem = getattr(exc, "problem", None) or ""
    context = getattr(exc, "context", None) or ""
    if "duplicate anchor" in context:  # PyYAML puts this one's words in the context
        problem = context
    for needle, text in _YAML_PROBLEMS:
        if needle in problem:
            return text or _BY_FAMILY[needle]
    for needle, text in _YAML_PROBLEMS:
        if not text and needle in context:
            return _BY_FAMILY[needle]
    return _YAML_GENERIC


# libyaml's parser is several times faster; the pure-Python one words syntax errors more
# precisely, so a profile that fails to parse is read again with it for the message.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def fast_yaml(text: str) -> Any:
    """Safe YAML with libyaml when it is installed: data files and CSV-free fast paths."""
    return yaml.load(text, Loader=_FAST_LOADER)


def load_text(text: str, file: str) -> tuple[Any, Positions, list[ProfileError]]:
    """Parse YAML text; never raises for bad input, returns located errors instead."""
    if _FAST_LOADER is not yaml.SafeLoader:
        fast = _load_with(_FAST_LOADER, text, file)
        if fast.data is not None or not fast.errors or fast.final:
            return fast.data, fast.positions, fast.errors
    slow = _load_with(yaml.SafeLoader, text, file)
    return slow.data, slow.positions, slow.errors


class _Loaded(NamedTuple):
    data: Any
    positions: Positions
    errors: list[ProfileError]
    final: bool = False  # no point in reading it again for a better message


def _load_with(loader_cls: type, text: str, file: str) -> _Loaded:
    positions = Positions(file)

    def failed(line: int, column: int, message: str, final: bool = False) -> _Loaded:
        return _Loaded(None, positions, [ProfileError(file, line, column, (), message)], final)

    if "\x00" in text:
        return failed(1, 1, "Файл не похож на текстовый YAML.", final=True)
    try:
        loader = loader_cls(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return _Loaded(None, positions, [])
            walker = _Walker(loader, positions)
            data = walker.walk(node, ())
            return _Loaded(data, positions, walker.errors)
        finally:
            loader.dispose()
    except _TooLarge:
        return failed(1, 1, "Профиль слишком велик или содержит размножающиеся ссылки (&/*).", True)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        # libyaml stops at a depth the pure-Python composer would recurse into for seconds
        deep = "maximum nesting depth" in (exc.problem or "")
        return failed(line, col, _translate_yaml_error(exc, text), deep)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a file
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - text.rfind("\n", 0, exc.position)
        character = exc.character if isinstance(exc.character, int) else 0
        return failed(line, col, unprintable(chr(character)) or _YAML_GENERIC)
    except yaml.YAMLError as exc:
        return failed(1, 1, _translate_yaml_error(exc))
    except RecursionError:
        return failed(*_first_too_deep(text), _too_deep(), True)
    except (ValueError, TypeError, OverflowError):
        return failed(1, 1, "Недопустимое значение в профиле: проверьте даты и числа.")


def _first_too_deep(text: str) -> tuple[int, int]:
    """Where nesting first goes deeper than MAX_DEPTH: events come without recursion."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return 1, 1


def _read_limited(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` of them.

    Opened without blocking, so a FIFO given as a profile does not hang; a device, a FIFO
    or a socket is refused by its type, a big file by its size, before anything is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular
        if info.st_size > limit:
            raise _TooBig
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:  # it grew while being read
            raise _TooBig
        return b"".join(chunks)
    finally:
        os.close(fd)


class _NotRegular(Exception):
    pass


class _TooBig(Exception):
    pass


def _megabytes(limit: int) -> str:
    return f"{limit // (1024 * 1024)} МБ"


def read_profile(path: Path) -> tuple[LoadedProfile | None, list[ProfileError]]:
    file = str(path)

    def failed(message: str) -> tuple[None, list[ProfileError]]:
        return None, [ProfileError(file, 0, 0, (), message)]

    try:
        raw = _read_limited(path, MAX_PROFILE_BYTES)
    except FileNotFoundError:
        return failed("Файл профиля не найден.")
    except IsADirectoryError:
        return failed("Ожидался файл профиля, а это папка.")
    except _NotRegular:
        return failed("Это не обычный файл (устройство, канал или сокет): укажите файл профиля.")
    except _TooBig:
        return failed(
            f"Файл больше {_megabytes(MAX_PROFILE_BYTES)}: профиль школы не бывает таким большим. "
            "Проверьте, тот ли это файл; длинный журнал консультаций ведите в CSV (journal.csv)."
        )
    except OSError as exc:
        from .write import os_reason

        return failed(f"Не удалось прочитать файл: {os_reason(exc)}.")
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


WORK_LOG_COLUMNS = (
    "date",
    "title",
    "event",
    "grades",
    "participants",
    "participants_ovz",
    "form",
    "responsible",
    "partner",
    "result",
    "hours",
)
_WORK_LOG_OPTIONAL = ("event", "grades", "participants_ovz", "partner", "hours")


def read_consultations_csv(path: Path) -> tuple[list[dict[str, str]], list[ProfileError]]:
    """Journal entries kept in a spreadsheet: UTF-8 CSV with a header row, `,` or `;`."""
    return read_table_csv(path, CSV_COLUMNS, ("participants",), "журнала консультаций", "journal")


def read_work_log_csv(path: Path) -> tuple[list[dict[str, str]], list[ProfileError]]:
    """Work-log entries kept in a spreadsheet, read as the consultation journal is."""
    return read_table_csv(
        path, WORK_LOG_COLUMNS, _WORK_LOG_OPTIONAL, "журнала выполненной работы", "work_log"
    )


def read_table_csv(
    path: Path, columns: tuple[str, ...], optional: tuple[str, ...], what: str, section: str
) -> tuple[list[dict[str, str]], list[ProfileError]]:
    """Rows of a UTF-8 CSV with a header row, `,` or `;`; `what` names the journal in messages
    (genitive), `section` the profile key whose `csv:` names the file."""
    file = str(path)

    def failed(message: str) -> tuple[list[dict[str, str]], list[ProfileError]]:
        return [], [ProfileError(file, 0, 0, (), message)]

    try:
        raw = _read_limited(path, MAX_CSV_BYTES)
        if raw[:2] == b"PK":  # a zip: an Excel or LibreOffice Calc workbook saved as XLSX
            return _read_table_xlsx(raw, file, columns, optional)
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        return failed(
            f"Файл {what} (CSV или XLSX) не найден. Путь в {section}.csv пишется "
            "относительно папки, в которой лежит профиль."
        )
    except IsADirectoryError:
        return failed(f"Ожидался файл {what} (CSV или XLSX), а это папка.")
    except _NotRegular:
        return failed(
            "Это не обычный файл (устройство, канал или сокет): укажите файл CSV или XLSX."
        )
    except _TooBig:
        return failed(
            f"Файл {what} больше {_megabytes(MAX_CSV_BYTES)}: проверьте, тот ли это файл, "
            "или разделите журнал по учебным годам."
        )
    except (OSError, UnicodeDecodeError):
        return failed("Не удалось прочитать CSV: сохраните его в кодировке UTF-8.")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error:
        header = []
    missing = _missing_columns(file, header, columns, optional)
    if missing:
        return [], missing
    rows: list[dict[str, str]] = []
    errors: list[ProfileError] = []
    try:
        for row in reader:
            cells = {}
            for key, value in row.items():
                if key is None or not isinstance(value, str):  # cells beyond the header
                    continue
                name = key.strip()
                problem = unprintable(value) or unprintable(name)
                if problem is not None:
                    errors.append(ProfileError(file, reader.line_num, 1, (name,), problem))
                cells[name] = value.strip()
            rows.append(cells)
    except csv.Error:
        errors.append(
            ProfileError(
                file,
                reader.line_num + 1,
                1,
                (),
                "Строку CSV не удалось разобрать (незакрытая кавычка или слишком длинное поле). "
                "Сохраните таблицу заново как «CSV UTF-8».",
            )
        )
    return (rows, []) if not errors else ([], errors)


def _missing_columns(
    file: str, header: list[str], columns: tuple[str, ...], optional: tuple[str, ...]
) -> list[ProfileError]:
    missing = [c for c in columns if c not in header and c not in optional]
    if not missing:
        return []
    return [
        ProfileError(
            file,
            1,
            1,
            (),
            "В первой строке таблицы не хватает столбцов: "
            + ", ".join(missing)
            + f". Нужны столбцы: {', '.join(columns)}.",
        )
    ]


def _xlsx_cell(value: object) -> str:
    """A cell as the CSV would hold it: dates as 2026-10-12, whole numbers without «.0»."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_table_xlsx(
    raw: bytes, file: str, columns: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[list[dict[str, str]], list[ProfileError]]:
    """The first sheet of a workbook, header in row 1; a row's messages name its number."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet_rows = list(book.worksheets[0].iter_rows(values_only=True))
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip
        return [], [
            ProfileError(
                file,
                0,
                0,
                (),
                "Не удалось прочитать файл XLSX: сохраните таблицу заново в Excel или "
                "LibreOffice Calc (формат .xlsx) или как «CSV UTF-8».",
            )
        ]
    header = [_xlsx_cell(h).strip() for h in (sheet_rows[0] if sheet_rows else ())]
    missing = _missing_columns(file, header, columns, optional)
    if missing:
        return [], missing
    rows: list[dict[str, str]] = []
    errors: list[ProfileError] = []
    body = [
        {name: _xlsx_cell(v).strip() for name, v in zip(header, values, strict=False) if name}
        for values in sheet_rows[1:]
    ]
    while body and not any(body[-1].values()):  # rows left empty (or formatted) below the table
        body.pop()
    # Every row up to the last filled one is kept, so the n-th entry is row n + 1 of the sheet.
    for number, cells in enumerate(body, start=2):
        for name, value in cells.items():
            problem = unprintable(value)
            if problem is not None:
                errors.append(ProfileError(file, number, 1, (name,), problem))
        rows.append(cells)
    return (rows, []) if not errors else ([], errors)
