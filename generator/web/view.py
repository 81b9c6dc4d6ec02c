"""What the page shows: the form spec laid over a profile's data, as plain dicts for Jinja.

Every widget, group, table and row gets an error slot named like its field (`staff.3.name`,
`staff.3`, `staff`); `locate.slot_for` sends each validation error to the nearest of them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from . import merge
from .merge import KEY, ROW, current, effective, join, raw_text, role_state, show, show_list
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

DATE_PLACEHOLDER = "31.08.2026"


def field_id(name: str) -> str:
    return "f-" + name.replace(".", "-")


def slot_id(name: str) -> str:
    return "e-" + (name.replace(".", "-") or "general")


@dataclass
class View:
    sections: list[dict[str, Any]]
    slots: set[str] = field(default_factory=set)
    rows: dict[str, dict[str | int, int]] = field(default_factory=dict)
    staff_options: list[tuple[str, str]] = field(default_factory=list)

    @property
    def staff_signature(self) -> str:
        text = "\n".join(f"{k}\t{v}" for k, v in self.staff_options)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


class _Builder:
    def __init__(self, plain: dict[str, Any], extra_rows: dict[str, int]) -> None:
        self.plain = plain
        self.extra_rows = extra_rows
        self.slots: set[str] = {""}
        self.rows: dict[str, dict[str | int, int]] = {}
        self.staff_options = staff_options(plain)

    def node(self, node: Node, container: Any, prefix: str, in_table: str = "") -> dict:
        name = join(prefix, node.key)
        value = current(node, container)
        node = effective(node, value)
        self.slots.add(name)
        base = {
            "name": name,
            "id": field_id(name),
            "slot": slot_id(name),
            "label": node.label,
            "help": node.help,
            "required": node.required,
        }
        if isinstance(node, Scalar):
            return {**base, "cls": f"k-{node.kind}", **scalar_widget(node, value, in_table)}
        if isinstance(node, ScalarList):
            text = show_list(node, value)
            if node.item.kind == "text":
                return {**base, "cls": "k-lines", "w": "textarea", "value": text, "lines": True}
            return {
                **base,
                "cls": "k-list",
                "w": "input",
                "kind": "list",
                "value": text,
                "placeholder": "9, 3",
            }
        if isinstance(node, Role):
            return {**base, **self.role(node, name, value)}
        if isinstance(node, Group):
            plain = value if isinstance(value, dict) else {}
            children = [self.node(c, plain, name, in_table) for c in node.children]
            filled = isinstance(value, dict) and bool(value)
            return {
                **base,
                "w": "group",
                "children": children,
                "optional": node.optional or not node.required,
                "open": filled or node.required,
                "roles": all(isinstance(c, Role) for c in node.children),
                "signature": self.signature() if node.key == "roles" else "",
            }
        if isinstance(node, RecordTable):
            items = value if isinstance(value, list) else []
            rows = []
            for i, item in enumerate(items):
                rows.append(self.row(node.item, name, i, str(i), item))
            for n in range(self.extra_rows.get(name, 0)):
                rows.append(self.row(node.item, name, len(items) + n, "", {}))
            self.rows[name] = {i: i for i in range(len(items))}
            return {**base, "w": "table", "keyed": False, "rows": rows, **columns(node.item)}
        if isinstance(node, KeyedTable):
            items = value if isinstance(value, dict) else {}
            rows = []
            for i, (key, item) in enumerate(items.items()):
                rows.append(self.row(node.item, name, i, str(key), item or {}, key=str(key)))
            for n in range(self.extra_rows.get(name, 0)):
                rows.append(self.row(node.item, name, len(items) + n, "", {}, key=""))
            self.rows[name] = {str(k): i for i, k in enumerate(items)}
            return {**base, "w": "table", "keyed": True, "rows": rows, **columns(node.item)}
        return {**base, "w": "textarea", "value": raw_text(value), "raw": True}

    def row(
        self, item: Group, table: str, index: int, source: str, plain: Any, key: str | None = None
    ) -> dict:
        name = join(table, index)
        self.slots.add(name)
        cells = []
        for child in item.children:
            kind = "keyed" if key is not None else "records"
            cells.append(self.node(child, plain if isinstance(plain, dict) else {}, name, kind))
        out = {
            "name": name,
            "slot": slot_id(name),
            "source": source,
            "row_field": join(name, ROW),
            "delete_field": join(name, merge.DELETE),
            "cells": cells,
        }
        if key is not None:
            key_name = join(name, KEY)
            self.slots.add(key_name)
            out["key"] = {
                "name": key_name,
                "id": field_id(key_name),
                "slot": slot_id(key_name),
                "value": key,
            }
        return out

    def role(self, node: Role, name: str, value: Any) -> dict:
        mode, holders, delegated, basis = role_state(value)
        self.slots.add(join(name, "delegated_to"))
        known = {k for k, _ in self.staff_options}
        # A key that is not (or no longer) in staff stays selectable, so it is not lost.
        extra = [(h, f"{h} (нет в таблице сотрудников)") for h in holders if h not in known]
        if delegated and delegated not in known:
            extra.append((delegated, f"{delegated} (нет в таблице сотрудников)"))
        options = self.staff_options + list(dict.fromkeys(extra))
        return {
            "w": "role",
            "key": node.key,
            "mode": mode,
            "holders": list(holders),
            "delegated_to": delegated,
            "basis": basis,
            "multiple": node.multiple or len(holders) > 1,
            "delegable": node.delegable or mode == "delegated",
            "options": options,
            "delegated_slot": slot_id(join(name, "delegated_to")),
            "delegated_id": field_id(join(name, "delegated_to")),
        }

    def signature(self) -> str:
        return View([], staff_options=self.staff_options).staff_signature


def scalar_widget(node: Scalar, value: Any, in_table: str) -> dict:
    text = show(node, value)
    if node.kind in ("choice", "bool"):
        if node.kind == "bool":
            choices = [("", "не указано"), ("true", "да"), ("false", "нет")]
        else:
            choices = list(node.choices)
            if node.optional or node.default is ABSENT or node.default is None:
                empty = "по отчеству" if node.key == "gender" else "— не выбрано —"
                choices.insert(0, ("", empty))
        if text not in {c[0] for c in choices}:
            choices.append((text, f"{text} (недопустимое значение)"))
        return {"w": "select", "value": text, "options": choices}
    widget = {"w": "input", "kind": node.kind, "value": text, "placeholder": ""}
    if node.kind == "date":
        widget["placeholder"] = DATE_PLACEHOLDER
    elif node.kind == "text" and in_table == "records":
        widget["w"] = "textarea"
        widget["cell"] = True
    if node.default not in (ABSENT, None, "") and node.kind != "date":
        widget["placeholder"] = show(node, node.default)
    return widget


def columns(item: Group) -> dict[str, Any]:
    cols = [
        {
            "key": c.key,
            "label": c.label,
            "help": c.help,
            "required": c.required,
            "cls": f"k-{c.kind}" if isinstance(c, Scalar) else "k-group",
        }
        for c in item.children
    ]
    return {"columns": cols}


def staff_options(plain: dict[str, Any]) -> list[tuple[str, str]]:
    staff = plain.get(merge.STAFF)
    if not isinstance(staff, dict):
        return []
    out = []
    for key, person in staff.items():
        person = person if isinstance(person, dict) else {}
        name = str(person.get("name") or "").strip() or "ФИО не указано"
        position = str(person.get("position") or "").strip()
        out.append((str(key), f"{name}, {position}" if position else name))
    return out


def build_view(plain: Any, extra_rows: dict[str, int] | None = None) -> View:
    data = plain if isinstance(plain, dict) else {}
    builder = _Builder(data, extra_rows or {})
    spec = profile_spec()
    sections = [builder.node(child, data, "") for child in spec.children]
    return View(sections, builder.slots, builder.rows, builder.staff_options)


def section_title(section: dict[str, Any]) -> str:
    return section["label"]


__all__ = ["ABSENT", "Raw", "View", "build_view", "field_id", "slot_id"]
