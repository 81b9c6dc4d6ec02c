"""Stage 4: render a DOCX template with a context — safely, and compiled once per process.

docxtpl's `DocxTemplate(...).render()` reloads the package through python-docx, re-patches
the XML and recompiles Jinja on every call (docxtpl #110). We reuse docxtpl's own XML
patching (so templates behave exactly as docxtpl documents them), but do it once per
template, keep the compiled Jinja templates, and splice the rendered XML back into the
untouched package. Rendering is sandboxed, autoescaped and strict: a value such as
«МАОУ "СОШ № 5" & <школа>» can neither break the XML nor run code, and a missing value
is an error that names the variable and the document, never a silent blank.

Start-up: patching needs docxtpl (which imports python-docx) and compiling the six templates
is most of a cold start, so the compiled code is also kept on disk (see `_DiskCache`),
keyed by the template's bytes and everything the compiled code depends on. A cold
`profdocs build` then imports neither docxtpl nor python-docx.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import marshal
import os
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from . import paths
from .docx.parts import BODY, TEXT_PART, split_part
from .errors import TemplateInvalid

_PARA_SPLIT = re.compile(r"<w:p([ >])")
_PARA_JOIN = re.compile(r"\n<w:p([ >])")


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(SandboxedEnvironment):
    """The sandbox, with a short way to `school.name` when `school` is a plain dict.

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
    """docxtpl's own clean-up of Word's run soup around Jinja tags ({%p, {%tr, split runs)."""
    return _docxtpl().patch_xml(None, xml)


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


# A compiled part as stored on disk: name, prefix, suffix, fix_tables, Jinja code.
_Stored = tuple[str, bytes, bytes, bool, CodeType]


def _compile_part(env: jinja2.Environment, name: str, data: bytes, path: Path) -> _Stored | None:
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
    try:
        code = env.compile(jinja_source(patched))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateInvalid(
            f"Шаблон {path.name}: ошибка в теге Jinja ({exc.message}). "
            "Проверьте шаблон командой «profdocs check»."
        ) from None
    return name, prefix, suffix, bool(re.search(r"{%-?\s*tc", patched)), code


def compile_template(path: Path, env: jinja2.Environment | None = None) -> CompiledTemplate:
    """Read, patch and compile a template; the compiled code comes from the disk cache
    when this exact template was compiled before by this exact toolchain."""
    cache = _DiskCache.open(path) if env is None else None
    env = env or make_env()
    try:
        raw = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            entries = tuple((info, zf.read(info)) for info in zf.infolist())
    except (FileNotFoundError, IsADirectoryError):
        raise TemplateInvalid(f"Шаблон не найден: {path}.") from None
    except zipfile.BadZipFile:
        raise TemplateInvalid(
            f"Шаблон {path.name} повреждён или это не DOCX. Сохраните его в Word как "
            "«Документ Word (*.docx)»."
        ) from None
    stored = cache.load(raw) if cache else None
    if stored is None:
        stored = []
        for info, data in entries:
            if TEXT_PART.match(info.filename):
                part = _compile_part(env, info.filename, data, path)
                if part is not None:
                    stored.append(part)
        if cache:
            cache.save(raw, stored)
    globals_ = env.make_globals(None)
    parts = tuple(
        _Part(name, prefix, env.template_class.from_code(env, code, globals_, None), suffix, fix)
        for name, prefix, suffix, fix, code in stored
    )
    return CompiledTemplate(path, entries, parts)


class _DiskCache:
    """Compiled Jinja code of one template file, kept between runs like Python's .pyc.

    The key covers the template's bytes, this module (it defines the Jinja environment and
    how parts are cut), docxtpl's patching code, Jinja's and Python's versions: any change
    means a miss, never a stale document. Folder: $PROFDOCS_CACHE_DIR (empty: no cache),
    else the user's cache folder. A cache that cannot be read or written is ignored.
    """

    FORMAT = b"profdocs-render-2"

    def __init__(self, folder: Path, stem: str) -> None:
        self.folder = folder
        self.stem = stem  # one entry per template path: an edit replaces the old entry

    @classmethod
    def open(cls, path: Path) -> _DiskCache | None:
        folder = paths.cache_dir()
        toolchain = _toolchain()
        if folder is None or toolchain is None:
            return None
        stem = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
        return cls(folder, stem)

    def _file(self, raw: bytes) -> Path:
        key = hashlib.sha256(_toolchain() or b"")
        key.update(raw)
        return self.folder / f"{self.stem}-{key.hexdigest()[:32]}.jinja"

    def load(self, raw: bytes) -> list[_Stored] | None:
        try:
            data = marshal.loads(self._file(raw).read_bytes())
            if data[0] != self.FORMAT:
                return None
            return [tuple(part) for part in data[1]]  # type: ignore[misc]
        except (OSError, EOFError, ValueError, TypeError, IndexError):
            return None

    def save(self, raw: bytes, stored: list[_Stored]) -> None:
        target = self._file(raw)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(marshal.dumps((self.FORMAT, [list(p) for p in stored])))
            os.replace(tmp, target)  # several workers may write the same entry: all equal
            for old in self.folder.glob(f"{self.stem}-*.jinja"):
                if old != target:
                    with contextlib.suppress(OSError):
                        old.unlink()
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()


@functools.cache
def _toolchain() -> bytes | None:
    """What compiled code depends on besides the template; None: cannot tell, do not cache."""
    import importlib.util

    spec = importlib.util.find_spec("docxtpl")  # finds it without importing python-docx
    if spec is None or spec.origin is None:
        return None
    try:
        patcher = Path(spec.origin).with_name("template.py").read_bytes()
        # this module defines the environment; docx/parts.py how a part is cut for Jinja
        this = (
            Path(__file__).read_bytes() + (Path(__file__).parent / "docx" / "parts.py").read_bytes()
        )
    except OSError:
        return None
    h = hashlib.sha256(_DiskCache.FORMAT)
    for piece in (sys.version.encode(), jinja2.__version__.encode(), this, patcher):
        h.update(len(piece).to_bytes(8, "little"))
        h.update(piece)
    return h.digest()


@functools.lru_cache(maxsize=64)
def _cached(path: Path, mtime_ns: int, size: int) -> CompiledTemplate:
    return compile_template(path)


def load_template(path: Path) -> CompiledTemplate:
    """Compiled once per process; an edited template (new mtime) is recompiled."""
    resolved = path.resolve()
    try:
        st = resolved.stat()
    except FileNotFoundError:
        raise TemplateInvalid(f"Шаблон не найден: {path}.") from None
    return _cached(resolved, st.st_mtime_ns, st.st_size)


def render_plain_docxtpl(path: Path, context: dict[str, Any]) -> bytes:
    """Reference rendering with docxtpl as its documentation shows; for tests and benchmarks."""
    tpl = _docxtpl()(str(path))
    tpl.render(context, jinja_env=make_env(guard_values=False), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()
