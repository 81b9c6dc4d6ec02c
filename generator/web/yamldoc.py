"""The profile as a round-trip YAML document: comments, key order and quoting survive a save.

ruamel.yaml keeps what a person wrote; what it cannot know is that profdocs reads the file
with PyYAML, which resolves plain scalars by YAML 1.1 (`yes` is true there, a string in 1.2).
So every string the form writes is quoted whenever PyYAML would read it as anything else.
A key the form adds goes where the model puts it, and the comment lines that stood after the
previous key (usually the heading of the next section) move below the new key.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections.abc import Sequence
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, PlainScalarString
from ruamel.yaml.tokens import CommentToken

_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


class _PlainLoader(yaml.SafeLoader):
    """PyYAML as profdocs reads a profile, except that an impossible date («2026-02-30»)
    stays text: the form must still open the file to let the person fix it."""


def _plain_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_PlainLoader.add_constructor("tag:yaml.org,2002:timestamp", _plain_timestamp)


class _RoundTrip(RoundTripConstructor):
    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_RoundTrip.add_constructor("tag:yaml.org,2002:timestamp", _RoundTrip.construct_yaml_timestamp)


def plain_load(text: str) -> Any:
    """The data as the validator sees it; None when the text is not YAML at all."""
    if not text.strip():
        return {}
    try:
        return yaml.load(text, Loader=_PlainLoader)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None


class Indent:
    def __init__(self, mapping: int = 2, sequence: int = 4, offset: int = 2) -> None:
        self.mapping, self.sequence, self.offset = mapping, sequence, offset


def _yaml(indent: Indent | None = None) -> YAML:
    y = YAML()
    y.Constructor = _RoundTrip
    y.preserve_quotes = True
    y.width = 4096  # never fold a long school name onto two lines
    y.allow_duplicate_keys = True
    ind = indent or Indent()
    y.indent(mapping=ind.mapping, sequence=ind.sequence, offset=ind.offset)
    return y


def guess_indent(text: str) -> Indent:
    """The file's own indentation, so an untouched part dumps as it was read."""
    mapping = 2
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for prev, line in itertools.pairwise(lines):
        if prev.rstrip().endswith(":") and not prev.startswith(" "):
            width = len(line) - len(line.lstrip(" "))
            if width and not line.lstrip().startswith("- "):
                mapping = width
                break
    offset, sequence = 2, mapping + 2
    for prev, line in itertools.pairwise(lines):
        if prev.rstrip().endswith(":") and line.lstrip().startswith("- "):
            before = len(prev) - len(prev.lstrip(" "))
            offset = max(0, len(line) - len(line.lstrip(" ")) - before)
            sequence = offset + 2
            break
    return Indent(mapping, sequence, offset)


def load(text: str) -> Any:
    return _yaml().load(text)


def dump(doc: Any, indent: Indent | None = None) -> str:
    out = io.StringIO()
    _yaml(indent).dump(doc, out)
    return out.getvalue()


def text_value(value: str) -> str:
    """A string PyYAML reads back as the same string: quoted where YAML 1.1 would read it
    as a number, date or yes/no, otherwise plain (ruamel still quotes what plain YAML cannot
    hold, such as «: » or a leading «-»), whatever quoting the value it replaces had."""
    if value == "":
        return DoubleQuotedScalarString("")
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag != _STR_TAG or value != value.strip() or "\n" in value:
        return DoubleQuotedScalarString(value)
    return PlainScalarString(value)


def scalar(value: Any) -> Any:
    if isinstance(value, str):
        return text_value(value)
    return value


def flow_seq(items: Sequence[Any]) -> CommentedSeq:
    seq = CommentedSeq([scalar(v) for v in items])
    seq.fa.set_flow_style()
    return seq


def block_seq(items: Sequence[Any]) -> CommentedSeq:
    seq = CommentedSeq([scalar(v) for v in items])
    seq.fa.set_block_style()
    return seq


def flow_map(pairs: dict[str, Any]) -> CommentedMap:
    cmap = CommentedMap((k, scalar(v)) for k, v in pairs.items())
    cmap.fa.set_flow_style()
    return cmap


# --- comments that follow a key -----------------------------------------------------------


def _last_slot(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel keeps the comment lines after the last value inside `node`."""
    if isinstance(node, CommentedMap) and len(node) and not node.fa.flow_style():
        key = list(node)[-1]
        inner = _last_slot(node[key])
        return inner or (node, key, 2)
    if isinstance(node, CommentedSeq) and len(node) and not node.fa.flow_style():
        inner = _last_slot(node[-1])
        return inner or (node, len(node) - 1, 0)
    return None


def _slot_after(parent: CommentedMap, key: Any) -> tuple[Any, Any, int]:
    return _last_slot(parent[key]) or (parent, key, 2)


def _take(slot: tuple[Any, Any, int], column: int | None = None) -> str:
    """Remove and return the whole-line comments of a slot; an end-of-line comment stays.

    With `column`, only the lines from the first one indented no deeper than `column` move
    (with the blank lines just before it): the lines above belong to the section before."""
    container, key, pos = slot
    entry = container.ca.items.get(key)
    if not entry or len(entry) <= pos or entry[pos] is None:
        return ""
    token = entry[pos]
    value = token.value if isinstance(token, CommentToken) else ""
    if not value:
        return ""
    if value.startswith("\n") or pos == 0:
        keep, moved = "", value
    else:
        first_nl = value.find("\n")
        keep, moved = value[: first_nl + 1], value[first_nl + 1 :]
    if column is not None and moved:
        lines = moved.splitlines(keepends=True)
        cut = len(lines)
        for i, line in enumerate(lines):
            if line.strip() and len(line) - len(line.lstrip(" ")) <= column:
                cut = i
                while cut > 0 and not lines[cut - 1].strip():
                    cut -= 1
                break
        keep, moved = keep + "".join(lines[:cut]), "".join(lines[cut:])
    if keep:
        token.value = keep
    else:
        entry[pos] = None
    return moved


def _put(slot: tuple[Any, Any, int], text: str) -> None:
    if not text:
        return
    container, key, pos = slot
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) <= pos:
        entry.append(None)
    old = entry[pos]
    if isinstance(old, CommentToken):
        old.value = (old.value if old.value.endswith("\n") else old.value + "\n") + text
    else:
        if not text.startswith("\n") and pos == 2:
            text = "\n" + text
        entry[pos] = CommentToken(text, CommentMark(0), None)


# --- keys in model order ------------------------------------------------------------------


def set_key(
    parent: CommentedMap, key: str, value: Any, order: Sequence[str], column: int | None = None
) -> None:
    """Set a key; a new one goes after the keys that precede it in the model's order, and
    takes over the comment lines that stood before the next key (`column`: the new key's)."""
    if key in parent:
        parent[key] = value
        return
    rank = {k: i for i, k in enumerate(order)}
    mine = rank.get(key, len(order))
    keys = list(parent)
    pos = 0
    for i, existing in enumerate(keys):
        if rank.get(existing, -1) < mine:
            pos = i + 1
    previous = keys[pos - 1] if pos else None
    parent.insert(pos, key, value)
    if previous is not None:
        moved = _take(_slot_after(parent, previous), column)
        _put(_slot_after(parent, key), moved)


def delete_key(parent: CommentedMap, key: str) -> None:
    """Delete a key; the comment lines after it go to the key before it."""
    if key not in parent:
        return
    keys = list(parent)
    i = keys.index(key)
    moved = _take(_slot_after(parent, key))
    del parent[key]
    if i > 0 and moved:
        _put(_slot_after(parent, keys[i - 1]), moved)


def replace_items(
    container: CommentedSeq | CommentedMap,
    items: Any,
    sources: Sequence[Any] | None = None,
) -> None:
    """New contents for a sequence or mapping; the comment lines after the old last item
    stay after the new last one. For a mapping, `sources` names the old key each new pair
    came from, so a renamed key keeps its comments."""
    items = list(items)
    old_last = _last_slot(container)
    moved = _take(old_last) if old_last else ""
    if isinstance(container, CommentedSeq):
        container[:] = items
    else:
        comments = {k: container.ca.items.get(k) for k in list(container)}
        for k in list(container):
            del container[k]
        for n, (k, v) in enumerate(items):
            container[k] = v
            src = sources[n] if sources is not None else k
            if comments.get(src) is not None:
                container.ca.items[k] = comments[src]
    new_last = _last_slot(container)
    if new_last and moved:
        _put(new_last, moved)


def is_date_text(value: str) -> dt.date | None:
    m = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*", value)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", value)
        if not m:
            return None
        year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
