"""The Jinja sandbox templates run in, with a time and size budget for template code.

Jinja's SandboxedEnvironment blocks attribute tricks («__class__», «|attr('__globals__')»)
and caps range() at 100 000 items, but nothing else: «'A' * 10**8» builds 100 MB, «9 **
99999999» is folded as a constant while the template *compiles* (so even `profdocs check`
would hang), nested loops run for hours, «'%0999999999d' % 1» or «'x'.center(10**9)»
allocate a gigabyte in one C call. A signal-based timeout cannot stop a C call, works
only in the main thread and not at all on Windows; tracing costs several times the
render. So the budget is cooperative and exact:

- every operation that can grow a value is checked before it runs: «*», «**», «+», «%»
  through the sandbox's intercepted operators (which also stops constant folding), «~»
  and each {% for %} through a small rewrite of the template's tree before code is
  generated (`budget_concat`, `budget_iter`);
- filters and globals are a whitelist: nothing that takes a width or a count (center,
  indent, format, batch, lipsum, cycler, namespace), no |safe (raw XML in a value), no
  |random (builds are reproducible), no |attr;
- no method calls: only macros and the loop's own helpers are callable;
- each render of one part has a deadline, a step count and an output size.

Exceeding a limit raises `BudgetExceeded` (a jinja2 SecurityError) whose `what` says, in
Russian, which limit; render.py turns it into the build's message.
"""

from __future__ import annotations

import functools
import threading
import time
from typing import Any, ClassVar

import jinja2
from jinja2 import nodes
from jinja2.runtime import LoopContext, Macro, markup_join
from jinja2.sandbox import SandboxedEnvironment, SecurityError

MAX_SEQUENCE = 1_000_000  # characters of a string or items of a list one operation builds
MAX_RANGE = 10_000
MAX_STEPS = 200_000  # per render of one part (the six templates need a few hundred)
MAX_SECONDS = 5.0  # per render of one part
MAX_OUTPUT = 32 * 1024 * 1024  # characters of one rendered part
MAX_INT_BITS = 4096

FILTERS = frozenset({
    "abs", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first",
    "float", "groupby", "int", "items", "join", "last", "length", "list", "lower", "map",
    "max", "min", "reject", "rejectattr", "replace", "reverse", "round", "select",
    "selectattr", "sort", "string", "striptags", "sum", "title", "trim", "unique", "upper",
    "wordcount",
})  # fmt: skip


class BudgetExceeded(SecurityError):
    """Template code went past a limit; `what` says which, in Russian."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class _Budget(threading.local):
    deadline: float = float("inf")
    steps: int = 0


_BUDGET = _Budget()


def _step(n: int = 1) -> None:
    budget = _BUDGET
    budget.steps += n
    if budget.steps > MAX_STEPS:
        raise BudgetExceeded(
            f"выполняет слишком много шагов (больше {MAX_STEPS}: циклы или вызовы макросов)"
        )
    if budget.steps & 0xFF < n and time.monotonic() > budget.deadline:
        raise BudgetExceeded(f"выполняется дольше {MAX_SECONDS:g} с")


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def _cap(n: int, what: str) -> None:
    if n > MAX_SEQUENCE:
        raise BudgetExceeded(
            f"строит слишком длинную строку или список ({what}: {n} элементов, допустимо "
            f"{MAX_SEQUENCE})"
        )


def budget_range(*args: int) -> range:
    """range() for templates: at most MAX_RANGE items."""
    items = range(*args)
    if len(items) > MAX_RANGE:
        raise BudgetExceeded(f"вызывает range() на {len(items)} элементов (допустимо {MAX_RANGE})")
    return items


class BudgetTemplate(jinja2.Template):
    """A template whose render has a deadline, a step count and a size limit."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        ctx = self.new_context(dict(*args, **kwargs))
        _BUDGET.deadline = time.monotonic() + MAX_SECONDS
        _BUDGET.steps = 0
        out: list[str] = []
        total = 0
        try:
            for piece in self.root_render_func(ctx):
                total += len(piece)
                if total > MAX_OUTPUT:
                    raise BudgetExceeded(f"выводит больше {MAX_OUTPUT // 2**20} МБ текста")
                out.append(piece)
        except BudgetExceeded:
            raise
        except Exception:
            self.environment.handle_exception()
        finally:
            _BUDGET.deadline = float("inf")
        return "".join(out)


def _budget_filter(name: str, fn: Any) -> Any:
    """A filter that counts a step and whose result is no longer than MAX_SEQUENCE."""
    if name == "replace":

        @functools.wraps(fn)
        def replace(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> Any:
            text, old, new = str(s), str(old), str(new)
            hits = text.count(old) if old else len(text) + 1
            if count is not None:
                hits = min(hits, max(int(count), 0))
            _step()
            _cap(len(text) + hits * max(0, len(new) - len(old)), "|replace")
            return fn(eval_ctx, s, old, new, count)

        return replace
    if name == "join":

        @functools.wraps(fn)
        def join(eval_ctx: Any, value: Any, d: Any = "", attribute: Any = None) -> Any:
            items = list(value)
            _step(len(items) + 1)
            _cap(sum(len(str(x)) for x in items) + len(str(d)) * len(items), "|join")
            return fn(eval_ctx, items, d, attribute)

        return join

    @functools.wraps(fn)  # keeps jinja_pass_arg: the context arrives as before
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        _step()
        result = fn(*args, **kwargs)
        size = _size(result)
        if size is not None:
            _cap(size, f"|{name}")
        return result

    return wrapped


def _big_int(a: Any, b: Any) -> bool:
    ints = isinstance(a, int) and isinstance(b, int)
    return ints and a.bit_length() + b.bit_length() > MAX_INT_BITS


def _big_power(a: Any, b: Any) -> bool:
    ints = isinstance(a, int) and isinstance(b, int) and b > 0 and abs(a) > 1
    return ints and abs(a).bit_length() * b > MAX_INT_BITS


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """What «*», «**», «+» and «%» would build, refused before it is built."""
    if operator == "*":
        if _big_int(left, right):
            raise BudgetExceeded("вычисляет слишком большое число («*»)")
        for seq, n in ((left, right), (right, left)):
            size = _size(seq)
            if size is not None and isinstance(n, int):
                _cap(size * max(n, 0), "«*»")
    elif operator == "**" and _big_power(left, right):
        raise BudgetExceeded("вычисляет слишком большое число («**»)")
    elif operator == "+":
        a, b = _size(left), _size(right)
        if a is not None and b is not None:
            _cap(a + b, "«+»")
    elif operator == "%" and isinstance(left, str):
        raise BudgetExceeded("форматирует строку знаком «%», в шаблонах это недоступно")


class BudgetSandbox(SandboxedEnvironment):
    """Jinja's sandbox with the budget of this module."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    template_class: ClassVar[type[jinja2.Template]] = BudgetTemplate  # type: ignore[misc]

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {n: _budget_filter(n, f) for n, f in self.filters.items() if n in FILTERS}
        self.globals = {"range": budget_range}

    # ------------------------------------------------------------------ operators
    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _step()
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def budget_concat(self, *parts: Any) -> Any:
        """«a ~ b»: the joined length is checked before joining."""
        _step(len(parts))
        _cap(sum(len(p) if isinstance(p, str) else len(str(p)) for p in parts), "«~»")
        return markup_join(parts)

    def budget_iter(self, iterable: Any) -> Any:
        """The iterable of a {% for %}: each item counts a step."""
        for item in iterable:
            _step()
            yield item

    # ------------------------------------------------------------------ calls
    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, (Macro, LoopContext)):  # macros, caller(), recursive loop()
            return True
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, LoopContext):
            return getattr(obj, "__name__", "") in ("cycle", "changed")
        if owner is self:
            return getattr(obj, "__name__", "") in ("budget_concat", "budget_iter")
        return obj is budget_range

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step()
        return super().call(__context, __obj, *args, **kwargs)

    # ------------------------------------------------------------------ the tree rewrite
    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        for loop in source.find_all(nodes.For):
            loop.iter = _env_call("budget_iter", [loop.iter], loop.lineno)
        for concat in list(source.find_all(nodes.Concat)):
            _replace(source, concat, _env_call("budget_concat", list(concat.nodes), concat.lineno))
        return super()._generate(source, name, filename, defer_init)


def _env_call(method: str, args: list[nodes.Expr], lineno: int) -> nodes.Call:
    return nodes.Call(nodes.EnvironmentAttribute(method), args, [], None, None, lineno=lineno)


def _replace(tree: nodes.Node, old: nodes.Node, new: nodes.Node) -> None:
    for parent in tree.find_all(nodes.Node):
        for field in parent.fields:
            value = getattr(parent, field, None)
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new
                        return
