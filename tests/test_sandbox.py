"""Template code runs with a time and size budget (generator/sandbox.py), and changes
nothing in the real documents."""

from __future__ import annotations

import time
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from generator import render, sandbox
from generator.check import check_template
from generator.context import build_context
from generator.documents import DOCUMENTS
from generator.errors import TemplateInvalid
from generator.pipeline import render_package
from generator.validate import load_valid
from tests.docx_edit import broken_copy

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "docx"
SCHOOLS = ROOT / "data" / "schools"

ATTACKS = {
    "range(10**8)": "{% for i in range(10**8) %}x{% endfor %}",
    "nested range": "{% for i in range(9999) %}{% for j in range(9999) %}{% endfor %}{% endfor %}",
    "'A'*10**8": "{{ 'A' * 10**8 }}",
    "[0]*10**8": "{{ ([0] * 10**8)|length }}",
    "9 ** 99999999, folded while compiling": "{{ 9 ** 99999999 }}",
    "big int product": "{{ (2 ** 4000) * (2 ** 4000) }}",
    "'%0999999999d' % 1": "{{ '%0999999999d' % 1 }}",
    "'x'.center(10**9)": "{{ 'x'.center(10**9) }}",
    "'{:>999999999}'.format(1)": "{{ '{:>999999999}'.format(1) }}",
    "|center(10**9)": "{{ 'x'|center(10**9) }}",
    "|format": "{{ '%0999999999d'|format(1) }}",
    "|batch fill": "{{ [1]|batch(10**9, 0)|list }}",
    "lipsum(10**6)": "{{ lipsum(10**6) }}",
    "cycler": "{% set c = cycler(1, 2) %}{{ c.next() }}",
    "namespace doubling": "{% set ns = namespace(s='a') %}{% for i in range(40) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "macro doubling": "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}"
    "{{ s|length }}{% endif %}{% endmacro %}{{ d('a', 40) }}",
    "replace blow-up": "{{ ('a' * 1000)|replace('a', 'a' * 1000)|replace('a', 'a' * 1000) }}",
    "join blow-up": "{{ (['a' * 1000] * 1000)|join('b' * 1000) }}",
    "|attr('__class__')": "{{ ''|attr('__class__') }}",
    "__class__ via item": "{{ ''['__class__'] }}",
    "self.__init__.__globals__": "{{ self.__init__.__globals__ }}",
    "|safe (raw XML)": "{{ '<w:p>'|safe }}",
    "|random": "{{ [1, 2]|random }}",
    "dict.update": "{% set d = {} %}{{ d.update({'a': 1}) }}",
    "output flood": "{% for i in range(60) %}{{ 'x' * 999999 }}{% endfor %}",
}


@pytest.mark.parametrize("source", list(ATTACKS.values()), ids=list(ATTACKS))
def test_attack_is_refused_at_once(source: str) -> None:
    env = render.make_env()
    start = time.perf_counter()
    with pytest.raises(jinja2.TemplateError):
        env.from_string(source).render()
    assert time.perf_counter() - start < 1.5


def test_output_size_is_capped() -> None:
    with pytest.raises(sandbox.BudgetExceeded, match="больше 32 МБ"):
        render.make_env().from_string(ATTACKS["output flood"]).render()


def test_render_has_a_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.0)
    tpl = render.make_env().from_string("{% for i in range(1000) %}{{ i }}{% endfor %}")
    with pytest.raises(sandbox.BudgetExceeded, match="дольше"):
        tpl.render()
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 5.0)
    assert tpl.render().endswith("999")


def test_what_templates_need_still_works() -> None:
    env = render.make_env()
    source = (
        "{% for r in roles %}{{ r.title|capitalize }}{{ ' (' + r.holders + ')' if r.holders "
        "else '' }}{{ ', ' if not loop.last else '.' }}{{ loop.cycle('a', 'b') }}{% endfor %}"
        "{% for i in range(3) %}{{ i ~ '-' }}{% endfor %}{{ 'x' * 3 }}{{ 2 ** 10 }}"
        "{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m('y') }}{{ roles|map(attribute='title')"
        "|join('; ') }}{{ roles|length }}{{ 10 % 3 }}"
    )
    roles = [{"title": "директор", "holders": "1"}, {"title": "завуч", "holders": ""}]
    assert env.from_string(source).render(roles=roles) == (
        "Директор (1), aЗавуч.b0-1-2-xxx1024<y>директор; завуч21"
    )


@pytest.mark.parametrize("school", ["demo", "mirny"])
def test_budget_changes_no_document(school: str) -> None:
    """The six templates render to the same XML as in Jinja's plain sandbox, and use a
    small part of the step budget."""
    ctx = build_context(load_valid(SCHOOLS / f"{school}.yaml")).model_dump()
    plain_env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    most = 0
    for spec in DOCUMENTS:
        path = TEMPLATES / spec.template
        budget = render.compile_template(path)
        plain = render.compile_template(path, plain_env)
        assert isinstance(budget.parts[0].template, sandbox.BudgetTemplate)
        for mine, theirs in zip(budget.parts, plain.parts, strict=True):
            # the guard marks after «_» come out after docxtpl's pass (render._GUARD)
            mine_xml = mine.template.render(ctx).replace(render._GUARD, "")
            assert mine_xml == theirs.template.render(ctx), spec.template
            most = max(most, sandbox._BUDGET.steps)
    assert 0 < most < sandbox.MAX_STEPS // 100


def test_build_refuses_a_template_past_the_budget(tmp_path: Path) -> None:
    templates = broken_copy(
        TEMPLATES,
        tmp_path / "templates",
        "04_appointment_order.docx",
        "{{ school.name_with_short }}",
        "{{ school.name_with_short ~ 'A' * 10**8 }}",
    )
    with pytest.raises(TemplateInvalid) as info:
        render_package(SCHOOLS / "demo.yaml", templates)
    message = str(info.value)
    assert "04_appointment_order.docx" in message and "Приказ о назначении" in message
    assert "слишком длинную строку" in message


@pytest.mark.parametrize(
    ("tag", "phrase"),
    [
        ("{{ school.short_name|attr('__class__') }}", "Фильтр «|attr» в шаблонах недоступен"),
        ("{{ school.short_name|safe }}", "Фильтр «|safe» в шаблонах недоступен"),
        ("{{ '%s школа' % school.short_name }}", "знаком «%» в шаблонах недоступно"),
        ("{{ school.short_name.upper() }}", "Вызов метода «school.short_name.upper(…)»"),
        ("{% for i in range(100000) %}{% endfor %}", "range() на 100000 элементов"),
        ("{{ lipsum(5) }}", "Переменная «lipsum» не существует"),
    ],
)
def test_check_reports_what_the_sandbox_would_stop(tmp_path: Path, tag: str, phrase: str) -> None:
    templates = broken_copy(
        TEMPLATES, tmp_path / "t", "04_appointment_order.docx", "{{ school.locality }}", tag
    )
    errors = [
        f
        for f in check_template(templates / "04_appointment_order.docx", "appointment_order")
        if f.severity == "error"
    ]
    assert any(phrase in f.message for f in errors), [f.message for f in errors]


def test_check_does_not_hang_on_a_constant_power(tmp_path: Path) -> None:
    templates = broken_copy(
        TEMPLATES,
        tmp_path / "t",
        "04_appointment_order.docx",
        "{{ school.locality }}",
        "{{ 9 ** 99999999 }}",
    )
    start = time.perf_counter()
    check_template(templates / "04_appointment_order.docx", "appointment_order")
    assert time.perf_counter() - start < 5
