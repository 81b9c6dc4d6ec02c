"""Stage 4: render a DOCX template with a context — safely, and compiled once per process.

docxtpl's `DocxTemplate(...).render()` reloads the package through python-docx, re-patches
the XML and recompiles Jinja on every call (docxtpl #110). We reuse docxtpl's own XML
patching (so templates behave exactly as docxtpl documents them), but do it once per
template, keep the compiled Jinja templates, and splice the rendered XML back into the
untouched package. Rendering is sandboxed, autoescaped and strict: a value such as
«МАОУ "СОШ № 5" & <школа>» can neither break the XML nor run code, and a missing value
is an error that names the variable and the document, never a silent blank.

Compiled code is kept in memory only. A disk cache of it once saved about 0.2 s of a
cold single-school build, and almost nothing of a region's, but loading stored code
runs it outside the sandbox: a file planted in the cache folder would run on the next
build. Every process therefore patches and compiles its templates itself.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .diagnostics import Finding
from .docx import normalize, opc, safety, tag_quotes
from .docx.parts import BODY, TEXT_PART, split_part
from .edition import Edition
from .errors import TemplateInvalid
from .sandbox import BudgetExceeded, BudgetSandbox

_PARA_SPLIT = re.compile(r"<w:p([ >])")
_PARA_JOIN = re.compile(r"\n<w:p([ >])")


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(BudgetSandbox):
    """The sandbox (with its budget), and a short way to `school.name` when `school` is a
    plain dict.

    The context is plain dicts (model_dump), and Jinja reads `a.b` as getattr(a, "b")
    first: on a dict that raises AttributeError, then a["b"] is tried. A plain dict has
    no attributes but its class's, so for any other name the result is a["b"] (or
    undefined) all the same, without raising and catching an exception a thousand
    times per school. Names of dict's own attributes («items», «keys») take the sandbox's
    way, as does every other type.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def make_env(*, guard_values: bool = True) -> SandboxedEnvironment:
    """The one Jinja environment every template is compiled with (also used by `check`).

    `guard_values=False`: values printed as docxtpl prints them, for reference renderings.
    """
    return _Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_guard_value if guard_values else None,
    )


# docxtpl turns «{_{», «}_}», «{_%» and «%_}» in the rendered part into «{{», «}}», «{%» and
# «%}»: the way a template prints a literal brace. A value must print as written, so every
# printed value that could form such a pattern, alone or with the template text beside it,
# gets this mark after each «_» and beside a brace or «%» at its ends; _finish_xml() takes
# the marks out after docxtpl's replacement. U+FDD0 is a noncharacter: validation refuses
# it in profiles (load.unprintable), and no template has a reason to hold it.
_GUARD = "\ufdd0"
_GUARD_TRIGGERS = frozenset("_{}%")
_BRACES = frozenset("{}%")


def _guard_value(value: Any) -> Any:
    if type(value) is not str or not value or _GUARD_TRIGGERS.isdisjoint(value):
        return value
    if "_" in value:
        value = value.replace("_", "_" + _GUARD)
    if value[0] in _BRACES:
        value = _GUARD + value
    if value[-1] in _BRACES:
        value += _GUARD
    return value


def _docxtpl() -> Any:
    # Imported lazily: docxtpl pulls python-docx and lxml, which `profdocs --help` never needs.
    from docxtpl import DocxTemplate

    return DocxTemplate


def patch_xml(xml: str) -> str:
    """docxtpl's own clean-up of Word's run soup around Jinja tags ({%p, {%tr, split runs).

    Both `build` and `check` hand a part to Jinja through here, so a template saved by
    LibreOffice (entities in tags, a section break in a {%p%} paragraph) or typed with
    AutoCorrect's quotes reads the same to both, and as Word's own save would.
    """
    xml = normalize.detach_section_breaks(normalize.canonical_references(xml))
    return tag_quotes.finish(_docxtpl().patch_xml(None, tag_quotes.protect(xml)))


def _finish_xml(xml: str) -> str:
    """docxtpl's post-processing of a rendered part (render_xml_part), in fewer passes.

    Each step runs only when its one-character trigger is in the text: a search for one
    character is a fraction of the cost of a pass that replaces a longer pattern, and in
    most documents nothing is there to replace (tests/test_fastpath.py compares the
    result with docxtpl's own function).
    """
    if "\n" in xml:
        xml = _PARA_JOIN.sub(r"<w:p\1", xml)
    if _has_escaped_braces(xml):
        xml = (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )
    if _GUARD in xml:
        xml = xml.replace(_GUARD, "")
    if any(ch in xml for ch in "\n\t\a\f"):
        # Line breaks and tabs in values become <w:br/> and <w:tab/>, as in docxtpl.
        xml = _docxtpl().resolve_listing(None, xml)
    return xml


def jinja_source(patched: str) -> str:
    """The Jinja source of a patched part, for _finish_xml() to turn into docxtpl's output.

    docxtpl puts a line break before every paragraph for Jinja and takes it out after
    rendering. A break right before «<w:p» can only be eaten by a «-%}» trim, which eats
    the same up to «<w:p» without it; so where the template has no line break of its own,
    the output is the same without that round trip, and _finish_xml() skips its pass.
    """
    if "\n" in patched:
        return _PARA_SPLIT.sub(r"\n<w:p\1", patched)
    return patched


def _has_escaped_braces(xml: str) -> bool:
    """Is there a «{_{», «}_}», «{_%» or «%_}» (docxtpl's way to print a literal brace)?

    Underscores are few (signature lines), so look at each instead of four full searches.
    """
    i = xml.find("_", 1)  # at 0 it has nothing before it
    while i > 0:
        before, after = xml[i - 1], xml[i + 1 : i + 2]
        if (before == "{" and after in ("{", "%")) or (after == "}" and before in ("}", "%")):
            return True
        i = xml.find("_", i + 1)
    return False


@dataclass(frozen=True)
class _Part:
    name: str
    prefix: bytes
    template: jinja2.Template
    suffix: bytes
    fix_tables: bool


@dataclass(frozen=True, eq=False)
class CompiledTemplate:
    """A template read, patched and compiled once; render() only runs Jinja.

    Compared and hashed by identity: write.py caches its deflated static entries per
    compiled template, and hashing every entry's bytes for that lookup would be waste.
    """

    path: Path
    entries: tuple[tuple[zipfile.ZipInfo, bytes], ...]
    parts: tuple[_Part, ...]

    def render(self, context: dict[str, Any], document: str) -> dict[str, bytes]:
        """Rendered XML of the templated parts, by part name."""
        out: dict[str, bytes] = {}
        for part in self.parts:
            try:
                xml = part.template.render(context)
            except jinja2.UndefinedError as exc:
                raise TemplateInvalid(_undefined_message(exc, document, self.path.name)) from None
            except BudgetExceeded as exc:
                raise TemplateInvalid(
                    f"Документ «{document}»: шаблон {self.path.name} {exc.what}. Упростите "
                    "циклы и выражения шаблона; проверьте его командой «profdocs check»."
                ) from None
            except RecursionError:
                raise TemplateInvalid(
                    f"Документ «{document}»: шаблон {self.path.name} вызывает макрос из самого "
                    "себя слишком глубоко. Уберите рекурсию из шаблона."
                ) from None
            except jinja2.exceptions.SecurityError:
                raise TemplateInvalid(
                    f"Документ «{document}»: шаблон {self.path.name} пытается выполнить "
                    "недопустимую операцию. Уберите из шаблона вызовы методов и служебные "
                    "атрибуты; проверьте шаблон командой «profdocs check»."
                ) from None
            except jinja2.TemplateError as exc:
                raise TemplateInvalid(
                    f"Документ «{document}»: ошибка в шаблоне {self.path.name} ({exc}). "
                    "Проверьте шаблон командой «profdocs check»."
                ) from None
            xml = _finish_xml(xml)
            if part.fix_tables:
                xml = _fix_tables(xml)
            out[part.name] = part.prefix + xml.encode("utf-8") + part.suffix
        return out


def _fix_tables(body_xml: str) -> str:
    """Only for templates with {%tc: docxtpl's table-grid repair needs a parsed tree."""
    from lxml import etree

    wrapped = (
        '<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"{body_xml}</w:body>"
    )
    tree = _docxtpl().fix_tables(None, wrapped)
    inner = etree.tostring(tree, encoding="unicode")
    return inner[inner.index(">") + 1 : inner.rindex("<")]


def _undefined_message(exc: jinja2.UndefinedError, document: str, template: str) -> str:
    text = str(exc)
    m = re.search(r"has no attribute '([^']+)'", text)
    if m:
        what = f"поле «{m.group(1)}» не существует"
    else:
        m = re.search(r"'([^']+)' is undefined", text)
        what = f"переменная «{m.group(1)}» не определена" if m else text
    return (
        f"Документ «{document}» (шаблон {template}): {what}. Исправьте имя переменной в "
        "шаблоне; «profdocs check» покажет точное место и допустимые имена."
    )


# A compiled part: name, prefix, suffix, fix_tables, Jinja code.
_Compiled = tuple[str, bytes, bytes, bool, CodeType]


def _compile_part(env: jinja2.Environment, name: str, data: bytes, path: Path) -> _Compiled | None:
    cut = split_part(name, data)
    if cut is None:
        if name == BODY:
            raise TemplateInvalid(f"Шаблон {path.name}: в word/document.xml нет тела документа.")
        return None
    prefix, body, suffix = cut
    source = body.decode("utf-8")
    if "{" not in source:
        return None
    patched = patch_xml(source)
    if not any(tag in patched for tag in ("{{", "{%", "{#")):
        return None
    code = env.compile(jinja_source(patched))
    return name, prefix, suffix, bool(re.search(r"{%-?\s*tc", patched)), code


def compile_template(
    path: Path, env: jinja2.Environment | None = None, edition: Edition | None = None
) -> CompiledTemplate:
    """Read, check, patch and compile a template; `edition` goes into its properties.

    The package is read once, through the safety scan, and then through the same gate as
    `profdocs check` (tag markup, Jinja syntax): a template refused there never reaches
    Jinja, and none of its parts reaches an output.
    """
    env = env or make_env()
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise TemplateInvalid(f"Шаблон не найден: {path}.") from None
    package = safety.read_package(raw, path.name)
    refusals = package.refusals or _gate(path.name, package.entries, jinja=False)
    if refusals:
        raise TemplateInvalid(_refusal(path.name, refusals), refusals)
    entries = normalize.on_off_only_entries(
        opc.without_part(package.entries, opc.STYLES_WITH_EFFECTS)
    )
    if edition is not None:
        entries = opc.with_custom_properties(entries, edition.properties())
    compiled = []
    try:
        for info, data in entries:
            if TEXT_PART.match(info.filename):
                part = _compile_part(env, info.filename, data, path)
                if part is not None:
                    compiled.append(part)
    except jinja2.TemplateSyntaxError as exc:
        # Jinja's own words only if check's (with the paragraph and the fix) find nothing.
        found = _gate(path.name, package.entries, jinja=True) or [
            Finding("error", path.name, f"ошибка в теге Jinja ({exc.message}).")
        ]
        raise TemplateInvalid(_refusal(path.name, found), found) from None
    globals_ = env.make_globals(None)
    parts = tuple(
        _Part(name, prefix, env.template_class.from_code(env, code, globals_, None), suffix, fix)
        for name, prefix, suffix, fix, code in compiled
    )
    return CompiledTemplate(path, entries, parts)


def _gate(file: str, entries: opc.Entries, jinja: bool) -> list[Finding]:
    from .check import gate  # the checker imports this module's environment

    return gate(file, entries, jinja)


def _refusal(file: str, findings: list[Finding]) -> str:
    first = findings[0]
    where = ", ".join(x for x in (first.part, first.location) if x)
    more = (
        f" Замечаний всего: {len(findings)}; все покажет «profdocs check {file}»."
        if len(findings) > 1
        else ""
    )
    return f"Шаблон {file} отклонён ({where or 'весь файл'}): {first.message}{more}"


@functools.lru_cache(maxsize=64)
def _cached(path: Path, mtime_ns: int, size: int) -> CompiledTemplate | TemplateInvalid:
    try:
        return compile_template(path)
    except TemplateInvalid as exc:
        return exc  # refused once per process, not once per school


@functools.lru_cache(maxsize=64)
def _stamped(template: CompiledTemplate, edition: Edition) -> CompiledTemplate:
    """The compiled template with the edition in its properties. Kept apart from compiling:
    a new edition, or a fingerprint changed by editing one template, recompiles nothing."""
    entries = opc.with_custom_properties(template.entries, edition.properties())
    return dataclasses.replace(template, entries=entries)


def load_template(path: Path, edition: Edition | None = None) -> CompiledTemplate:
    """Compiled (or refused) once per process; an edited template (new mtime) is read again."""
    resolved = path.resolve()
    try:
        st = resolved.stat()
    except FileNotFoundError:
        raise TemplateInvalid(f"Шаблон не найден: {path}.") from None
    got = _cached(resolved, st.st_mtime_ns, st.st_size)
    if isinstance(got, TemplateInvalid):
        raise got.with_traceback(None)
    return got if edition is None else _stamped(got, edition)


def render_plain_docxtpl(path: Path, context: dict[str, Any]) -> bytes:
    """Reference rendering with docxtpl as its documentation shows; for tests and benchmarks."""
    tpl = _docxtpl()(str(path))
    tpl.render(context, jinja_env=make_env(guard_values=False), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()
