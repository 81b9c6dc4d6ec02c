"""Stage 4: render a DOCX template with a context — safely, and compiled once per process.

docxtpl's `DocxTemplate(...).render()` reloads the package through python-docx, re-patches
the XML and recompiles Jinja on every call (docxtpl #110). We reuse docxtpl's own XML
patching (so templates behave exactly as docxtpl documents them), but do it once per
template, keep the compiled Jinja templates, and splice the rendered XML back into the
untouched package. Rendering is sandboxed, autoescaped and strict: a value such as
«МАОУ "СОШ № 5" & <школа>» can neither break the XML nor run code, and a missing value
is an error that names the variable and the document, never a silent blank.
"""

from __future__ import annotations

import functools
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import BuildError

_TEMPLATED_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_BODY = re.compile(rb"(<w:body>)(.*)(</w:body>)", re.DOTALL)
_PARA_SPLIT = re.compile(r"<w:p([ >])")
_PARA_JOIN = re.compile(r"\n<w:p([ >])")


def make_env() -> SandboxedEnvironment:
    """The one Jinja environment every template is compiled with (also used by `check`)."""
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


def _docxtpl() -> Any:
    # Imported lazily: docxtpl pulls python-docx and lxml, which `profdocs --help` never needs.
    from docxtpl import DocxTemplate

    return DocxTemplate


def patch_xml(xml: str) -> str:
    """docxtpl's own clean-up of Word's run soup around Jinja tags ({%p, {%tr, split runs)."""
    return _docxtpl().patch_xml(None, xml)


def _finish_xml(xml: str) -> str:
    xml = _PARA_JOIN.sub(r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if any(ch in xml for ch in "\n\t\a\f"):
        # Line breaks and tabs in values become <w:br/> and <w:tab/>, as in docxtpl.
        xml = _docxtpl().resolve_listing(None, xml)
    return xml


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
                raise BuildError(_undefined_message(exc, document, self.path.name)) from None
            except jinja2.exceptions.SecurityError:
                raise BuildError(
                    f"Документ «{document}»: шаблон {self.path.name} пытается выполнить "
                    "недопустимую операцию. Уберите из шаблона вызовы методов и служебные "
                    "атрибуты; проверьте шаблон командой «profdocs check»."
                ) from None
            except jinja2.TemplateError as exc:
                raise BuildError(
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


def _compile_part(env: jinja2.Environment, name: str, data: bytes, path: Path) -> _Part | None:
    if name == "word/document.xml":
        m = _BODY.search(data)
        if m is None:
            raise BuildError(f"Шаблон {path.name}: в word/document.xml нет тела документа.")
        prefix, body, suffix = data[: m.start(2)], m.group(2), data[m.end(2) :]
    else:
        m = re.search(rb"^(<\?xml[^>]*\?>\s*<[^>]+>)(.*)(</[^>]+>\s*)$", data, re.DOTALL)
        if m is None:
            return None
        prefix, body, suffix = m.group(1), m.group(2), m.group(3)
    source = body.decode("utf-8")
    if "{" not in source:
        return None
    patched = patch_xml(source)
    if not any(tag in patched for tag in ("{{", "{%", "{#")):
        return None
    patched = _PARA_SPLIT.sub(r"\n<w:p\1", patched)
    try:
        template = env.from_string(patched)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(
            f"Шаблон {path.name}: ошибка в теге Jinja ({exc.message}). "
            "Проверьте шаблон командой «profdocs check»."
        ) from None
    return _Part(name, prefix, template, suffix, fix_tables=bool(re.search(r"{%-?\s*tc", patched)))


def compile_template(path: Path, env: jinja2.Environment | None = None) -> CompiledTemplate:
    env = env or make_env()
    try:
        with zipfile.ZipFile(path) as zf:
            entries = tuple((info, zf.read(info)) for info in zf.infolist())
    except FileNotFoundError:
        raise BuildError(f"Шаблон не найден: {path}.") from None
    except zipfile.BadZipFile:
        raise BuildError(
            f"Шаблон {path.name} повреждён или это не DOCX. Сохраните его в Word как "
            "«Документ Word (*.docx)»."
        ) from None
    parts = []
    for info, data in entries:
        if _TEMPLATED_PART.match(info.filename):
            part = _compile_part(env, info.filename, data, path)
            if part is not None:
                parts.append(part)
    return CompiledTemplate(path, entries, tuple(parts))


@functools.lru_cache(maxsize=64)
def _cached(path: Path, mtime_ns: int, size: int) -> CompiledTemplate:
    return compile_template(path)


def load_template(path: Path) -> CompiledTemplate:
    """Compiled once per process; an edited template (new mtime) is recompiled."""
    resolved = path.resolve()
    try:
        st = resolved.stat()
    except FileNotFoundError:
        raise BuildError(f"Шаблон не найден: {path}.") from None
    return _cached(resolved, st.st_mtime_ns, st.st_size)


def render_plain_docxtpl(path: Path, context: dict[str, Any]) -> bytes:
    """Reference rendering with docxtpl as its documentation shows; for tests and benchmarks."""
    import io

    tpl = _docxtpl()(str(path))
    tpl.render(context, jinja_env=make_env(), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()
