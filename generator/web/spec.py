"""The form, read off the pydantic profile model: one widget per field.

A field another issue adds to the model appears in the form without editing it: its type
chooses the widget (text, number, date, yes/no, a list of choices, a list of lines, a table of
records, a table keyed by staff id) and its Russian description becomes the label. Only the
role picker is made by hand, because a role's value is a union (one holder, several, or
functions delegated to someone with a basis).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from . import catalogue

Kind = Literal["text", "int", "date", "bool", "choice"]
ABSENT: Any = PydanticUndefined


@dataclass
class Node:
    key: str
    label: str
    help: str = ""
    required: bool = False
    default: Any = ABSENT  # the value used when the key is absent; ABSENT if none


@dataclass
class Scalar(Node):
    kind: Kind = "text"
    choices: tuple[tuple[str, str], ...] = ()  # (value, Russian label)
    choice_values: tuple[Any, ...] = ()  # the model's own values, same order
    optional: bool = False  # None is a valid value


@dataclass
class ScalarList(Node):
    item: Scalar = field(default_factory=lambda: Scalar("", ""))
    optional: bool = False


@dataclass
class Group(Node):
    children: list[Node] = field(default_factory=list)
    optional: bool = False
    model: type[BaseModel] | None = None

    def child(self, key: str) -> Node | None:
        return next((c for c in self.children if c.key == key), None)


@dataclass
class RecordTable(Node):
    """A list of records (journal entries, plan events): rows of scalar columns."""

    item: Group = field(default_factory=lambda: Group("", ""))
    optional: bool = False


@dataclass
class KeyedTable(Node):
    """A mapping id → record (staff): rows with an id column."""

    item: Group = field(default_factory=lambda: Group("", ""))


@dataclass
class Role(Node):
    multiple: bool = False
    delegable: bool = True


@dataclass
class Raw(Node):
    """A value the form has no widget for: edited as a YAML fragment."""


_SENTENCE_END = re.compile(r"\.\s+(?=[А-ЯЁA-Z«])")


def split_description(text: str | None) -> tuple[str, str]:
    """A short label from a description, and the whole description as help if longer."""
    full = " ".join((text or "").split())
    if not full:
        return "", ""
    label = full.rstrip(".")
    cuts = [m.start() for m in _SENTENCE_END.finditer(label)]
    for sep in (": ", " — ", " (", "; "):
        at = label.find(sep)
        if at > 0:
            cuts.append(at)
    if cuts:
        label = label[: min(cuts)]
    if len(label) > 45 and ", " in label:
        label = label[: label.index(", ")]
    label = label.strip().rstrip(".,;:")
    return label, (full if label != full.rstrip(".") else "")


def _strip(tp: Any) -> tuple[Any, bool]:
    """Annotated and Optional off: the core type, and whether None is allowed."""
    optional = False
    for _ in range(8):
        origin = get_origin(tp)
        if origin is typing.Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != len(get_args(tp)):
                optional = True
            if len(args) != 1:
                return tp, optional
            tp = args[0]
        else:
            break
    return tp, optional


def _scalar_kind(tp: Any) -> tuple[Kind, tuple[Any, ...]] | None:
    if get_origin(tp) is Literal:
        return "choice", get_args(tp)
    if tp is bool:
        return "bool", ()
    if tp is int:
        return "int", ()
    if tp is dt.date:
        return "date", ()
    if tp is str:
        return "text", ()
    return None


def _is_role(tp: Any) -> bool:
    from generator.model import RoleAssignment

    return tp is RoleAssignment


def _node(key: str, annotation: Any, description: str | None, required: bool, default: Any) -> Node:
    tp, optional = _strip(annotation)
    label, help_ = split_description(description)
    label = label or catalogue.SECTION_TITLES.get(key) or catalogue.FIELD_LABELS.get(key) or key
    common = {"key": key, "label": label, "help": help_, "required": required, "default": default}
    scalar = _scalar_kind(tp)
    if scalar is not None:
        kind, values = scalar
        choices = tuple((str(v), catalogue.choice_label(key, str(v))) for v in values)
        return Scalar(**common, kind=kind, choices=choices, choice_values=values, optional=optional)
    if _is_role(tp):
        from generator.model import NON_DELEGABLE_ROLES

        return Role(
            **common,
            multiple=key in catalogue.multiple_roles(),
            delegable=key not in NON_DELEGABLE_ROLES,
        )
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        group = model_group(tp, key, label, help_)
        group.required, group.default, group.optional = required, default, optional
        return group
    origin = get_origin(tp)
    if origin in (list, tuple):
        args = [a for a in get_args(tp) if a is not Ellipsis]
        item_tp, _ = _strip(args[0]) if args else (Any, False)
        item_scalar = _scalar_kind(item_tp)
        if item_scalar is not None:
            kind, values = item_scalar
            choices = tuple((str(v), catalogue.choice_label(key, str(v))) for v in values)
            item = Scalar("", "", kind=kind, choices=choices, choice_values=values)
            return ScalarList(**common, item=item, optional=optional)
        if isinstance(item_tp, type) and issubclass(item_tp, BaseModel):
            return RecordTable(**common, item=model_group(item_tp, key, label), optional=optional)
    if origin is dict:
        _, value_tp = get_args(tp)
        value_tp, _ = _strip(value_tp)
        if isinstance(value_tp, type) and issubclass(value_tp, BaseModel):
            return KeyedTable(**common, item=model_group(value_tp, key, label))
    return Raw(**common)


def model_group(model: type[BaseModel], key: str = "", label: str = "", help_: str = "") -> Group:
    if not label:
        label, help_ = split_description((model.__doc__ or "").strip())
    children = []
    for name, info in model.model_fields.items():
        default = info.default
        if default is PydanticUndefined and info.default_factory is not None:
            default = info.default_factory()  # type: ignore[call-arg]
        if isinstance(default, BaseModel):
            default = ABSENT  # a whole section's defaults are shown field by field
        children.append(_node(name, info.annotation, info.description, info.is_required(), default))
    return Group(key=key, label=label, help=help_, children=children, model=model)


@functools.cache
def profile_spec() -> Group:
    from generator.model import Profile

    return model_group(Profile, "", "Профиль школы")
