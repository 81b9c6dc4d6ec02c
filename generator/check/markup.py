"""One template's lint: what Word or a methodologist can break without Jinja noticing.

A principle deleted while editing, a tag Word split across runs, hyperlinks or revisions,
text beside a {%p %} tag that docxtpl silently drops, blocks opened at one level and closed
at another, a repealed act typed into the text. Each finding names the file, the part, the
paragraph or cell, and what to do.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from lxml import etree

from ..diagnostics import Finding
from ..docx import text as dt
from ..docx.normalize import BRANCHES
from ..docx.opc import Entries
from ..docx.parts import (
    BODY,
    COMMENTS,
    TEXT_PART,
    W_BR,
    W_COMMENT,
    W_CRE,
    W_CRS,
    W_DEL,
    W_DEL_TEXT,
    W_ID,
    W_INS,
    W_MOVE_FROM,
    W_MOVE_TO,
    W_P,
    W_PPR,
    W_R,
    W_T,
    W_TBL,
    W_TC,
    W_TR,
    W_VAL,
    W,
    part_label,
    part_order,
    split_part,
    wanted_parts,
)
from ..docx.safety import read_package
from ..docx.text import DocText, Para
from ..rules import legal
from ..rules import requirements as rq
from .jinja_types import VarWalker, schema
from .report import syntax_message

_OPENERS = ("{{", "{%", "{#")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}


@dataclass(slots=True)
class _Tag:
    """A Jinja tag found in a paragraph's text."""

    text: str
    start: int
    end: int
    para: Para

    @property
    def canonical(self) -> str:
        return dt.canonical_tag(self.text)

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
        inner = dt.canonical_tag(self.text)[3:-3].split()
        return inner[0] if inner else ""


def _snippet(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_TAG_AS_WORD = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


class TemplateCheck:
    def __init__(
        self, path: Path, doc_id: str, entries: Entries | None = None, file: str = ""
    ) -> None:
        """`entries`: the package as `docx.safety.read_package` read it (else read here)."""
        self.path = path
        self.doc_id = doc_id
        self.entries = entries
        self.file = file or path.name
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
        """Everything `profdocs check` reports about the template."""
        read = self._read()
        if read is None:
            return self.findings
        doc, roots, parts = read
        tags = self._tags(doc)
        self._check_requirements(doc)
        self._check_markup(doc, roots, parts, tags)
        self._check_jinja(parts, tags)
        self._check_legal(doc)
        self._check_typography(doc)
        return self.findings

    def gate(self, jinja: bool = True) -> list[Finding]:
        """The errors that make a template unusable: a hostile or broken package, tag
        markup docxtpl cannot repair, Jinja syntax (`jinja`). `build` refuses a template
        for these; what only a school's data can show (variables, requirements) is left
        to the build itself."""
        read = self._read(styles=False)
        if read is not None:
            doc, roots, parts = read
            tags = self._tags(doc)
            self._check_markup(doc, roots, parts, tags)
            if jinja:
                self._check_jinja(parts, tags, variables=False)
        return [f for f in self.findings if f.severity == "error"]

    def _read(self, styles: bool = True) -> tuple[DocText, dict[str, Any], dict[str, bytes]] | None:
        """The package read through the safety scan; None when nothing more can be read."""
        entries = self.entries
        if entries is None:
            try:
                raw = self.path.read_bytes()
            except OSError as exc:
                self.add("error", f"Файл не читается ({exc.strerror}).")
                return None
            package = read_package(raw, self.file)
            if package.refusals:
                self.findings += package.refusals
                return None
            entries = package.entries
        parts = wanted_parts(entries)
        if BODY not in parts:
            self.add("error", "В файле нет word/document.xml: это не документ Word.")
            return None
        roots: dict[str, Any] = {}
        try:
            # Styles tell headings apart, which only the requirements need.
            doc = dt.extract(parts, roots, None if styles else dt.Styles.parse(None))
        except etree.XMLSyntaxError as exc:
            self.add("error", f"XML шаблона повреждён ({exc}). Пересохраните файл в Word.")
            return None
        return doc, roots, parts

    def _check_markup(
        self, doc: DocText, roots: dict[str, Any], parts: dict[str, bytes], tags: list[_Tag]
    ) -> None:
        self._check_tag_text(tags)
        self._check_blocks(tags)
        self._check_revisions(doc, roots)
        self._check_comments(doc, roots, parts.get(COMMENTS))

    def _check_typography(self, doc: DocText) -> None:
        """No-break spaces in the template's own text (russian.typography); a tag counts as
        a word, since what it prints is typeset already."""
        from ..russian.typography import nbsp_problems

        for para in doc.paragraphs:
            text = _TAG_AS_WORD.sub("X", para.text)
            for problem in nbsp_problems(text)[:1]:
                self.add(
                    "error",
                    f"Нужен неразрывный пробел {problem.rule.what} («{problem.text.strip()}»): "
                    "иначе строка может разорваться. Замените пробел неразрывным "
                    "(Ctrl+Shift+Пробел в Word).",
                    para,
                    requirement=None,
                )

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
            self._check_field_result(tag)
            prefix = tag.prefix
            if prefix in ("p", "tr", "tc"):
                self._check_beside(tag)
            if prefix == "p":
                self._check_dropped_breaks(tag)

    def _check_field_result(self, tag: _Tag) -> None:
        """A tag Word keeps as a field's result: the next field update puts the old
        result back over the school's value (F9, printing, «update fields on open»)."""
        segs = [s for s in _t_segments(tag.para.element) if s[0] < tag.end and s[1] > tag.start]
        runs = [s[2].getparent() for s in segs]
        results = _field_result_runs(tag.para.element)
        simple = [r for r in runs if r is not None and r.getparent().tag == W_FLD_SIMPLE]
        if not simple and not any(r in results for r in runs):
            return
        if simple and len(simple) < len(runs):
            return  # partly inside: _check_runs has reported it
        self.add(
            "error",
            f"Тег «{_snippet(tag.text, 50)}» стоит внутри поля Word (как результат поля). "
            "Word пересчитывает поля при обновлении и печати и вернёт прежний результат "
            "поля вместо подставленного значения. Преобразуйте поле в обычный текст "
            "(выделите его и нажмите Ctrl+Shift+F9) или удалите поле и наберите тег заново.",
            tag.para,
            tag.text,
        )

    def _check_dropped_breaks(self, tag: _Tag) -> None:
        """docxtpl replaces a {%p%} paragraph by its tag: a break it carries is lost."""
        p = tag.para.element
        ppr = p.find(W_PPR)
        page = any(br.get(W_TYPE) == "page" for br in p.iter(W_BR))
        if ppr is not None:
            before = ppr.find(W_PAGE_BREAK_BEFORE)
            page = page or (before is not None and before.get(W_VAL) not in _OFF)
        if page:
            self.add(
                "error",
                f"В абзаце с тегом «{_snippet(tag.text, 40)}» стоит разрыв страницы. docxtpl "
                "заменяет такой абзац тегом целиком, и разрыв пропадёт. Перенесите разрыв в "
                "соседний обычный абзац (или включите этому абзацу «С новой страницы»).",
                tag.para,
                tag.text,
            )
        if ppr is not None and ppr.find(W_SECT_PR) is not None and tag.keyword in BRANCHES:
            self.add(
                "error",
                f"В абзаце с тегом «{_snippet(tag.text, 40)}» стоит разрыв раздела. docxtpl "
                "удалит его вместе с абзацем, а перенести его генератор не может: он "
                "относился бы только к одной ветви условия. Поставьте разрыв раздела в "
                "обычный абзац до или после блока {%p if %} … {%p endif %}.",
                tag.para,
                tag.text,
            )

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
            ptext = para.text if p is para.element else dt.paragraph_text(p)
            starts = [m.start() for m in dt.TAG.finditer(ptext)]
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
                        part=part_label(name),
                    )
            if count:
                self.add(
                    "warning",
                    f"В шаблоне есть непринятые исправления ({count}). Они попадут в документы "
                    "каждой школы. Примите или отклоните их (Рецензирование → Принять все "
                    "изменения).",
                    first,
                    part=part_label(name),
                )

    def _check_comments(self, doc: DocText, roots: dict[str, Any], data: bytes | None) -> None:
        has_comments = False
        if data:
            root = etree.fromstring(data)
            for comment in root.iter(W_COMMENT):
                has_comments = True
                text = dt.paragraph_text(comment)
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
                part=part_label(name),
            )

    # ---------------------------------------------------------------- Jinja
    def _check_jinja(
        self, parts: dict[str, bytes], tags: list[_Tag], variables: bool = True
    ) -> None:
        from ..render import make_env, patch_xml

        env = make_env()
        model = schema()
        self.parsed = 1
        for name in sorted(parts, key=part_order):
            if not TEXT_PART.match(name):
                continue
            source = _part_source(name, parts[name])
            if source is None or "{" not in source:
                continue
            label = part_label(name)
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
                    syntax_message(exc.message or str(exc)),
                    para,
                    tag_text,
                    part=label,
                )
                continue
            if not variables:
                continue
            walker = VarWalker(env, model, functools.partial(self._var_issue, label, locate))
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
W_FLD_SIMPLE, W_FLD_CHAR, W_FLD_CHAR_TYPE = W + "fldSimple", W + "fldChar", W + "fldCharType"
W_PAGE_BREAK_BEFORE, W_SECT_PR, W_TYPE = W + "pageBreakBefore", W + "sectPr", W + "type"
_OFF = ("0", "false", "off")
_IGNORED_RPR = {"lang", "noProof", "rtl", "cs", "webHidden", "specVanish"}


def _t_segments(p: Any) -> list[tuple[int, int, Any]]:
    """(start, end, w:t) for each w:t of a paragraph, in paragraph_text coordinates."""
    out: list[tuple[int, int, Any]] = []
    pos = 0
    for el in p.iter(dt.TEXT_TAGS):
        if el.tag == W_T:
            n = len(el.text or "")
            out.append((pos, pos + n, el))
            pos += n
        else:
            pos += 1
    return out


def _field_result_runs(p: Any) -> set[Any]:
    """Runs between a complex field's «separate» and «end» marks: its kept result."""
    out: set[Any] = set()
    stack: list[bool] = []  # per open field: is its result running?
    for run in p.iter(W_R):
        mark = run.find(W_FLD_CHAR)
        kind = mark.get(W_FLD_CHAR_TYPE) if mark is not None else None
        if kind == "begin":
            stack.append(False)
        elif kind == "separate" and stack:
            stack[-1] = True
        elif kind == "end" and stack:
            stack.pop()
        elif stack and stack[-1]:
            out.add(run)
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


def _part_source(name: str, data: bytes) -> str | None:
    """The XML text the renderer compiles for this part (see generator.render)."""
    cut = split_part(name, data)
    return cut[1].decode("utf-8") if cut is not None else None


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
            m = dt.TAG.match(line) if line[:1] == "{" else None
            if m:
                canon = dt.canonical_tag(m.group(0).replace("&amp;", "&"))
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
