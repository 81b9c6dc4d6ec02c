"""From a submitted form back to the profile's YAML, touching only what the person changed.

The form carries the YAML it was drawn from (`_base`). Each field is compared with what that
YAML says, in the form's own notation; only a field whose value differs is written, so an
untouched profile saves byte for byte as it was read, and keys, sections and comments the form
does not know stay where they were.

Field names are profile paths with table rows numbered as on the page: `school.full_name`,
`staff.3.name`, `journal.entries.0.date`. A row carries `_row` (the key or index it was drawn
from, empty for a new row), so renaming a staff key or deleting a row keeps every other row's
comments, and role assignments follow a renamed key.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from . import yamldoc
from .spec import (
    ABSENT,
    Group,
    KeyedTable,
    Node,
    Raw,
    RecordTable,
    Role,
    Scalar,
    ScalarList,
    profile_spec,
)

ROW = "_row"
KEY = "_key"
DELETE = "_delete"
STAFF = "staff"  # the keyed table whose keys roles refer to

_DELETE = object()
_INT = re.compile(r"[+-]?\d+")
_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


class Form:
    """Submitted values by name; a name may repeat (checkboxes)."""

    def __init__(self, values: dict[str, list[str]] | None = None) -> None:
        self.values: dict[str, list[str]] = {k: list(v) for k, v in (values or {}).items()}

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Form:
        out: dict[str, list[str]] = {}
        for k, v in pairs:
            out.setdefault(k, []).append(v)
        return cls(out)

    def get(self, name: str) -> str | None:
        values = self.values.get(name)
        return values[0] if values else None

    def getlist(self, name: str) -> list[str]:
        return self.values.get(name, [])

    def set(self, name: str, value: str) -> None:
        self.values[name] = [value]

    def rows(self, table: str) -> list[int]:
        """Row numbers of a table as submitted, in page order."""
        prefix = table + "."
        found = set()
        for name in self.values:
            if name.startswith(prefix) and name.endswith("." + ROW):
                middle = name[len(prefix) : -len(ROW) - 1]
                if middle.isdigit():
                    found.add(int(middle))
        return sorted(found)

    def blank_under(self, prefix: str) -> bool:
        p = prefix + "."
        return all(
            not v.strip()
            for name, values in self.values.items()
            if name.startswith(p) and not name.rsplit(".", 1)[-1].startswith("_")
            for v in values
        )


def join(*parts: str | int) -> str:
    return ".".join(str(p) for p in parts if p != "")


# --- the form's notation ------------------------------------------------------------------


def show(node: Scalar, value: Any) -> str:
    if value is None or value is ABSENT:
        return ""
    if node.kind == "date" and isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def show_list(node: ScalarList, value: Any) -> str:
    if value is None or value is ABSENT:
        return ""
    items = value if isinstance(value, list) else [value]
    sep = "\n" if node.item.kind == "text" else ", "
    return sep.join(show(node.item, v) for v in items)


def current(node: Node, container: Any) -> Any:
    """The value at the node's key, or the model's default when the key is absent."""
    if isinstance(container, dict) and node.key in container:
        return container[node.key]
    return node.default


def effective(node: Node, value: Any) -> Node:
    """A widget that cannot show the value as it is (a list where a section is expected)
    falls back to editing it as YAML text, so nothing is lost."""
    if value is None or value is ABSENT:
        return node
    if isinstance(node, Group | KeyedTable) and not isinstance(value, dict):
        return Raw(node.key, node.label, node.help, node.required, node.default)
    if isinstance(node, KeyedTable) and not all(isinstance(v, dict | None) for v in value.values()):
        return Raw(node.key, node.label, node.help, node.required, node.default)
    if isinstance(node, RecordTable) and not (
        isinstance(value, list) and all(isinstance(v, dict) for v in value)
    ):
        return Raw(node.key, node.label, node.help, node.required, node.default)
    if (
        isinstance(node, Scalar | ScalarList)
        and isinstance(value, dict | list)
        and not (isinstance(node, ScalarList) and isinstance(value, list))
    ):
        return Raw(node.key, node.label, node.help, node.required, node.default)
    return node


def raw_text(value: Any) -> str:
    if value is None or value is ABSENT:
        return ""
    return yamldoc.dump(value).rstrip("\n") if isinstance(value, dict | list) else str(value)


def convert(node: Scalar, text: str) -> Any:
    value = text.strip()
    if value == "":
        return "" if node.required else _DELETE
    if node.kind == "date":
        return yamldoc.is_date_text(value) or value
    if node.kind == "int":
        return int(value) if _INT.fullmatch(value) else value
    if node.kind == "bool":
        return {"true": True, "false": False}.get(value, value)
    if node.kind == "choice":
        for shown_value, model_value in zip(
            (c[0] for c in node.choices), node.choice_values, strict=True
        ):
            if shown_value == value:
                return model_value
    return value


def split_items(node: ScalarList, text: str) -> list[str]:
    if node.item.kind == "text":
        return [line.strip() for line in text.splitlines() if line.strip()]
    return [t for t in re.split(r"[,;\s]+", text.strip()) if t]


def role_state(value: Any) -> tuple[str, tuple[str, ...], str, str]:
    """(mode, holders, delegated_to, basis) of a role as the profile states it."""
    if value is None or value is ABSENT:
        return "none", (), "", ""
    if isinstance(value, str):
        return "holders", (value.strip(),), "", ""
    if isinstance(value, list):
        return "holders", tuple(str(v).strip() for v in value), "", ""
    if isinstance(value, dict):
        basis = value.get("basis")
        return (
            "delegated",
            (),
            str(value.get("delegated_to") or "").strip(),
            "" if basis is None else str(basis).strip(),
        )
    return "holders", (str(value),), "", ""


def staff_key_for(name: str, taken: set[str]) -> str:
    """A latin key from the surname («Ёлкина» → elkina), unique among the keys taken."""
    surname = (name.split() or ["staff"])[0].lower()
    key = "".join(_TRANSLIT.get(ch, ch if ch.isascii() and ch.isalnum() else "") for ch in surname)
    key = re.sub(r"_+", "_", key).strip("_") or "staff"
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}_{n}", n + 1
    return candidate


# --- merging ------------------------------------------------------------------------------


@dataclass
class MergeResult:
    text: str
    doc: Any
    # table name on the page → {profile key or index → row number on the page}
    rows: dict[str, dict[str | int, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    renames: dict[str, str] = field(default_factory=dict)


Getter = Callable[[bool], Any]


class Merger:
    def __init__(self, form: Form, base_text: str) -> None:
        self.form = form
        self.base_text = base_text
        self.indent = yamldoc.guess_indent(base_text)
        loaded = yamldoc.load(base_text) if base_text.strip() else None
        self.doc = loaded if isinstance(loaded, CommentedMap) else CommentedMap()
        plain = yamldoc.plain_load(base_text)
        self.plain = plain if isinstance(plain, dict) else {}
        self.rows: dict[str, dict[str | int, int]] = {}
        self.notes: list[str] = []
        self.renames: dict[str, str] = {}

    def run(self) -> MergeResult:
        spec = profile_spec()
        staff = spec.child(STAFF)
        # Staff first: roles and plan refer to its keys, which a row may have renamed.
        if isinstance(staff, KeyedTable):
            self._node(staff, lambda create: self.doc, self.plain, "", 0, spec)
        for child in spec.children:
            if child is not staff:
                self._node(child, lambda create: self.doc, self.plain, "", 0, spec)
        text = yamldoc.dump(self.doc, self.indent) if len(self.doc) else ""
        return MergeResult(text, self.doc, self.rows, self.notes, self.renames)

    # one field -----------------------------------------------------------------------------

    def _node(
        self, node: Node, parent: Getter, plain: Any, prefix: str, depth: int, group: Group
    ) -> None:
        name = join(prefix, node.key)
        value = current(node, plain)
        node = effective(node, value)
        order = [c.key for c in group.children]
        column = depth * self.indent.mapping

        def write(new: Any) -> None:
            container = parent(True)
            if new is _DELETE:
                yamldoc.delete_key(container, node.key)
            else:
                yamldoc.set_key(container, node.key, new, order, column)

        def existing() -> Any:
            container = parent(False)
            return container.get(node.key) if isinstance(container, CommentedMap) else None

        if isinstance(node, Scalar):
            submitted = self.form.get(name)
            if submitted is None or submitted.strip() == show(node, value).strip():
                return
            new = convert(node, submitted)
            if new is _DELETE and not _has(parent, node.key):
                return
            write(yamldoc.scalar(new) if new is not _DELETE else new)
        elif isinstance(node, ScalarList):
            self._scalar_list(node, name, value, existing, write, depth)
        elif isinstance(node, Role):
            self._role(node, name, value, existing, write)
        elif isinstance(node, Group):
            self._group(node, name, value, parent, depth, order, column)
        elif isinstance(node, RecordTable):
            self._records(node, name, value, existing, write, depth)
        elif isinstance(node, KeyedTable):
            self._keyed(node, name, value, existing, write, depth)
        elif isinstance(node, Raw):
            submitted = self.form.get(name)
            if submitted is None or submitted.strip() == raw_text(value).strip():
                return
            if not submitted.strip():
                write(_DELETE)
                return
            try:
                parsed = yamldoc.load(submitted)
            except Exception:
                parsed = submitted
            write(yamldoc.scalar(parsed) if isinstance(parsed, str) else parsed)

    def _group(
        self,
        node: Group,
        name: str,
        value: Any,
        parent: Getter,
        depth: int,
        order: list[str],
        column: int,
    ) -> None:
        plain = value if isinstance(value, dict) else {}

        def getter(create: bool) -> Any:
            container = parent(create)
            if not isinstance(container, CommentedMap):
                return None
            mine = container.get(node.key)
            if isinstance(mine, CommentedMap) or not create:
                return mine
            mine = CommentedMap()
            yamldoc.set_key(container, node.key, mine, order, column)
            return mine

        for child in node.children:
            self._node(child, getter, plain, name, depth + 1, node)
        mine = getter(False)
        known = {c.key for c in node.children}
        if (
            node.optional
            and isinstance(mine, CommentedMap)
            and set(mine) <= known
            and self.form.blank_under(name)
            and any(k.startswith(name + ".") for k in self.form.values)
        ):
            yamldoc.delete_key(parent(True), node.key)

    def _scalar_list(
        self,
        node: ScalarList,
        name: str,
        value: Any,
        existing: Callable[[], Any],
        write: Callable[[Any], None],
        depth: int,
    ) -> None:
        submitted = self.form.get(name)
        if submitted is None:
            return
        items = [self.renames.get(t, t) for t in split_items(node, submitted)]
        if split_items(node, show_list(node, value)) == items:
            return
        converted = [convert(node.item, t) for t in items]
        converted = [v for v in converted if v is not _DELETE]
        seq = existing()
        if not converted and seq is None and (node.optional or not node.required):
            return
        if isinstance(seq, CommentedSeq):
            was_empty_flow = seq.fa.flow_style() and not len(seq)
            yamldoc.replace_items(seq, [yamldoc.scalar(v) for v in converted])
            if was_empty_flow and converted and depth <= 1:
                seq.fa.set_block_style()
            return
        in_table = depth > 1 and node.item.kind != "text"
        make = yamldoc.flow_seq if in_table or not converted else yamldoc.block_seq
        write(make(converted))

    def _role(
        self,
        node: Role,
        name: str,
        value: Any,
        existing: Callable[[], Any],
        write: Callable[[Any], None],
    ) -> None:
        mode = self.form.get(join(name, "mode"))
        if mode is None:
            return
        chosen = [
            self.renames.get(h, h) for h in self.form.getlist(join(name, "holders")) if h.strip()
        ]
        # Checkboxes come in staff order; the profile's own order of holders is kept.
        before = [self.renames.get(h, h) for h in role_state(value)[1]]
        holders = tuple(dict.fromkeys([*(h for h in before if h in chosen), *chosen]))
        delegated = (self.form.get(join(name, "delegated_to")) or "").strip()
        delegated = self.renames.get(delegated, delegated)
        basis = (self.form.get(join(name, "basis")) or "").strip()
        if mode == "holders":
            new = ("holders", holders, "", "")
        elif mode == "delegated":
            new = ("delegated", (), delegated, basis)
        else:
            new = ("none", (), "", "")
        if new == role_state(value):
            return
        if mode == "none" or (mode == "holders" and not holders and not node.multiple):
            write(_DELETE)
        elif mode == "holders":
            if len(holders) == 1 and not node.multiple and not isinstance(value, list):
                write(yamldoc.scalar(holders[0]))
            else:
                write(yamldoc.flow_seq(holders))
        else:
            old = existing()
            if isinstance(old, CommentedMap) and not (set(old) - {"delegated_to", "basis"}):
                old["delegated_to"] = yamldoc.scalar(delegated)
                if basis:
                    yamldoc.set_key(old, "basis", yamldoc.scalar(basis), ["delegated_to", "basis"])
                else:
                    yamldoc.delete_key(old, "basis")
                return
            pairs = {"delegated_to": delegated, **({"basis": basis} if basis else {})}
            write(yamldoc.flow_map(pairs))

    def _table_rows(self, name: str) -> list[tuple[int, str]]:
        """(row number, source) of the rows kept, blank new rows and deleted rows left out."""
        out = []
        for i in self.form.rows(name):
            row = join(name, i)
            if self.form.get(join(row, DELETE)):
                continue
            source = self.form.get(join(row, ROW)) or ""
            if not source and self.form.blank_under(row):
                continue
            out.append((i, source))
        return out

    def _records(
        self,
        node: RecordTable,
        name: str,
        value: Any,
        existing: Callable[[], Any],
        write: Callable[[Any], None],
        depth: int,
    ) -> None:
        if not any(k.startswith(name + ".") for k in self.form.values):
            return  # the table was not on the page
        old_plain = value if isinstance(value, list) else []
        seq = existing()
        old_items = list(seq) if isinstance(seq, CommentedSeq) else []
        kept = self._table_rows(name)
        items: list[Any] = []
        sources: list[int | None] = []
        for i, source in kept:
            src = int(source) if source.isdigit() and int(source) < len(old_items) else None
            reuse = src is not None and isinstance(old_items[src], CommentedMap)
            item = old_items[src] if reuse else CommentedMap()
            plain = old_plain[src] if reuse and src < len(old_plain) else {}
            sources.append(src if reuse else None)
            items.append(item)
            self._fill(node.item, item, plain, join(name, i), depth)
        self.rows[name] = {j: i for j, (i, _) in enumerate(kept)}
        if sources == list(range(len(old_items))):
            return
        if not items and (seq is None or node.optional):
            if seq is not None or _has_value(existing):
                write(_DELETE)
            return
        if isinstance(seq, CommentedSeq):
            yamldoc.replace_items(seq, items)
        else:
            fresh = yamldoc.block_seq([])
            fresh.extend(items)
            write(fresh)

    def _keyed(
        self,
        node: KeyedTable,
        name: str,
        value: Any,
        existing: Callable[[], Any],
        write: Callable[[Any], None],
        depth: int,
    ) -> None:
        if not any(k.startswith(name + ".") for k in self.form.values):
            return
        old_plain = value if isinstance(value, dict) else {}
        cmap = existing()
        old_map = cmap if isinstance(cmap, CommentedMap) else CommentedMap()
        kept = self._table_rows(name)
        taken: set[str] = set()
        keyed: list[tuple[str, str | None, Any]] = []  # (key, source key, item)
        rows: dict[str | int, int] = {}
        for i, source in kept:
            row = join(name, i)
            key = (self.form.get(join(row, KEY)) or "").strip()
            src = (
                source if source in old_map and isinstance(old_map[source], CommentedMap) else None
            )
            if not key:
                key = src or staff_key_for(self.form.get(join(row, "name")) or "", taken)
            if key in taken:
                fresh = staff_key_for(key, taken)
                self.notes.append(
                    f"Ключ «{key}» встречается в таблице «{node.label}» дважды: второй строке "
                    f"дан ключ «{fresh}». Проверьте его."
                )
                key = fresh
            taken.add(key)
            if src is not None and src != key:
                self.renames[src] = key
            item = old_map[src] if src is not None else CommentedMap()
            plain = old_plain.get(src) if src is not None else {}
            self._fill(node.item, item, plain if isinstance(plain, dict) else {}, row, depth)
            keyed.append((key, src, item))
            rows[key] = i
        self.rows[name] = rows
        if [(k, s) for k, s, _ in keyed] == [(k, k) for k in old_map]:
            return
        pairs = [(k, item) for k, _, item in keyed]
        if isinstance(cmap, CommentedMap):
            yamldoc.replace_items(cmap, pairs, sources=[s for _, s, _ in keyed])
        elif pairs:
            fresh = CommentedMap()
            for k, item in pairs:
                fresh[k] = item
            write(fresh)

    def _fill(self, group: Group, item: CommentedMap, plain: Any, row: str, depth: int) -> None:
        """The cells of one table row, written into the row's own mapping."""

        def getter(create: bool) -> Any:
            return item

        for child in group.children:
            self._node(child, getter, plain, row, depth + 1, group)


def _has_value(existing: Callable[[], Any]) -> bool:
    return existing() is not None


def _has(parent: Getter, key: str) -> bool:
    container = parent(False)
    return isinstance(container, CommentedMap) and key in container


def merge(form: Form, base_text: str) -> MergeResult:
    return Merger(form, base_text).run()
