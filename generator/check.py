"""`profdocs check`: the CI gate for methodologists who edit the DOCX templates.

A template can go wrong in ways nobody sees until a school prints its documents: a
principle deleted while editing, a Jinja tag that Word split or that docxtpl silently
drops, a misspelt variable that only fails for the one school whose profile reaches it.
This module finds all of that in one run, without rendering, and says in Russian what
to fix and where (file, part, paragraph or table cell).

It reads each template's XML once with lxml, patches it with docxtpl's own `patch_xml`
(exactly what the renderer compiles) and walks the Jinja AST against
`generator.context_model.DocumentContext`.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import sys
import types
import typing
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from lxml import etree
from pydantic import BaseModel

from . import legal
from . import requirements as rq
from .context_model import DateCtx, DocumentContext, Forms
from .documents import BY_TEMPLATE, DOCUMENTS
from .findings import Finding
from .requirements import W_P, W_R, W_T, W_TBL, W_TC, W_TR, DocText, Para, W

W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO = (W + t for t in ("ins", "del", "moveFrom", "moveTo"))
W_DEL_TEXT = W + "delText"
W_CRS, W_CRE = W + "commentRangeStart", W + "commentRangeEnd"
W_COMMENT = W + "comment"
W_ID = W + "id"

_OPENERS = ("{{", "{%", "{#")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def check_templates(template_dir: Path) -> list[Finding]:
    """All six templates of documents.py, plus the context fields no template uses."""
    template_dir = Path(template_dir)
    findings: list[Finding] = []
    used: set[str] = set()
    checked = 0
    for spec in DOCUMENTS:
        path = template_dir / spec.template
        if not path.is_file():
            findings.append(
                Finding(
                    "error",
                    spec.template,
                    f"Шаблон не найден: {path}. Верните файл «{spec.template}» "
                    f"(«{spec.title}») в папку {template_dir}.",
                )
            )
            continue
        run = _TemplateCheck(path, spec.id)
        findings += run.run()
        used |= run.used
        checked += run.parsed
    if template_dir.is_dir():
        for extra in sorted(template_dir.glob("*.docx")):
            if extra.name in BY_TEMPLATE or extra.name.startswith("~$"):
                continue
            findings.append(
                Finding(
                    "warning",
                    extra.name,
                    "Этот файл не относится ни к одному документу пакета, генератор его не "
                    "читает. Ожидаемые имена: "
                    + ", ".join(d.template for d in DOCUMENTS)
                    + ". Переименуйте файл или уберите его из папки шаблонов.",
                )
            )
    if checked == len(DOCUMENTS):
        unused = _unused_fields(used)
        if unused:
            findings.append(
                Finding(
                    "warning",
                    str(template_dir),
                    f"Поля профиля, которые не использует ни один шаблон ({len(unused)}). Если "
                    "эти сведения нужны в документах, вставьте их в шаблон; иначе их можно не "
                    "заполнять:\n" + _group_paths(unused),
                )
            )
    return findings


def _group_paths(paths: list[str]) -> str:
    """One line per top-level field; siblings folded: director.short.{genitive, dative}."""
    lines: dict[str, dict[str, list[str]]] = {}
    for path in paths:
        head, _, rest = path.partition(".")
        parent, _, leaf = rest.rpartition(".")
        lines.setdefault(head, {}).setdefault(parent, []).append(leaf)
    out = []
    for head, parents in lines.items():
        items = []
        for parent, leaves in parents.items():
            if not parent and leaves == [""]:
                items.append("целиком")
            elif len(leaves) == 1:
                items.append(f"{parent}.{leaves[0]}" if parent else leaves[0])
            else:
                inner = ", ".join(leaves)
                items.append(f"{parent}.{{{inner}}}" if parent else inner)
        out.append(f"    {head}: {', '.join(items)}")
    return "\n".join(out)


def check_template(path: Path, doc_id: str) -> list[Finding]:
    """Everything wrong with one template (no unused-field warnings: those need all six)."""
    return _TemplateCheck(Path(path), doc_id).run()


def exit_code(findings: Iterable[Finding]) -> int:
    """0 when nothing is broken (warnings allowed), 1 when any error."""
    return 1 if any(f.severity == "error" for f in findings) else 0


def format_report(findings: list[Finding], as_json: bool = False) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if as_json:
        return json.dumps(
            {
                "ok": errors == 0,
                "errors": errors,
                "warnings": warnings,
                "findings": [f.to_dict() for f in findings],
            },
            ensure_ascii=False,
            indent=2,
        )
    if not findings:
        return "Проверка шаблонов: ошибок и предупреждений нет."
    body = "\n\n".join(f.format() for f in findings)
    summary = f"Итого: {_plural(errors, 'ошибка', 'ошибки', 'ошибок')}, " + _plural(
        warnings, "предупреждение", "предупреждения", "предупреждений"
    )
    if errors:
        summary += ". Шаблоны не пройдут проверку, пока ошибки не исправлены."
    return f"{body}\n\n{summary}"


def _plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        word = one
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = few
    else:
        word = many
    return f"{n} {word}"


# --------------------------------------------------------------------------------------
# One template
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Tag:
    """A Jinja tag found in a paragraph's text."""

    text: str
    start: int
    end: int
    para: Para

    @property
    def canonical(self) -> str:
        return rq.canonical_tag(self.text)

    @property
    def prefix(self) -> str:
        """docxtpl's p/tr/tc/r marker, exactly as docxtpl recognises it («{%tr »)."""
        m = re.match(r"\{[{%#](tr|tc|p|r) ", self.text)
        return m.group(1) if m else ""

    @property
    def level(self) -> str:
        """The level the author meant: «{% tr for» (a typo reported elsewhere) counts as tr."""
        if self.prefix:
            return self.prefix
        m = re.match(r"\{%-?\s+(tr|tc|p|r)\s+(\w+)", self.text)
        return m.group(1) if m and m.group(2) in _KEYWORDS else "inline"

    @property
    def keyword(self) -> str:
        if not self.text.startswith("{%"):
            return ""
        inner = rq.canonical_tag(self.text)[3:-3].split()
        return inner[0] if inner else ""


def _snippet(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _TemplateCheck:
    def __init__(self, path: Path, doc_id: str) -> None:
        self.path = path
        self.doc_id = doc_id
        self.file = path.name
        self.findings: list[Finding] = []
        self.used: set[str] = set()
        self.parsed = 0
        self._seen: set[tuple[str, str, str, str]] = set()
        self._unclosed: list[_Tag] = []  # block tags never closed, innermost last

    # ---------------------------------------------------------------- reporting
    def add(
        self,
        severity: str,
        message: str,
        para: Para | None = None,
        snippet: str = "",
        *,
        part: str = "",
        location: str = "",
        requirement: rq.Requirement | None = None,
    ) -> None:
        if para is not None:
            part = part or para.part
            location = location or para.location
            snippet = snippet or para.text
        key = (severity, part, location, message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.findings.append(
            Finding(
                severity,  # type: ignore[arg-type]
                self.file,
                message,
                part,
                location,
                _snippet(snippet),
                requirement.id if requirement else "",
                requirement.source if requirement else "",
            )
        )

    # ---------------------------------------------------------------- driver
    def run(self) -> list[Finding]:
        try:
            with zipfile.ZipFile(self.path) as zf:
                parts = rq.read_parts(zf)
        except (zipfile.BadZipFile, OSError) as exc:
            self.add(
                "error",
                f"Файл не читается как DOCX ({exc}). Откройте его в Word и сохраните как "
                "«Документ Word (*.docx)».",
            )
            return self.findings
        if "word/document.xml" not in parts:
            self.add("error", "В файле нет word/document.xml: это не документ Word.")
            return self.findings
        roots: dict[str, Any] = {}
        try:
            doc = rq.extract(parts, roots)
        except etree.XMLSyntaxError as exc:
            self.add("error", f"XML шаблона повреждён ({exc}). Пересохраните файл в Word.")
            return self.findings
        tags = self._tags(doc)
        self._check_requirements(doc)
        self._check_tag_text(tags)
        self._check_blocks(tags)
        self._check_revisions(doc, roots)
        self._check_comments(doc, roots, parts.get("word/comments.xml"))
        self._check_jinja(parts, tags)
        self._check_legal(doc)
        return self.findings

    def _check_legal(self, doc: DocText) -> None:
        """Citations typed straight into a template: a repealed act fails the gate."""
        for finding in legal.findings(doc.raw().text, self.path.name):
            block = next(
                (b for b in doc.blocks if finding.snippet in " ".join(b.text.split())), None
            )
            self.findings.append(
                replace(
                    finding,
                    part=block.part if block else "",
                    location=block.location if block else "",
                )
            )

    # ---------------------------------------------------------------- requirements
    def _check_requirements(self, doc: DocText) -> None:
        for req in rq.requirements_for(self.doc_id):
            if req.find(doc, template=True) is not None:
                continue
            near = req.find(doc, template=True, constraints=False)
            if near is not None and near.paragraphs:
                para = near.paragraphs[0]
                if req.in_table and not near.in_table:
                    self.add(
                        "error",
                        f"{_cap(req.what)} ({req.source}): текст найден вне таблицы, а должен "
                        f"стоять в таблице. Верните его {req.place}.",
                        para,
                        requirement=req,
                    )
                    continue
                if req.style == "heading" and not near.heading:
                    self.add(
                        "error",
                        f"{_cap(req.what)} ({req.source}) есть, но абзац оформлен стилем "
                        f"«{para.style}», а не заголовком. Примените к абзацу стиль "
                        "«Заголовок 1» (Heading 1): так раздел попадёт в автоматическую "
                        "нумерацию и в оглавление.",
                        para,
                        requirement=req,
                    )
                    continue
            self.add(
                "error",
                f"В шаблоне не найдено: {req.what} ({req.source}). Верните этот текст "
                f"{req.place}; проверка ищет {req.describe_match(template=True)}.",
                part="body",
                requirement=req,
            )

    # ---------------------------------------------------------------- tags in text
    def _tags(self, doc: DocText) -> list[_Tag]:
        """Every complete tag of every paragraph, in document order; reports broken ones."""
        out: list[_Tag] = []
        for para in doc.paragraphs:
            text = para.text
            if "{" not in text and "}" not in text:
                continue
            pos = 0
            spans: list[tuple[int, int]] = []
            while True:
                starts = [(text.find(o, pos), o) for o in _OPENERS]
                starts = [(i, o) for i, o in starts if i >= 0]
                if not starts:
                    break
                i, opener = min(starts)
                j = text.find(_CLOSER[opener], i + 2)
                nxt = min(
                    (k for k in (text.find(o, i + 2) for o in _OPENERS) if k >= 0), default=-1
                )
                if j < 0 or (0 <= nxt < j):
                    self.add(
                        "error",
                        f"Тег «{_snippet(text[i:], 40)}» не закрыт в этом абзаце (нет "
                        f"«{_CLOSER[opener]}»). Тег должен начинаться и заканчиваться в одном "
                        "абзаце: иначе docxtpl склеит абзацы и часть текста пропадёт. "
                        "Допишите закрывающие скобки или наберите тег заново одной строкой.",
                        para,
                        text[i:],
                    )
                    pos = i + 2
                    continue
                out.append(_Tag(text[i : j + 2], i, j + 2, para))
                spans.append((i, j + 2))
                pos = j + 2
            rest = list(text)
            for s, e in spans:
                rest[s:e] = " " * (e - s)
            rest_text = "".join(rest)
            broken = False
            for m in re.finditer(r"\{\s+[{%#]|[%#]\s+\}", rest_text):
                broken = True
                self.add(
                    "error",
                    f"Тег разорван пробелом: «{m.group(0)}». docxtpl и Jinja понимают только "
                    "слитные «{{ }}», «{% %}», «{# #}», поэтому тег попадёт в документ "
                    "как текст. Уберите пробел между фигурной скобкой и знаком.",
                    para,
                    text[max(0, m.start() - 20) : m.end() + 30],
                )
            for m in re.finditer(r"\}\}|%\}|#\}", "" if broken else rest_text):
                self.add(
                    "error",
                    f"Закрывающие скобки «{m.group(0)}» без открывающих в этом абзаце: тег "
                    "начат в другом абзаце или его начало стёрто. Наберите тег целиком в "
                    "одном абзаце.",
                    para,
                    text[max(0, m.start() - 40) : m.end()],
                )
        return out

    def _check_tag_text(self, tags: list[_Tag]) -> None:
        for tag in tags:
            self._check_space_prefix(tag)
            self._check_runs(tag)
            prefix = tag.prefix
            if prefix in ("p", "tr", "tc"):
                self._check_beside(tag)

    def _check_space_prefix(self, tag: _Tag) -> None:
        m = re.match(r"\{%-?\s+(tr|tc|p|r)\s+(\w+)", tag.text)
        if m and m.group(2) in _KEYWORDS:
            fixed = "{%" + m.group(1) + " " + tag.text[m.end(1) :].lstrip()
            self.add(
                "error",
                f"Тег «{_snippet(tag.text, 40)}»: между «{{%» и «{m.group(1)}» стоит пробел. "
                f"docxtpl понимает только слитное «{{%{m.group(1)} …%}}», а с пробелом Jinja "
                f"сообщит «unknown tag '{m.group(1)}'» и документ не соберётся (docxtpl "
                f"#603, #663). Исправьте на «{_snippet(fixed, 40)}».",
                tag.para,
                tag.text,
            )

    def _check_runs(self, tag: _Tag) -> None:
        """A tag Word split into several runs: what docxtpl's patch_xml can't repair."""
        segs = [s for s in _t_segments(tag.para.element) if s[0] < tag.end and s[1] > tag.start]
        if len(segs) < 2:
            return
        parents = {id(s[2].getparent().getparent()) for s in segs}
        if len(parents) > 1:
            kinds = {
                _CONTAINER_NAMES.get(etree.QName(s[2].getparent().getparent()).localname, "")
                for s in segs
            } - {""}
            what = ", ".join(sorted(kinds)) or "другой элемент Word"
            self.add(
                "error",
                f"Тег «{_snippet(tag.text, 50)}» частично стоит внутри элемента Word ({what}), "
                "частично вне его. docxtpl при склейке тега удалит границу этого элемента, "
                "и документ получится повреждённым. Удалите тег и наберите его заново "
                "обычным текстом (без гиперссылки, поля и режима исправлений).",
                tag.para,
                tag.text,
            )
            return
        between = _between(tag.para.element, segs[0][2], segs[-1][2])
        if between:
            self.add(
                "error",
                f"Внутри тега «{_snippet(tag.text, 50)}» стоит {', '.join(between)}. docxtpl "
                "склеивает части тега и выбрасывает всё, что между ними, — этот элемент "
                "пропадёт или повредит документ. Уберите его из тега.",
                tag.para,
                tag.text,
            )
            return
        formats = {
            _rpr_signature(s[2].getparent())
            for s in segs
            if tag.para.text[max(s[0], tag.start) : min(s[1], tag.end)].strip()
        }
        if len(formats) > 1:
            self.add(
                "warning",
                f"Тег «{_snippet(tag.text, 50)}» набран частями с разным оформлением. docxtpl "
                "склеит тег, но значение получит оформление только первой части, остальное "
                "оформление пропадёт. Выделите тег целиком и задайте ему одно оформление "
                "(или наберите тег заново одним куском).",
                tag.para,
                tag.text,
            )

    def _check_beside(self, tag: _Tag) -> None:
        """docxtpl replaces the whole paragraph/row/cell of {%p/{%tr/{%tc by the tag."""
        prefix = tag.prefix
        para = tag.para
        if prefix == "p":
            scope_el = para.element
        else:
            scope_el = _ancestor(para.element, W_TR if prefix == "tr" else W_TC)
            if scope_el is None:
                self.add(
                    "error",
                    f"Тег «{_snippet(tag.text, 40)}» стоит вне таблицы, а {{%{prefix} …%}} "
                    f"работает только внутри {_BESIDE[prefix][0]}: docxtpl вырежет чужой "
                    "фрагмент документа. Перенесите тег в таблицу или замените на {%p …%}.",
                    para,
                    tag.text,
                )
                return
        pieces: list[str] = []
        same_kind = 0
        for p in [scope_el] if prefix == "p" else scope_el.iter(W_P):
            ptext = para.text if p is para.element else rq.paragraph_text(p)
            starts = [m.start() for m in rq._TAG.finditer(ptext)]
            same_kind += sum(
                ptext.startswith(("{%" + prefix + " ", "{{" + prefix + " "), s) for s in starts
            )
            pieces.append(_without(ptext, [(tag.start, tag.end)] if p is para.element else []))
        _, one, whole, move = _BESIDE[prefix]
        if same_kind > 1:
            self.add(
                "error",
                f"В {one} несколько тегов {{%{prefix} …%}}: docxtpl оставит только первый, "
                "остальные пропадут. Поставьте каждый такой тег отдельно.",
                para,
                tag.text,
            )
            return
        rest = " ".join(pieces)
        if rest.strip():
            self.add(
                "error",
                f"Текст «{_snippet(rest, 50)}» стоит рядом с тегом «{_snippet(tag.text, 40)}»: "
                f"docxtpl заменяет тегом {whole}, и этот текст молча пропадёт. Перенесите "
                f"текст {move}, а тег оставьте одного.",
                para,
                tag.text,
            )

    # ---------------------------------------------------------------- block structure
    def _check_blocks(self, tags: list[_Tag]) -> None:
        """A block opened with {%tr must close with {%tr in the same table, and so on."""
        stack: list[tuple[str, str, Any, _Tag]] = []
        for tag in tags:
            kw = tag.keyword
            if not kw:
                continue
            level = tag.level
            container = _level_container(tag.para.element, level)
            if kw in _BLOCK_OPENERS and not (kw == "set" and "=" in tag.text):
                stack.append((kw, level, container, tag))
                continue
            closing = kw.startswith("end") and kw[3:] in _BLOCK_OPENERS
            if not closing and kw not in ("else", "elif"):
                continue
            if not stack:
                continue  # Jinja reports the stray end tag
            opener_kw, opener_level, opener_container, opener = stack[-1]
            if closing:
                if kw[3:] != opener_kw:
                    continue  # Jinja reports the mismatch
                stack.pop()
            self._compare_levels(opener, opener_level, opener_container, tag, level, container)
        self._unclosed = [t for _, _, _, t in stack]

    def _compare_levels(
        self, opener: _Tag, o_level: str, o_cont: Any, tag: _Tag, level: str, cont: Any
    ) -> None:
        names = {
            "tr": "строки таблицы ({%tr …%})",
            "tc": "ячейки таблицы ({%tc …%})",
            "p": "абзаца ({%p …%})",
            "r": "фрагмента текста ({%r …%})",
            "inline": "текста абзаца ({% …%})",
        }
        if o_level != level:
            self.add(
                "error",
                f"Блок «{_snippet(opener.text, 40)}» ({opener.para.location}) открыт тегом "
                f"уровня {names[o_level]}, а «{_snippet(tag.text, 30)}» — тегом уровня "
                f"{names[level]}. docxtpl вырежет разные элементы Word, и документ "
                "сломается. Используйте теги одного вида, например {%tr for …%} и "
                "{%tr endfor %}.",
                tag.para,
                tag.text,
            )
        elif o_cont is not cont:
            if level == "inline":
                self.add(
                    "warning",
                    f"Блок «{_snippet(opener.text, 40)}» начат в одном абзаце "
                    f"({opener.para.location}), а «{_snippet(tag.text, 30)}» стоит в другом. "
                    "docxtpl склеит эти абзацы, если условие не выполнится. Для блока из "
                    "целых абзацев используйте {%p …%} в отдельных абзацах.",
                    tag.para,
                    tag.text,
                )
            else:
                where = {"tr": "таблице", "tc": "строке таблицы", "p": "ячейке или части"}
                self.add(
                    "error",
                    f"Блок «{_snippet(opener.text, 40)}» ({opener.para.location}) закрыт "
                    f"тегом «{_snippet(tag.text, 30)}» в другой {where.get(level, 'части')} "
                    "документа. docxtpl удалит строки или абзацы не парами, и документ "
                    "сломается. Закрывайте блок в той же таблице (строке, ячейке).",
                    tag.para,
                    tag.text,
                )

    # ---------------------------------------------------------------- revisions, comments
    def _check_revisions(self, doc: DocText, roots: dict[str, Any]) -> None:
        by_el = {id(p.element): p for p in doc.paragraphs}
        for name, root in roots.items():
            count = 0
            first: Para | None = None
            for change in root.iter(W_INS, W_DEL, W_MOVE_FROM, W_MOVE_TO):
                text = "".join(t.text or "" for t in change.iter(W_T, W_DEL_TEXT))
                if not text:
                    continue
                count += 1
                para = _para_of(change, by_el)
                first = first or para
                if any(ch in text for ch in "{}%#"):
                    kind = "удаление" if change.tag in (W_DEL, W_MOVE_FROM) else "вставка"
                    self.add(
                        "error",
                        f"Непринятое исправление ({kind}) затрагивает тег: «{_snippet(text, 40)}». "
                        "docxtpl обрабатывает и удалённый, и вставленный текст как обычный, "
                        "поэтому результат непредсказуем. Примите или отклоните исправления "
                        "(Рецензирование → Принять все изменения) и сохраните шаблон.",
                        para,
                        text,
                        part=rq.part_label(name),
                    )
            if count:
                self.add(
                    "warning",
                    f"В шаблоне есть непринятые исправления ({count}). Они попадут в документы "
                    "каждой школы. Примите или отклоните их (Рецензирование → Принять все "
                    "изменения).",
                    first,
                    part=rq.part_label(name),
                )

    def _check_comments(self, doc: DocText, roots: dict[str, Any], data: bytes | None) -> None:
        has_comments = False
        if data:
            root = etree.fromstring(data)
            for comment in root.iter(W_COMMENT):
                has_comments = True
                text = rq.paragraph_text(comment)
                if any(o in text for o in _OPENERS):
                    self.add(
                        "error",
                        f"Комментарий Word содержит тег: «{_snippet(text, 50)}». docxtpl не "
                        "обрабатывает комментарии, этот тег не сработает. Перенесите тег в "
                        "текст документа и удалите комментарий.",
                        part="comments",
                        location=f"комментарий {comment.get(W_ID)}",
                        snippet=text,
                    )
        by_el = {id(p.element): p for p in doc.paragraphs}
        for name, root in roots.items():
            open_: dict[str, tuple[list[str], Any]] = {}
            for el in root.iter(W_T, W_CRS, W_CRE):
                if el.tag == W_CRS:
                    has_comments = True
                    open_[el.get(W_ID) or ""] = ([], el)
                elif el.tag == W_CRE:
                    got = open_.pop(el.get(W_ID) or "", None)
                    if got is not None:
                        self._comment_range(name, got, el.get(W_ID) or "", by_el)
                else:
                    for buf, _ in open_.values():
                        buf.append(el.text or "")
        if has_comments:
            self.add(
                "warning",
                "В шаблоне есть комментарии Word: они попадут в документы каждой школы. "
                "Удалите их (Рецензирование → Удалить все примечания).",
                part="comments",
            )

    def _comment_range(self, name: str, got: tuple[list[str], Any], cid: str, by_el) -> None:
        buf, start = got
        text = "".join(buf)
        if any(o in text for o in _OPENERS) or any(c in text for c in ("}}", "%}")):
            self.add(
                "error",
                f"Комментарий Word {cid} выделяет текст с тегом: «{_snippet(text, 50)}». "
                "docxtpl при обработке тега вырежет метки комментария, и Word сочтёт документ "
                "повреждённым. Удалите комментарий (тег оставьте).",
                _para_of(start, by_el),
                text,
                part=rq.part_label(name),
            )

    # ---------------------------------------------------------------- Jinja
    def _check_jinja(self, parts: dict[str, bytes], tags: list[_Tag]) -> None:
        from .render import make_env, patch_xml

        env = make_env()
        schema = _schema()
        self.parsed = 1
        for name in sorted(parts, key=rq._part_order):
            if not rq.TEXT_PART.match(name):
                continue
            source = _part_source(name, parts[name])
            if source is None or "{" not in source:
                continue
            label = rq.part_label(name)
            part_tags = [t for t in tags if t.para.part == label]
            source = _SPACE_PREFIX.sub(lambda m: "{%" + m.group(2) + " ", source)
            patched = patch_xml(source)
            if not any(o in patched for o in _OPENERS):
                continue
            text = _LINE_BREAKS.sub(r"\n\g<0>", patched)
            locate = _Locator(text, part_tags)
            try:
                ast = env.parse(text)
            except jinja2.TemplateSyntaxError as exc:
                para, tag_text = locate(exc.lineno)
                self.parsed = 0
                unclosed = [t for t in self._unclosed if t.para.part == label]
                if "Unexpected end of template" in (exc.message or "") and unclosed:
                    para, tag_text = unclosed[-1].para, unclosed[-1].text
                if para is not None and any(
                    f.severity == "error" and f.part == label and f.location == para.location
                    for f in self.findings
                ):
                    continue  # the consequence of a pitfall already reported here
                self.add(
                    "error",
                    _syntax_message(exc.message or str(exc)),
                    para,
                    tag_text,
                    part=label,
                )
                continue
            walker = _VarWalker(env, schema, functools.partial(self._var_issue, label, locate))
            walker.template(ast)
            self.used |= walker.used

    def _var_issue(
        self, part: str, locate: _Locator, node: nodes.Node, msg: str, level: str = "error"
    ) -> None:
        para, tag_text = locate(getattr(node, "lineno", 0))
        self.add(level, msg, para, tag_text, part=part)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_KEYWORDS = {
    "for", "endfor", "if", "elif", "else", "endif", "set", "endset", "with", "endwith",
    "macro", "endmacro", "call", "endcall", "filter", "endfilter", "raw", "endraw",
}  # fmt: skip
_BESIDE = {  # prefix: (inside what, in one …, replaced whole, move the text …)
    "p": ("абзаца", "одном абзаце", "весь абзац", "в отдельный абзац"),
    "tr": ("строки таблицы", "одной строке таблицы", "всю строку таблицы", "в другую строку"),
    "tc": ("ячейки таблицы", "одной ячейке таблицы", "всю ячейку", "в другую ячейку"),
}
_BLOCK_OPENERS = {"for", "if", "with", "macro", "call", "filter", "raw", "set", "autoescape"}
_SPACE_PREFIX = re.compile(
    r"\{%(-?)\s+(tr|tc|p|r)\s+(?=(?:" + "|".join(sorted(_KEYWORDS)) + r")\b)"
)
_LINE_BREAKS = re.compile(r"<w:p[ >]|\{\{|\{%|\{#")
_CONTAINER_NAMES = {
    "hyperlink": "гиперссылка",
    "ins": "исправление: вставка",
    "del": "исправление: удаление",
    "moveTo": "исправление: перенос",
    "moveFrom": "исправление: перенос",
    "smartTag": "смарт-тег",
    "fldSimple": "поле",
    "sdtContent": "элемент управления содержимым",
    "customXml": "пользовательский XML",
}
_BETWEEN_NAMES = {
    W_CRS: "метка комментария",
    W_CRE: "метка комментария",
    W + "commentReference": "ссылка на комментарий",
    W + "fldChar": "поле Word",
    W + "instrText": "код поля Word",
    W_DEL_TEXT: "удалённый в режиме исправлений текст",
    W + "drawing": "рисунок",
    W + "footnoteReference": "сноска",
    W + "endnoteReference": "концевая сноска",
}
_IGNORED_RPR = {"lang", "noProof", "rtl", "cs", "webHidden", "specVanish"}


def _t_segments(p: Any) -> list[tuple[int, int, Any]]:
    """(start, end, w:t) for each w:t of a paragraph, in paragraph_text coordinates."""
    out: list[tuple[int, int, Any]] = []
    pos = 0
    for el in p.iter(rq._TEXT_TAGS):
        if el.tag == W_T:
            n = len(el.text or "")
            out.append((pos, pos + n, el))
            pos += n
        else:
            pos += 1
    return out


def _between(p: Any, first_t: Any, last_t: Any) -> list[str]:
    found: list[str] = []
    inside = False
    for el in p.iter():
        if el is first_t:
            inside = True
        elif el is last_t:
            break
        elif inside and el.tag in _BETWEEN_NAMES:
            name = _BETWEEN_NAMES[el.tag]
            if name not in found:
                found.append(name)
    return found


@functools.lru_cache(maxsize=256)
def _rpr_key(xml: bytes) -> tuple:
    rpr = etree.fromstring(xml)
    items = []
    for child in rpr:
        local = etree.QName(child).localname
        if local in _IGNORED_RPR:
            continue
        attrs = tuple(
            sorted(
                (etree.QName(k).localname, v)
                for k, v in child.attrib.items()
                if etree.QName(k).localname != "hint" and not k.endswith("rsid")
            )
        )
        items.append((local, attrs))
    return tuple(sorted(items))


def _rpr_signature(run: Any) -> tuple:
    rpr = run.find(W + "rPr") if run is not None and run.tag == W_R else None
    return () if rpr is None else _rpr_key(etree.tostring(rpr))


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def _ancestor(el: Any, tag: str) -> Any:
    cur = el.getparent()
    while cur is not None and cur.tag != tag:
        cur = cur.getparent()
    return cur


def _level_container(p: Any, level: str) -> Any:
    if level == "tr":
        return _ancestor(p, W_TBL)
    if level == "tc":
        return _ancestor(p, W_TR)
    if level == "p":
        return p.getparent()
    return p


def _para_of(el: Any, by_el: dict[int, Para]) -> Para | None:
    cur = el
    while cur is not None:
        if cur.tag == W_P and id(cur) in by_el:
            return by_el[id(cur)]
        cur = cur.getparent()
    # a body-level marker: the next paragraph is where Word shows it
    nxt = el.getnext()
    while nxt is not None:
        if nxt.tag == W_P and id(nxt) in by_el:
            return by_el[id(nxt)]
        nxt = nxt.getnext()
    return None


_BODY = re.compile(r"<w:body>(.*)</w:body>", re.DOTALL)
_ROOT = re.compile(r"^(?:<\?xml[^>]*\?>\s*)?<[^>]+>(.*)</[^>]+>\s*$", re.DOTALL)


def _part_source(name: str, data: bytes) -> str | None:
    """The XML text the renderer compiles for this part (see generator.render)."""
    text = data.decode("utf-8")
    m = (_BODY if name == "word/document.xml" else _ROOT).search(text)
    return m.group(1) if m else None


class _Locator:
    """Jinja line number → the paragraph and tag it came from.

    Every tag of the patched XML starts its own line, and docxtpl keeps the tags in
    document order, so the k-th line starting with tag T is the k-th T in the text.
    """

    def __init__(self, text: str, tags: list[_Tag]) -> None:
        sites: dict[str, list[_Tag]] = {}
        for t in tags:
            sites.setdefault(t.canonical, []).append(t)
        seen: dict[str, int] = {}
        self.lines: list[tuple[Para | None, str]] = [(None, "")]
        last: tuple[Para | None, str] = (tags[0].para, tags[0].text) if tags else (None, "")
        for line in text.split("\n"):
            m = rq._TAG.match(line) if line[:1] == "{" else None
            if m:
                canon = rq.canonical_tag(m.group(0).replace("&amp;", "&"))
                k = seen.get(canon, 0)
                seen[canon] = k + 1
                found = sites.get(canon)
                if found:
                    tag = found[min(k, len(found) - 1)]
                    last = (tag.para, tag.text)
                else:
                    last = (last[0], m.group(0))
            elif line[:1] == "{":
                last = (last[0], line[:60])
            self.lines.append(last)

    def __call__(self, lineno: int | None) -> tuple[Para | None, str]:
        if not lineno or lineno >= len(self.lines):
            return self.lines[-1] if lineno else (None, "")
        return self.lines[lineno]


def _syntax_message(msg: str) -> str:
    m = re.search(r"looking for the following tags: (.+?)\. The innermost block .* is '(\w+)'", msg)
    if "Unexpected end of template" in msg and m:
        block = m.group(2)
        return (
            f"Блок {{% {block} %}} не закрыт: не хватает {{% end{block} %}}. Добавьте "
            f"закрывающий тег того же вида, что и открывающий ({{%p end{block} %}} для "
            f"абзацев, {{%tr end{block} %}} для строк таблицы). (Jinja: {msg})"
        )
    m = re.search(r"Encountered unknown tag '(\w+)'", msg)
    if m:
        tag = m.group(1)
        if tag in ("tr", "tc", "p", "r"):
            return (
                f"Неизвестный тег «{{% {tag} …»: docxtpl понимает только слитное «{{%{tag} …%}}». "
                f"Уберите пробел после «{{%». (Jinja: {msg})"
            )
        if tag.startswith("end"):
            return (
                f"Лишний тег {{% {tag} %}}: для него нет открывающего {{% {tag[3:]} … %}} "
                f"(или он уже закрыт). Удалите лишний тег или верните открывающий. (Jinja: {msg})"
            )
        return (
            f"Неизвестный оператор «{tag}» в теге {{% … %}}. Допустимы for, if, elif, else, "
            f"set, with и их end-теги; проверьте написание. (Jinja: {msg})"
        )
    m = re.search(r"unexpected char '(.)'", msg)
    if m:
        return (
            f"Недопустимый символ «{m.group(1)}» внутри тега. Word мог заменить прямые "
            f"кавычки на «ёлочки» или “лапки” — наберите их как ' или \". (Jinja: {msg})"
        )
    m = re.search(r"expected token '([^']+)', got '([^']+)'", msg)
    if m:
        return (
            f"В теге ожидалось «{m.group(1)}», а стоит «{m.group(2)}»: проверьте пробелы, "
            f"точки, скобки и кавычки. (Jinja: {msg})"
        )
    m = re.search(r"unexpected '([^']+)'", msg)
    if m:
        return (
            f"Лишний или неуместный знак «{m.group(1)}» в теге: проверьте парность скобок "
            f"{{{{ }}}} и {{% %}}. (Jinja: {msg})"
        )
    return f"Ошибка в теге Jinja: тег записан неверно. Исправьте его. (Jinja: {msg})"


# --------------------------------------------------------------------------------------
# Variables against DocumentContext
# --------------------------------------------------------------------------------------


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
def _schema() -> _T:
    return _T("model", model=DocumentContext)


def _leaves(t: _T, prefix: str) -> list[str]:
    if t.kind == "model" and t.model is not None:
        return [leaf for n, ft in _fields(t.model).items() for leaf in _leaves(ft, f"{prefix}.{n}")]
    if t.kind == "list" and t.elem is not None and t.elem.kind == "model":
        return _leaves(t.elem, prefix + "[]")
    return [prefix]


# Alternative renderings of one fact: using any of them means the fact is in the documents.
_VARIANT_MODELS = (Forms, DateCtx)


def _unused_fields(used: set[str]) -> list[str]:
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


@dataclass
class _VarWalker:
    """Walks a template's AST and resolves every variable path against the context model."""

    env: jinja2.Environment
    schema: _T
    report: Callable[..., None]
    used: set[str] = field(default_factory=set)

    def template(self, tmpl: nodes.Template) -> None:
        root = _Scope()
        assert self.schema.model is not None
        for name, t in _fields(self.schema.model).items():
            root.vars[name] = _V(t, name, name)
        self.stmts(tmpl.body, _Scope(root))

    # ------------------------------------------------------------ statements
    def stmts(self, body: Iterable[nodes.Node], scope: _Scope) -> None:
        for node in body:
            self.stmt(node, scope)

    def stmt(self, node: nodes.Node, scope: _Scope) -> None:
        if isinstance(node, nodes.Output):
            for n in node.nodes:
                if not isinstance(n, nodes.TemplateData):
                    self.use(n, scope)
        elif isinstance(node, nodes.If):
            self.use(node.test, scope)
            self.stmts(node.body, scope)
            for elif_ in node.elif_:
                self.stmt(elif_, scope)
            self.stmts(node.else_, scope)
        elif isinstance(node, nodes.For):
            it = self.expr(node.iter, scope)
            inner = _Scope(scope)
            elem = it.t.elem if it.t.kind == "list" and it.t.elem else _ANY
            elem_v = _V(elem, it.path + "[]" if it.path else "", "")
            self.bind(node.target, elem_v, inner)
            inner.vars["loop"] = _V(_T("loop", elem=elem), "", "loop")
            if node.test is not None:
                self.use(node.test, inner)
            self.stmts(node.body, inner)
            self.stmts(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.use(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.stmts(node.body, scope)
            self.bind(node.target, _V(_STR), scope)
        elif isinstance(node, nodes.With):
            inner = _Scope(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.bind(target, self.use(value, scope), inner)
            self.stmts(node.body, inner)
        elif isinstance(node, nodes.Macro):
            scope.vars[node.name] = _V_ANY
            inner = _Scope(scope)
            for arg in node.args:
                inner.vars[arg.name] = _V_ANY
            for d in node.defaults:
                self.use(d, scope)
            for special in ("caller", "varargs", "kwargs"):
                inner.vars[special] = _V_ANY
            self.stmts(node.body, inner)
        elif isinstance(node, nodes.CallBlock):
            self.use(node.call, scope)
            inner = _Scope(scope)
            for arg in node.args:
                inner.vars[arg.name] = _V_ANY
            self.stmts(node.body, inner)
        elif isinstance(node, nodes.FilterBlock):
            self.stmts(node.body, scope)
            self.filter_check(node.filter, scope, base=_V(_STR))
        elif isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            self.report(
                node,
                "Вставка других шаблонов (include, import, extends) в DOCX-шаблонах не "
                "поддерживается: генератор не найдёт вставляемый файл. Перенесите текст в "
                "этот шаблон.",
            )
        elif isinstance(node, nodes.ExprStmt):
            self.use(node.node, scope)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Stmt):
                    self.stmt(child, scope)
                elif isinstance(child, nodes.Expr):
                    self.use(child, scope)

    def bind(self, target: nodes.Node, value: _V, scope: _Scope) -> None:
        if isinstance(target, nodes.Name):
            name = target.name
            scope.vars[name] = _V(value.t, value.path, name)
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, _V_ANY, scope)

    # ------------------------------------------------------------ expressions
    def use(self, node: nodes.Node, scope: _Scope) -> _V:
        v = self.expr(node, scope)
        if v.path:
            self.used.add(v.path)
        return v

    def expr(self, node: nodes.Node, scope: _Scope) -> _V:
        if isinstance(node, nodes.Name):
            return self.name(node, scope)
        if isinstance(node, nodes.Getattr):
            return self.attr(self.expr(node.node, scope), node.attr, node)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
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
        if isinstance(node, nodes.Filter):
            base = self.use(node.node, scope) if node.node is not None else _V_ANY
            return self.filter_check(node, scope, base)
        if isinstance(node, nodes.Test):
            self.use(node.node, scope)
            if node.name not in self.env.tests:
                self.unknown(node, "проверка", node.name, self.env.tests, f"is {node.name}")
            for a in [*node.args, *(k.value for k in node.kwargs)]:
                self.use(a, scope)
            return _V(_BOOL)
        if isinstance(node, nodes.Call):
            callee = self.expr(node.node, scope)
            for a in [*node.args, *(k.value for k in node.kwargs)]:
                self.use(a, scope)
            for a in (node.dyn_args, node.dyn_kwargs):
                if a is not None:
                    self.use(a, scope)
            if isinstance(node.node, nodes.Name) and node.node.name == "range":
                return _V(_T("list", elem=_INT))
            return _V(_STR) if callee.t.kind == "scalar" else _V_ANY
        if isinstance(node, nodes.CondExpr):
            self.use(node.test, scope)
            a = self.use(node.expr1, scope)
            if node.expr2 is not None:
                self.use(node.expr2, scope)
            return _V(a.t)
        if isinstance(node, nodes.Const):
            return _V(_T("scalar", py=type(node.value)))
        self.expr_children(node, scope)
        return _V(_STR) if isinstance(node, (nodes.Concat, nodes.TemplateData)) else _V_ANY

    def expr_children(self, node: nodes.Node, scope: _Scope) -> None:
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.use(child, scope)

    def name(self, node: nodes.Name, scope: _Scope) -> _V:
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
        if name not in self.env.filters:
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


# --------------------------------------------------------------------------------------
# python -m generator.check templates/docx [--json]
# --------------------------------------------------------------------------------------


def _main(argv: list[str]) -> int:
    as_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print("Использование: python -m generator.check [ПАПКА_ШАБЛОНОВ] [--json]", file=sys.stderr)
        return 2
    template_dir = Path(args[0]) if args else Path(__file__).parents[1] / "templates" / "docx"
    if not template_dir.is_dir():
        print(f"Папка шаблонов не найдена: {template_dir}", file=sys.stderr)
        return 2
    findings = check_templates(template_dir)
    print(format_report(findings, as_json))
    return exit_code(findings)


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
