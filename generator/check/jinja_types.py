"""Template variables checked against the context model, by walking each Jinja AST.

`generator.context_model.DocumentContext` is the contract between templates and generator:
every path a template reads («school.short_name», «r.title» inside a loop over roles) must
be a field there. The walk is a `jinja2.visitor.NodeVisitor`: statements bind loop and set
variables in scopes, expressions give the type of what they evaluate to.
"""

from __future__ import annotations

import difflib
import functools
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeVisitor
from pydantic import BaseModel

from ..context_model import DateCtx, DocumentContext, Forms
from ..sandbox import MAX_RANGE


@dataclass(frozen=True, slots=True)
class _T:
    """The type of a template value, as far as the checker can tell."""

    kind: str  # model, list, scalar, loop, any
    model: type[BaseModel] | None = None
    elem: _T | None = None
    py: type | None = None


_ANY = _T("any")
_STR = _T("scalar", py=str)
_INT = _T("scalar", py=int)
_BOOL = _T("scalar", py=bool)


@dataclass(frozen=True, slots=True)
class _V:
    t: _T
    path: str = ""  # context path: roles[].title
    expr: str = ""  # as written in the template: r.title


_V_ANY = _V(_ANY)
_LOOP_ATTRS = {
    "index": _INT, "index0": _INT, "revindex": _INT, "revindex0": _INT, "first": _BOOL,
    "last": _BOOL, "length": _INT, "depth": _INT, "depth0": _INT, "cycle": _ANY,
    "changed": _ANY, "previtem": _ANY, "nextitem": _ANY,
}  # fmt: skip


def _type_of(annotation: Any) -> _T:
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, set, frozenset) or annotation in (list, tuple):
        args = typing.get_args(annotation)
        return _T("list", elem=_type_of(args[0]) if args else _ANY)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _type_of(args[0]) if len(args) == 1 else _ANY
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _T("model", model=annotation)
    if annotation in (str, int, float, bool):
        return _T("scalar", py=annotation)
    return _ANY


@functools.cache
def _fields(model: type[BaseModel]) -> dict[str, _T]:
    return {name: _type_of(f.annotation) for name, f in model.model_fields.items()}


@functools.cache
def schema() -> _T:
    return _T("model", model=DocumentContext)


def _leaves(t: _T, prefix: str) -> list[str]:
    if t.kind == "model" and t.model is not None:
        return [leaf for n, ft in _fields(t.model).items() for leaf in _leaves(ft, f"{prefix}.{n}")]
    if t.kind == "list" and t.elem is not None and t.elem.kind == "model":
        return _leaves(t.elem, prefix + "[]")
    return [prefix]


# Alternative renderings of one fact: using any of them means the fact is in the documents.
_VARIANT_MODELS = (Forms, DateCtx)


def unused_fields(used: set[str]) -> list[str]:
    """Context leaves no template touches; a wholly unused sub-model is named once."""
    marks = sorted(used)

    def is_used(path: str) -> bool:
        for m in marks:
            if (
                path == m
                or path.startswith((m + ".", m + "["))
                or m.startswith((path + ".", path + "["))
            ):
                return True
        return False

    out: list[str] = []

    def walk(t: _T, prefix: str) -> None:
        leaves = _leaves(t, prefix)
        if not any(is_used(leaf) for leaf in leaves):
            out.append(prefix)
            return
        if t.kind == "model" and t.model is not None:
            if t.model in _VARIANT_MODELS:
                return  # a name used in one case (or a date in one form) is used
            for n, ft in _fields(t.model).items():
                walk(ft, f"{prefix}.{n}")
        elif t.kind == "list" and t.elem is not None and t.elem.kind == "model":
            walk(t.elem, prefix + "[]")

    for n, ft in _fields(DocumentContext).items():
        walk(ft, n)
    return out


_SAME_TYPE_FILTERS = {
    "default", "d", "sort", "reverse", "unique", "list", "selectattr", "rejectattr",
    "select", "reject", "batch", "slice",
}  # fmt: skip
_ELEM_FILTERS = {"first", "last", "random", "min", "max"}
_INT_FILTERS = {"length", "count", "wordcount", "int", "sum", "round", "abs", "float"}
_ATTR_FILTERS = {
    "map",
    "selectattr",
    "rejectattr",
    "sort",
    "groupby",
    "sum",
    "unique",
    "min",
    "max",
}


_WIDTH = "он строит текст заданной ширины или длины, и шаблон мог бы занять всю память"
_DISABLED_FILTERS = {
    "attr": "он обращается к атрибутам в обход проверок безопасного режима",
    "safe": "он вставил бы значение в документ как XML, и документ мог бы сломаться",
    "random": "документы одной школы должны собираться одинаково при каждой сборке",
    "batch": _WIDTH,
    "center": _WIDTH,
    "filesizeformat": "в документах он не нужен",
    "forceescape": "значения и так экранируются",
    "format": "он форматирует строку без ограничения размера; соедините части знаком «~»",
    "indent": _WIDTH,
    "pprint": "в документах он не нужен",
    "slice": _WIDTH,
    "tojson": "в документах он не нужен",
    "truncate": _WIDTH,
    "urlencode": "в документах он не нужен",
    "urlize": "он вставил бы в документ гиперссылки",
    "wordwrap": _WIDTH,
    "xmlattr": "он вставил бы в документ разметку",
}


class _Scope:
    def __init__(self, parent: _Scope | None = None) -> None:
        self.parent = parent
        self.vars: dict[str, _V] = {}

    def get(self, name: str) -> _V | None:
        s: _Scope | None = self
        while s is not None:
            if name in s.vars:
                return s.vars[name]
            s = s.parent
        return None

    def names(self) -> set[str]:
        out: set[str] = set()
        s: _Scope | None = self
        while s is not None:
            out |= set(s.vars)
            s = s.parent
        return out


class VarWalker(NodeVisitor):
    """Walks a template's AST and resolves every variable path against the context model.

    `visit(node, scope)` runs a statement (and returns None) or types an expression (and
    returns its `_V`); `report(node, message)` is called for every path that is not there.
    """

    def __init__(self, env: jinja2.Environment, model: _T, report: Callable[..., None]) -> None:
        self.env = env
        self.schema = model
        self.report = report
        self.used: set[str] = set()

    def template(self, tmpl: nodes.Template) -> None:
        root = _Scope()
        assert self.schema.model is not None
        for name, t in _fields(self.schema.model).items():
            root.vars[name] = _V(t, name, name)
        self.stmts(tmpl.body, _Scope(root))

    def stmts(self, body: Iterable[nodes.Node], scope: _Scope) -> None:
        for node in body:
            self.visit(node, scope)

    def use(self, node: nodes.Node, scope: _Scope) -> _V:
        """The value of an expression; its context path, if any, counts as used."""
        v = self.visit(node, scope)
        if v.path:
            self.used.add(v.path)
        return v

    def generic_visit(self, node: nodes.Node, scope: _Scope) -> _V | None:  # type: ignore[override]
        if isinstance(node, nodes.Expr):
            self.expr_children(node, scope)
            return _V(_STR) if isinstance(node, (nodes.Concat, nodes.TemplateData)) else _V_ANY
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Stmt):
                self.visit(child, scope)
            elif isinstance(child, nodes.Expr):
                self.use(child, scope)
        return None

    # ------------------------------------------------------------ statements
    def visit_Output(self, node: nodes.Output, scope: _Scope) -> None:
        for n in node.nodes:
            if not isinstance(n, nodes.TemplateData):
                self.use(n, scope)

    def visit_If(self, node: nodes.If, scope: _Scope) -> None:
        self.use(node.test, scope)
        self.stmts(node.body, scope)
        for elif_ in node.elif_:
            self.visit(elif_, scope)
        self.stmts(node.else_, scope)

    def visit_For(self, node: nodes.For, scope: _Scope) -> None:
        it = self.visit(node.iter, scope)
        inner = _Scope(scope)
        elem = it.t.elem if it.t.kind == "list" and it.t.elem else _ANY
        elem_v = _V(elem, it.path + "[]" if it.path else "", "")
        self.bind(node.target, elem_v, inner)
        inner.vars["loop"] = _V(_T("loop", elem=elem), "", "loop")
        if node.test is not None:
            self.use(node.test, inner)
        self.stmts(node.body, inner)
        self.stmts(node.else_, scope)

    def visit_Assign(self, node: nodes.Assign, scope: _Scope) -> None:
        self.bind(node.target, self.use(node.node, scope), scope)

    def visit_AssignBlock(self, node: nodes.AssignBlock, scope: _Scope) -> None:
        self.stmts(node.body, scope)
        self.bind(node.target, _V(_STR), scope)

    def visit_With(self, node: nodes.With, scope: _Scope) -> None:
        inner = _Scope(scope)
        for target, value in zip(node.targets, node.values, strict=False):
            self.bind(target, self.use(value, scope), inner)
        self.stmts(node.body, inner)

    def visit_Macro(self, node: nodes.Macro, scope: _Scope) -> None:
        scope.vars[node.name] = _V_ANY
        inner = _Scope(scope)
        for arg in node.args:
            inner.vars[arg.name] = _V_ANY
        for d in node.defaults:
            self.use(d, scope)
        for special in ("caller", "varargs", "kwargs"):
            inner.vars[special] = _V_ANY
        self.stmts(node.body, inner)

    def visit_CallBlock(self, node: nodes.CallBlock, scope: _Scope) -> None:
        self.use(node.call, scope)
        inner = _Scope(scope)
        for arg in node.args:
            inner.vars[arg.name] = _V_ANY
        self.stmts(node.body, inner)

    def visit_FilterBlock(self, node: nodes.FilterBlock, scope: _Scope) -> None:
        self.stmts(node.body, scope)
        self.filter_check(node.filter, scope, base=_V(_STR))

    def _included(self, node: nodes.Node, scope: _Scope) -> None:
        self.report(
            node,
            "Вставка других шаблонов (include, import, extends) в DOCX-шаблонах не "
            "поддерживается: генератор не найдёт вставляемый файл. Перенесите текст в "
            "этот шаблон.",
        )

    visit_Include = visit_Import = visit_FromImport = visit_Extends = _included

    def visit_ExprStmt(self, node: nodes.ExprStmt, scope: _Scope) -> None:
        self.use(node.node, scope)

    def bind(self, target: nodes.Node, value: _V, scope: _Scope) -> None:
        if isinstance(target, nodes.Name):
            name = target.name
            scope.vars[name] = _V(value.t, value.path, name)
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, _V_ANY, scope)

    # ------------------------------------------------------------ expressions
    def visit_Getattr(self, node: nodes.Getattr, scope: _Scope) -> _V:
        return self.attr(self.visit(node.node, scope), node.attr, node)

    def visit_Getitem(self, node: nodes.Getitem, scope: _Scope) -> _V:
        base = self.visit(node.node, scope)
        arg = node.arg
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
            return self.attr(base, arg.value, node)
        if isinstance(arg, nodes.Slice):
            self.expr_children(arg, scope)
            return base
        self.use(arg, scope)
        if base.t.kind == "list":
            index = arg.value if isinstance(arg, nodes.Const) else "…"
            return _V(base.t.elem or _ANY, base.path + "[]" if base.path else "",
                      f"{base.expr}[{index}]")  # fmt: skip
        return _V_ANY

    def visit_Filter(self, node: nodes.Filter, scope: _Scope) -> _V:
        base = self.use(node.node, scope) if node.node is not None else _V_ANY
        return self.filter_check(node, scope, base)

    def visit_Test(self, node: nodes.Test, scope: _Scope) -> _V:
        self.use(node.node, scope)
        if node.name not in self.env.tests:
            self.unknown(node, "проверка", node.name, self.env.tests, f"is {node.name}")
        for a in [*node.args, *(k.value for k in node.kwargs)]:
            self.use(a, scope)
        return _V(_BOOL)

    def visit_Call(self, node: nodes.Call, scope: _Scope) -> _V:
        callee = self.visit(node.node, scope)
        for a in [*node.args, *(k.value for k in node.kwargs)]:
            self.use(a, scope)
        for a in (node.dyn_args, node.dyn_kwargs):
            if a is not None:
                self.use(a, scope)
        target = node.node
        loop_helper = (
            isinstance(target, nodes.Getattr)
            and isinstance(target.node, nodes.Name)
            and target.node.name == "loop"
            and target.attr in ("cycle", "changed")
        )
        if isinstance(target, nodes.Getattr) and not loop_helper:
            self.report(
                node,
                f"Вызов метода «{callee.expr or target.attr}(…)» в шаблонах недоступен: "
                "безопасный режим генератора остановит сборку. Используйте фильтры "
                "(например, |upper, |replace) или попросите разработчиков добавить поле "
                "в generator/context_model.py.",
            )
        if isinstance(target, nodes.Name) and target.name == "range":
            self.range_check(node)
            return _V(_T("list", elem=_INT))
        return _V(_STR) if callee.t.kind == "scalar" else _V_ANY

    def range_check(self, node: nodes.Call) -> None:
        try:
            args = [a.as_const() for a in node.args]
            count = len(range(*args))
        except Exception:  # not constant (or not numbers): the render's budget decides
            return
        if count > MAX_RANGE:
            self.report(
                node,
                f"range() на {count} элементов: в шаблоне допустимо не больше {MAX_RANGE}, "
                "сборка остановится. Уменьшите число.",
            )

    def visit_Mod(self, node: nodes.Mod, scope: _Scope) -> _V:
        left = self.use(node.left, scope)
        self.use(node.right, scope)
        if left.t.kind == "scalar" and left.t.py is str:
            self.report(
                node,
                "Форматирование строки знаком «%» в шаблонах недоступно: безопасный режим "
                "генератора остановит сборку. Соедините части знаком «~».",
            )
            return _V(_STR)
        return _V_ANY

    def visit_CondExpr(self, node: nodes.CondExpr, scope: _Scope) -> _V:
        self.use(node.test, scope)
        a = self.use(node.expr1, scope)
        if node.expr2 is not None:
            self.use(node.expr2, scope)
        return _V(a.t)

    def visit_Const(self, node: nodes.Const, scope: _Scope) -> _V:
        return _V(_T("scalar", py=type(node.value)))

    def expr_children(self, node: nodes.Node, scope: _Scope) -> None:
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.use(child, scope)

    def visit_Name(self, node: nodes.Name, scope: _Scope) -> _V:
        v = scope.get(node.name)
        if v is not None:
            return v
        if node.name in self.env.globals or node.name in ("true", "false", "none"):
            return _V_ANY
        names = scope.names() | set(self.env.globals)
        self.unknown(node, "переменная", node.name, names, node.name)
        return _V_ANY

    def attr(self, base: _V, name: str, node: nodes.Node) -> _V:
        expr = f"{base.expr}.{name}" if base.expr else name
        if name.startswith("_"):
            self.report(
                node,
                f"«{expr}»: служебные атрибуты (с «_» в начале) в шаблонах запрещены, "
                "безопасный режим генератора остановит сборку. Уберите их.",
            )
            return _V_ANY
        t = base.t
        if t.kind == "model" and t.model is not None:
            fields = _fields(t.model)
            if name in fields:
                return _V(fields[name], f"{base.path}.{name}" if base.path else "", expr)
            self.unknown(node, "поле", expr, fields, expr, base=base)
            return _V_ANY
        if t.kind == "loop":
            if name in _LOOP_ATTRS:
                elem = t.elem or _ANY
                ft = elem if name in ("previtem", "nextitem") else _LOOP_ATTRS[name]
                return _V(ft, "", expr)
            self.unknown(node, "поле", expr, _LOOP_ATTRS, expr, base=base)
            return _V_ANY
        if t.kind == "list":
            self.report(
                node,
                f"«{expr}»: «{base.expr}» — это список, у него нет поля «{name}». Чтобы "
                f"вывести поле каждого элемента, используйте цикл: "
                f"{{% for x in {base.expr} %}}{{{{ x.{name} }}}}{{% endfor %}}.",
            )
            return _V_ANY
        if t.kind == "scalar" and t.py is not None:
            if hasattr(t.py, name):
                return _V(_ANY, "", expr)
            kind = {str: "строка", int: "число", bool: "да/нет", float: "число"}.get(
                t.py, "значение"
            )
            self.report(
                node,
                f"«{expr}»: «{base.expr}» — {kind}, у него нет поля «{name}». Проверьте путь к "
                "переменной по generator/context_model.py.",
            )
            return _V_ANY
        return _V(_ANY, "", expr)

    def filter_check(self, node: nodes.Filter, scope: _Scope, base: _V) -> _V:
        name = node.name
        if name in _DISABLED_FILTERS:
            self.report(
                node,
                f"Фильтр «|{name}» в шаблонах недоступен: {_DISABLED_FILTERS[name]}. "
                "Безопасный режим генератора остановит сборку; уберите фильтр.",
            )
        elif name not in self.env.filters:
            self.unknown(node, "фильтр", name, self.env.filters, f"|{name}")
        args = list(node.args)
        kwargs = {k.key: k.value for k in node.kwargs}
        for a in [*args, *kwargs.values()]:
            self.use(a, scope)
        for a in (node.dyn_args, node.dyn_kwargs):
            if a is not None:
                self.use(a, scope)
        t = base.t
        elem = t.elem if t.kind == "list" and t.elem else _ANY
        attr_node = kwargs.get("attribute")
        if attr_node is None and name in ("selectattr", "rejectattr", "groupby") and args:
            attr_node = args[0]
        attr_t: _T | None = None
        if (
            name in _ATTR_FILTERS
            and isinstance(attr_node, nodes.Const)
            and isinstance(attr_node.value, str)
        ):
            v = _V(elem, base.path + "[]" if base.path else "", f"{base.expr}[…]")
            for piece in attr_node.value.split("."):
                v = self.attr(v, piece, node)
            if v.path:
                self.used.add(v.path)
            attr_t = v.t
        if name == "map":
            return _V(_T("list", elem=attr_t or _ANY))
        if name in _SAME_TYPE_FILTERS:
            return _V(t, base.path, base.expr)
        if name in _ELEM_FILTERS:
            return _V(elem, base.path + "[]" if base.path and t.kind == "list" else "", base.expr)
        if name in _INT_FILTERS:
            return _V(_INT)
        if name in ("groupby", "dictsort", "items", "tojson", "pprint", "attr"):
            return _V_ANY
        return _V(_STR)

    def unknown(
        self,
        node: nodes.Node,
        kind: str,
        written: str,
        candidates: Iterable[str],
        shown: str,
        base: _V | None = None,
    ) -> None:
        leaf = written.rsplit(".", 1)[-1]
        close = difflib.get_close_matches(leaf, sorted(candidates), n=1, cutoff=0.6)
        hint = ""
        if close:
            prefix = written.rsplit(".", 1)[0] + "." if "." in written else ""
            hint = f"; возможно, имелось в виду {prefix}{close[0]}"
        where = ""
        if base is not None and base.path and base.path != base.expr:
            where = f" (это {base.path})"
        if kind == "фильтр":
            msg = f"Неизвестный фильтр «{shown}»{hint}."
        elif kind == "проверка":
            msg = f"Неизвестная проверка «{shown}»{hint}."
        elif kind == "переменная":
            msg = (
                f"Переменная «{shown}» не существует в контексте шаблона{hint}. Допустимые "
                "имена — поля generator/context_model.py (DocumentContext) и переменные "
                "циклов {% for %}."
            )
        else:
            msg = (
                f"Поле «{shown}» не существует{where}{hint}. Допустимые поля: "
                + ", ".join(sorted(candidates))
                + "."
            )
        self.report(node, msg)
