"""Which field on the page a validation error belongs to.

`profdocs validate` locates an error by its path in the profile: ("staff", "ivanova", "name"),
("journal", "entries", 3, "date"), ("roles", "class_teacher", 1). On the page a staff member
is a table row, so the path's key becomes that row's number; a list of lines (partners) or a
role picker is one field, so an index inside it stops there. An error about something the
form has no field for (an unknown key) goes to the nearest section that contains it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .merge import KEY, join
from .spec import Group, KeyedTable, Node, RecordTable, Role, profile_spec

PathT = tuple[str | int, ...]


def slot_for(
    path: PathT,
    rows: dict[str, dict[str | int, int]],
    slots: Iterable[str] | None = None,
    spec: Group | None = None,
) -> str:
    """The field name (`staff.3.name`) an error at `path` is shown next to; "" is the page."""
    node: Node = spec or profile_spec()
    name = ""
    i = 0
    while i < len(path):
        seg = path[i]
        if isinstance(node, Group):
            child = node.child(seg) if isinstance(seg, str) else None
            if child is None:
                break
            node, name, i = child, join(name, seg), i + 1
        elif isinstance(node, KeyedTable | RecordTable):
            row = rows.get(name, {}).get(seg)
            if row is None:
                break
            name, i = join(name, row), i + 1
            if isinstance(node, KeyedTable) and i < len(path) and path[i] == "[key]":
                name = join(name, KEY)
                break
            node = node.item
        elif isinstance(node, Role):
            if seg == "delegated_to":
                name = join(name, "delegated_to")
            break
        else:
            break  # a scalar, a list of lines or a YAML fragment is one field
    if slots is not None:
        known = set(slots)
        while name and name not in known:
            name = name.rsplit(".", 1)[0] if "." in name else ""
    return name


def slot_for_file(file: str, profile_file: str, plain: Any, schools_dir: Path) -> str | None:
    """An error inside a file the profile names (a journal CSV) goes to the field naming it."""
    if file == profile_file:
        return None
    target = Path(file)

    def walk(value: Any, prefix: str) -> str | None:
        if isinstance(value, dict):
            for k, v in value.items():
                found = walk(v, join(prefix, str(k)))
                if found:
                    return found
        elif isinstance(value, str) and value and Path(profile_file).parent / value == target:
            return prefix
        return None

    del schools_dir
    return walk(plain, "")
