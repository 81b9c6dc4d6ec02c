"""The fast path is only a faster way to the same documents.

profdocs compiles each template once and splices rendered XML into a zip whose unchanged
entries are deflated once; it also declines school names from a table and reuses the
declined surname for short names. Each shortcut is compared here with the slow, obvious
way: plain docxtpl rendering, `zipfile`, pymorphy3 and `morphology.short_name`.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from docx import Document

from generator import context as context_stage
from generator import render
from generator.context import build_context
from generator.documents import DOCUMENTS
from generator.docx.parts import TEXT_PART, split_part
from generator.docx.zipio import COMPRESS_LEVEL, ZIP_DATE
from generator.pipeline import DEFAULT_TEMPLATES, output_name, render_package
from generator.render import load_template, render_plain_docxtpl
from generator.russian import CASES, decline_phrase, short_name
from generator.russian.school_names import decline_school_name, table_form
from generator.validate import load_valid
from generator.write import CoreProps, core_xml, package, write_all_atomic

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ROOT / "data" / "schools"
PROFILES = [SCHOOLS / "demo.yaml", SCHOOLS / "mirny.yaml"]


def texts(data: bytes) -> list[str]:
    """Every paragraph and table cell (nested too) of the body, headers and footers."""
    doc = Document(io.BytesIO(data))
    out: list[str] = []

    def walk(where: str, container: Any) -> None:
        for p in container.paragraphs:
            out.append(f"{where}: {p.text}")
        for t, table in enumerate(container.tables):
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row.cells):
                    out.append(f"{where} t{t} r{r} c{c}: {cell.text}")
                    walk(f"{where} t{t} r{r} c{c}", cell)

    walk("body", doc)
    for s, section in enumerate(doc.sections):
        for kind in ("header", "first_page_header", "even_page_header"):
            for part in (kind, kind.replace("header", "footer")):
                hf = getattr(section, part)
                if not hf.is_linked_to_previous:
                    walk(f"section {s} {part}", hf)
    return out


def _tricky_profile(tmp_path: Path) -> Path:
    """Demo with values that must be escaped and a line break that becomes <w:br/>."""
    data = yaml.safe_load((SCHOOLS / "demo.yaml").read_text(encoding="utf-8"))
    data["school"]["short_name"] = 'МАОУ "СОШ № 77" & <школа>'
    data["partners"]["enterprises"].append("ООО «Рога & Копыта» <филиал>")
    entry = data["journal"]["entries"][0]
    entry["result"] = "Рекомендована диагностика;\nповторная встреча\tв октябре"
    path = tmp_path / "tricky.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["demo", "mirny", "tricky"])
def test_fast_path_text_equals_plain_docxtpl(name: str, tmp_path: Path) -> None:
    profile = _tricky_profile(tmp_path) if name == "tricky" else SCHOOLS / f"{name}.yaml"
    built = render_package(profile, verify=False)
    ctx = build_context(load_valid(profile)).model_dump()
    for spec in DOCUMENTS:
        fast = texts(built.documents[output_name(spec)])
        plain = texts(render_plain_docxtpl(DEFAULT_TEMPLATES / spec.template, ctx))
        assert fast == plain, spec.template
        assert any(line.split(": ", 1)[1].strip() for line in fast)


def test_escaped_values_reach_the_document(tmp_path: Path) -> None:
    built = render_package(_tricky_profile(tmp_path), verify=False)
    body = "\n".join(texts(built.documents[output_name(DOCUMENTS[3])]))
    # typeset like every value: quotes «…», a no-break space after «№»
    assert "МАОУ «СОШ №\u00a077» & <школа>" in body


def _docxtpl_part(source: str, ctx: dict[str, Any]) -> str:
    """docxtpl's own render_xml_part (line breaks in, Jinja, line breaks out, listing)."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate.__new__(DocxTemplate)  # the method needs no loaded document
    return tpl.render_xml_part(source, None, ctx, jinja_env=render.make_env(guard_values=False))


def _ours(source: str, ctx: dict[str, Any]) -> str:
    template = render.make_env().from_string(render.jinja_source(source))
    return render._finish_xml(template.render(ctx))


_P = '<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>'
_SOURCES = {
    "trim after a block tag": "{% for x in xs -%}" + _P.format("{{ x }}") + "{%- endfor %}",
    "trim and spaces": _P.format("a") + "{% if xs -%}   " + _P.format("b") + "{% endif %}",
    "template's own line break": _P.format("a") + "\n" + _P.format("{{ xs[0] }}") + "\n<w:pPr/>",
    "escaped braces": _P.format("{_{ literal }_} and {_% also %_} x_y ____"),
    "underscore first": "_" + _P.format("{_{"),
    "raw block": "{% raw %}" + _P.format("{{ kept }}") + "{% endraw %}",
    "value with a break and a tab": _P.format("{{ multi }}"),
    "value with braces": _P.format("{{ braces }}"),
}


@pytest.mark.parametrize("name", list(_SOURCES))
def test_finishing_a_part_equals_docxtpl(name: str) -> None:
    ctx = {"xs": ["один", "два"], "multi": "строка\nещё\tтаб", "braces": "{{ 7*7 }} %}"}
    assert _ours(_SOURCES[name], ctx) == _docxtpl_part(_SOURCES[name], ctx)


@pytest.mark.parametrize(
    "value", ["{_{ x }_}", "a {_% if %_} b", "}_}", "_{", "}_", "{", "%", "x_y", "__"]
)
def test_values_print_as_written_where_docxtpl_would_rewrite_them(value: str) -> None:
    """docxtpl's «{_{» → «{{» is the template's way to print a brace, never a value's."""
    template = _P.format("{_{ lit }_} {_{{ v }}_} {{ v }}%_}")
    ours = _ours(template, {"v": value})
    assert ours == _P.format(f"{{{{ lit }}}} {{_{value}_}} {value}%}}")
    # the template's own escapes are docxtpl's
    assert _ours(template, {"v": "x"}) == _docxtpl_part(template, {"v": "x"})


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_rendered_parts_equal_docxtpl_render_xml_part(profile: Path) -> None:
    """Every templated part of every real template, character for character."""
    ctx = build_context(load_valid(profile)).model_dump()
    compared = 0
    for spec in DOCUMENTS:
        with zipfile.ZipFile(DEFAULT_TEMPLATES / spec.template) as zf:
            for name in zf.namelist():
                if not TEXT_PART.match(name):
                    continue
                data = zf.read(name)
                source = render.patch_xml(split_part(name, data)[1].decode("utf-8"))
                if "{" not in source:
                    continue
                assert _ours(source, ctx) == _docxtpl_part(source, ctx), (spec.template, name)
                compared += 1
    assert compared >= len(DOCUMENTS)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_building_twice_gives_identical_bytes(profile: Path) -> None:
    first = render_package(profile, verify=False).documents
    second = render_package(profile, verify=False).documents
    assert first == second


def test_other_interpreter_with_other_hash_seed_gives_identical_bytes(tmp_path: Path) -> None:
    """Set and dict order must never leak into a document: build in two fresh processes."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        cmd = [sys.executable, "-m", "generator.cli", "build", str(SCHOOLS / "mirny.yaml")]
        proc = subprocess.run(
            [*cmd, "-o", str(out)], cwd=ROOT, env=env, capture_output=True, check=False
        )
        assert proc.returncode == 0, proc.stderr.decode()
        outputs.append({p.name: p.read_bytes() for p in sorted((out / "mirny").iterdir())})
    assert len(outputs[0]) == len(DOCUMENTS)
    assert outputs[0] == outputs[1]


def test_template_is_compiled_once_and_again_after_an_edit(tmp_path: Path) -> None:
    copy = tmp_path / "t.docx"
    copy.write_bytes((DEFAULT_TEMPLATES / DOCUMENTS[0].template).read_bytes())
    first = load_template(copy)
    assert load_template(copy) is first
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_template(copy) is not first


_NO_CACHE_PROBE = """
import sys
from pathlib import Path

watched = [Path(p).resolve() for p in sys.argv[1:3]]
touched = []


def hook(event, args):
    if event in ("open", "os.mkdir", "os.listdir", "os.scandir", "os.rename", "os.remove"):
        target = args[0] if args else None
        if isinstance(target, (str, bytes, Path)):
            path = Path(target.decode() if isinstance(target, bytes) else target).resolve()
            if any(path == w or w in path.parents for w in watched):
                touched.append(f"{event} {path}")


sys.addaudithook(hook)
from generator.cli import main

try:
    main(sys.argv[3:])
except SystemExit as exc:
    code = exc.code
print("TOUCHED:", touched, "EXIT:", code)
"""


def test_nothing_is_read_from_or_written_to_a_cache_folder(tmp_path: Path) -> None:
    """Compiled templates are never kept on disk: stored code would run outside the sandbox.

    An audit hook in a fresh process sees every file opened and folder made or listed; the
    folders a cache would use (PROFDOCS_CACHE_DIR, once honoured, and the user's cache
    folder) hold a planted entry, and neither is touched by a build or a check.
    """
    configured = tmp_path / "configured"
    user_cache = tmp_path / "xdg" / "profdocs"
    for folder in (configured, user_cache):
        folder.mkdir(parents=True)
        (folder / "planted-0123456789abcdef.jinja").write_bytes(b"code that must never run")
    probe = tmp_path / "probe.py"
    probe.write_text(_NO_CACHE_PROBE, encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    env = {
        **os.environ,
        "PROFDOCS_CACHE_DIR": str(configured),
        "XDG_CACHE_HOME": str(user_cache.parent),
        "HOME": str(tmp_path),
    }
    out = tmp_path / "out"
    for args in (["build", str(SCHOOLS / "demo.yaml"), "-o", str(out)], ["check"]):
        proc = subprocess.run(
            [sys.executable, str(probe), str(configured), str(user_cache), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert "TOUCHED: [] EXIT: 0" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-2000:]
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert [p for p in after if p.parts[0] != "out"] == before


def _zipfile_package(template: Any, parts: dict[str, bytes], props: CoreProps) -> bytes:
    """The obvious way: zipfile, every entry deflated again."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in template.entries:
            name = info.filename
            data = core_xml(props) if name == "docProps/core.xml" else parts.get(name, data)
            entry = zipfile.ZipInfo(name, ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zf.writestr(entry, data, compresslevel=COMPRESS_LEVEL)
    return buf.getvalue()


@pytest.mark.parametrize("spec", DOCUMENTS, ids=lambda s: s.id)
def test_zip_with_predeflated_entries_is_byte_identical_to_zipfile(spec: Any) -> None:
    ctx = build_context(load_valid(SCHOOLS / "mirny.yaml")).model_dump()
    template = load_template(DEFAULT_TEMPLATES / spec.template)
    parts = template.render(ctx, spec.title)
    props = CoreProps(spec.title, "МБОУ «Мирненская СОШ» & Ко", "Профориентация", "2026-08-31")
    data = package(template, parts, props).data
    assert data == _zipfile_package(template, parts, props)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert [i.filename for i in zf.infolist()] == [i.filename for i, _ in template.entries]


def _name_table_phrases() -> list[str]:
    table = yaml.safe_load(
        (ROOT / "generator" / "catalog" / "school_name_forms.yaml").read_text(encoding="utf-8")
    )
    phrases = [
        "Муниципальное автономное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 77 им. В.В. Пикуля» г. Томска",
        "Муниципальное бюджетное вечернее (сменное) общеобразовательное учреждение «Школа № 4»",
        "Муниципальная открытая (сменная) общеобразовательная организация",
        "Муниципальное   казенное общеобразовательное учреждение «Школа им. Королёва»",
        "Учреждение «Гимназия № 1»",
    ]
    for noun, entry in table["nouns"].items():
        for adjective in entry["adjectives"]:
            phrases.append(f"{adjective.capitalize()} общеобразовательное {noun} «Школа № 5»")
            phrases.append(f"{adjective.replace('ё', 'е')} {noun} «Школа им. Королёва»")
            phrases.append(f"{adjective.replace('ё', 'е')} {noun}")
    return phrases


def test_school_name_table_agrees_with_pymorphy() -> None:
    covered = 0
    for phrase in _name_table_phrases():
        for case in CASES[1:]:
            fast = table_form(phrase, case)
            if fast is None:  # e.g. «общеобразовательное организация»: pymorphy3 decides
                continue
            covered += 1
            assert fast == decline_phrase(phrase, case), (phrase, case)
    assert covered > 300


@pytest.mark.parametrize("by", ["table", "pymorphy3"])
def test_word_in_brackets_agrees_with_the_head(by: str) -> None:
    """«вечернее (сменное)»: the bracketed adjective declines like the others."""
    name = "Муниципальное бюджетное вечернее (сменное) общеобразовательное учреждение «СОШ № 4»"
    expected = {
        "genitive": "Муниципального бюджетного вечернего (сменного) общеобразовательного "
        "учреждения «СОШ № 4»",
        "dative": "Муниципальному бюджетному вечернему (сменному) общеобразовательному "
        "учреждению «СОШ № 4»",
        "instrumental": "Муниципальным бюджетным вечерним (сменным) общеобразовательным "
        "учреждением «СОШ № 4»",
        "prepositional": "Муниципальном бюджетном вечернем (сменном) общеобразовательном "
        "учреждении «СОШ № 4»",
    }
    for case, text in expected.items():
        got = (
            table_form(name, case) if by == "table" else decline_phrase(name, case)  # type: ignore[arg-type]
        )
        assert got == text


@pytest.mark.parametrize(
    "phrase",
    [
        "МАОУ СОШ № 5",
        "Лицей № 1 г. Томска",
        "Муниципальное бюджетное вечернее (сменное) профильное учреждение",
        "Муниципальное автономное общеобразовательная учреждение «Школа»",
    ],
)
def test_school_names_outside_the_table_go_to_pymorphy(phrase: str) -> None:
    assert table_form(phrase, "genitive") is None
    assert decline_school_name(phrase, "genitive") == decline_phrase(phrase, "genitive")


EXTRA_PEOPLE = [
    {"name": "Лев-Толстой Борис Аркадьевич", "gender": "male", "position": "учитель"},
    {"name": "Гасанова Лейла Ахмед кызы", "position": "педагог-психолог"},
    {"name": "Ткаченко Ольга Ильинична", "position": "учитель химии"},
    {
        "name": "Лев Борис Аркадьевич",
        "gender": "male",
        "position": "фельдшер",
        "name_forms": {"genitive": "Льва  Бориса Аркадьевича", "dative": "Льву Борису Аркадьевичу"},
    },
]


@pytest.mark.parametrize("profile", [*PROFILES, None], ids=lambda p: p.stem if p else "extra")
def test_short_names_equal_morphology_short_name(profile: Path | None) -> None:
    from generator.model import Person

    if profile is None:
        staff = {str(i): Person.model_validate(p) for i, p in enumerate(EXTRA_PEOPLE)}
    else:
        staff = load_valid(profile).profile.staff
    for person in staff.values():
        ctx = context_stage.person_ctx(person)
        overrides = context_stage._overrides(person)
        for case in CASES:
            expected = short_name(person.name, case, ctx.gender, overrides)  # type: ignore[arg-type]
            assert getattr(ctx.short, case) == expected
        assert ctx.surname_first == short_name(
            person.name,
            "nominative",
            ctx.gender,  # type: ignore[arg-type]
            overrides,
            surname_first=True,
        )


def test_write_all_atomic_replaces_all_files_or_none(tmp_path: Path) -> None:
    folder = tmp_path / "school"
    old = {folder / f"{n}.docx": b"old" for n in range(3)}
    write_all_atomic(old)
    new = {path: b"new" for path in old}
    write_all_atomic(new)
    assert {p: p.read_bytes() for p in old} == new
    umask = os.umask(0)
    os.umask(umask)
    assert all(p.stat().st_mode & 0o777 == 0o666 & ~umask for p in old)

    (tmp_path / "blocker").write_bytes(b"")  # a file where a folder should be
    broken = {**{p: b"newer" for p in old}, tmp_path / "blocker" / "x.docx": b"x"}
    with pytest.raises(OSError):
        write_all_atomic(broken)
    assert {p: p.read_bytes() for p in old} == new
    assert sorted(p.name for p in folder.iterdir()) == ["0.docx", "1.docx", "2.docx"]


@pytest.mark.parametrize(
    "source",
    [
        "{{ d.name }}",
        "{{ d.items }}",  # dict's own attribute: the sandbox's way, a method, not the key
        "{{ d.keys() | list }}",
        "{{ d.missing }}",
        "{{ d.__class__ }}",
        "{{ d.name.__class__ }}",
        "{{ d.nested.deep }}",
        "{{ o.real }}",
        "{{ d[1] }}",
    ],
)
def test_dict_attribute_shortcut_behaves_as_the_sandbox(source: str) -> None:
    from generator.sandbox import BudgetSandbox

    ctx = {"d": {"name": "Школа", "items": "ключ", "nested": {"deep": 1}, 1: "один"}, "o": 5}

    def outcome(env: Any) -> str:
        try:
            return "ok: " + env.from_string(source).render(ctx)
        except Exception as exc:  # the same failure is expected of both
            return f"{type(exc).__name__}: {exc}"

    plain = BudgetSandbox(autoescape=True, undefined=jinja2.StrictUndefined)
    assert outcome(render.make_env()) == outcome(plain)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_packed_parts_are_exactly_what_the_archive_holds(profile: Path) -> None:
    """Verification reads the XML `package` hands over instead of the zip: it must be the
    archive's own content, every text part and styles.xml, and nothing else."""
    from generator.docx import read

    ctx_model = build_context(load_valid(profile))
    ctx = ctx_model.model_dump()
    props = CoreProps("t", "s", "p", "2026-08-31")
    for spec in DOCUMENTS:
        template = load_template(DEFAULT_TEMPLATES / spec.template)
        packed = package(template, template.render(ctx, spec.title), props)
        with zipfile.ZipFile(io.BytesIO(packed.data)) as zf:
            wanted = {n for n in zf.namelist() if TEXT_PART.match(n) or n == "word/styles.xml"}
            assert set(packed.parts) == wanted, spec.id
            for name, content in packed.parts.items():
                assert zf.read(name) == content, (spec.id, name)
        read.clear_cache()
        from_parts = [(b.part, b.text) for b in read.packed_text(packed).blocks]
        read.clear_cache()
        from_bytes = [(b.part, b.text) for b in read.doc_text(packed.data).blocks]
        assert from_parts == from_bytes, spec.id
