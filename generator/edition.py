"""Which edition of the templates built a package.

The regional institute releases the template set in editions; a methodologist records
each in `edition.yaml` beside the DOCX files (a version, the date it was approved, a short
note). Every built document carries the edition and a fingerprint of the package's templates in
its custom properties (docProps/custom.xml: Word shows them under File → Info →
Properties → Advanced → Custom, LibreOffice under File → Properties → Custom Properties),
so a municipality can tell from the documents alone which schools must rebuild. The
fingerprint tells apart two template sets that carry the same version: a template edited
without a new edition.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .diagnostics import Finding
from .documents import DOCUMENTS
from .errors import TemplateInvalid

MANIFEST = "edition.yaml"
VERSION, DATE, FINGERPRINT = "Редакция шаблонов", "Дата редакции шаблонов", "Отпечаток шаблонов"
_VERSION = re.compile(r"\d+(\.\d+)*")
_MAX_CUSTOM = 1024 * 1024  # a custom.xml larger than this is not ours

Verdict = Literal["older", "same", "newer", "changed"]


@dataclass(frozen=True, slots=True)
class Edition:
    """An edition of the template set; `version` "" for documents built before editions
    were recorded."""

    version: str
    date: dt.date
    fingerprint: str = ""
    note: str = ""

    @property
    def key(self) -> tuple[tuple[int, ...], dt.date]:
        return tuple(int(x) for x in re.findall(r"\d+", self.version)), self.date

    @property
    def recorded(self) -> bool:
        return bool(self.version)

    def label(self) -> str:
        """«2026.2 от 15.01.2027», as messages show it."""
        if not self.recorded:
            return "без отметки о редакции шаблонов"
        return f"{self.version} от {self.date:%d.%m.%Y}"

    def properties(self) -> dict[str, str]:
        """The custom document properties every built document carries."""
        return {VERSION: self.version, DATE: self.date.isoformat(), FINGERPRINT: self.fingerprint}


UNRECORDED = Edition("", dt.date.min)


class _Invalid(Exception):
    pass


def _parse_manifest(path: Path) -> Edition:
    """The manifest's version, date and note; _Invalid says in Russian what to fix."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _Invalid(
            f"нет файла {MANIFEST} с редакцией шаблонов. Скопируйте его из поставки "
            f"(templates/docx/{MANIFEST}) и укажите номер редакции (version) и дату её "
            "утверждения (date)"
        ) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _Invalid(
            f"{MANIFEST} не читается ({type(exc).__name__}); сохраните его в UTF-8"
        ) from None
    if not isinstance(data, dict):
        raise _Invalid(f"{MANIFEST} должен содержать поля version и date")
    version, date, note = data.get("version"), data.get("date"), data.get("note", "")
    # Unquoted, «2026.10» would be read as the number 2026.1: only text or a whole number.
    if not isinstance(version, (str, int)) or not _VERSION.fullmatch(str(version)):
        raise _Invalid(
            f"{MANIFEST}: version — номер редакции из чисел через точку, в кавычках, например "
            '«version: "2026.2"»'
        )
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise _Invalid(
            f"{MANIFEST}: date — дата утверждения редакции в виде ГГГГ-ММ-ДД, например "
            "«date: 2026-09-01»"
        )
    if not isinstance(note, str):
        raise _Invalid(f"{MANIFEST}: note — короткий текст о том, что изменилось")
    unknown = sorted(set(data) - {"version", "date", "note"})
    if unknown:
        raise _Invalid(
            f"{MANIFEST}: неизвестные поля {', '.join(unknown)}; допустимы version, date, note"
        )
    return Edition(str(version), date, note=" ".join(note.split()))


def fingerprint(template_dir: Path) -> str:
    """The first 16 hex digits of SHA-256 over the six templates, names and bytes."""
    h = hashlib.sha256()
    for spec in DOCUMENTS:
        data = (template_dir / spec.template).read_bytes()
        h.update(spec.template.encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return h.hexdigest()[:16]


def load_edition(template_dir: Path) -> Edition:
    """The edition of a template folder with its fingerprint; read again when a file
    changes. A missing or malformed manifest is a TemplateInvalid in Russian."""
    folder = Path(template_dir).resolve()
    stamps = []
    for name in (MANIFEST, *(spec.template for spec in DOCUMENTS)):
        try:
            st = (folder / name).stat()
            stamps.append((st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append(None)
    return _load(folder, tuple(stamps))


@functools.lru_cache(maxsize=16)
def _load(folder: Path, stamps: tuple[object, ...]) -> Edition:
    try:
        edition = _parse_manifest(folder / MANIFEST)
    except _Invalid as exc:
        raise TemplateInvalid(f"Шаблоны в папке {folder}: {exc}.") from None
    try:
        printed = fingerprint(folder)
    except OSError:
        printed = ""  # a template is missing: compiling it says so
    return Edition(edition.version, edition.date, printed, edition.note)


def manifest_findings(template_dir: Path, today: dt.date | None = None) -> list[Finding]:
    """What `profdocs check` says about the folder's edition.yaml."""
    try:
        edition = _parse_manifest(Path(template_dir) / MANIFEST)
    except _Invalid as exc:
        return [Finding("error", MANIFEST, f"{str(exc)[:1].upper()}{str(exc)[1:]}.")]
    if edition.date > (today or dt.date.today()):
        return [
            Finding(
                "warning",
                MANIFEST,
                f"Дата редакции {edition.date:%d.%m.%Y} ещё не наступила. Укажите дату "
                "утверждения редакции, если она уже утверждена.",
            )
        ]
    return []


# ------------------------------------------------------------------ reading built packages
def read_edition(document: Path | bytes) -> Edition:
    """The edition recorded in a built DOCX; UNRECORDED when it carries none."""
    from .docx.opc import CUSTOM, read_custom_properties

    source = io.BytesIO(document) if isinstance(document, bytes) else document
    try:
        with zipfile.ZipFile(source) as zf:
            info = zf.getinfo(CUSTOM)
            if info.file_size > _MAX_CUSTOM:
                return UNRECORDED
            props = read_custom_properties(zf.read(info))
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return UNRECORDED
    try:
        date = dt.date.fromisoformat(props.get(DATE, ""))
    except ValueError:
        return UNRECORDED
    version = props.get(VERSION, "")
    if not _VERSION.fullmatch(version):
        return UNRECORDED
    return Edition(version, date, props.get(FINGERPRINT, ""))


def package_edition(folder: Path) -> Edition | None:
    """The oldest edition among a school's documents in `folder` (output/<school>/);
    UNRECORDED if one carries none; None when the folder holds no package."""
    found = [
        read_edition(folder / spec.file_name)
        for spec in DOCUMENTS
        if (folder / spec.file_name).is_file()
    ]
    if not found:
        return None
    if not all(e.recorded for e in found):
        return UNRECORDED
    return min(found, key=lambda e: e.key)


def compare(built: Edition, installed: Edition) -> Verdict:
    """How a package's edition stands to the installed one."""
    if not built.recorded or built.key < installed.key:
        return "older"
    if built.key > installed.key:
        return "newer"
    return "same" if built.fingerprint == installed.fingerprint else "changed"


def replaced_note(previous: Edition, new: Edition, short: bool = False) -> str:
    """What `profdocs build` says when it replaces a package of another edition ("" if
    the edition is the same); `short` for a line of the summary table."""
    verdict = compare(previous, new)
    if short:
        return {
            "older": f"обновлён с редакции {previous.version or '(без отметки)'} до {new.version}",
            "changed": f"обновлён: шаблоны редакции {new.version} изменены без новой редакции",
            "newer": f"внимание: прежний пакет был более новой редакции {previous.version}",
            "same": "",
        }[verdict]
    if verdict == "older":
        return (
            f"пакет обновлён: прежний был собран {_by(previous)}, новый — по редакции "
            f"{new.label()}."
        )
    if verdict == "changed":
        return (
            f"пакет обновлён: прежний был собран по редакции {previous.label()}, но шаблоны "
            "с тех пор изменены без новой редакции (другой отпечаток шаблонов). Если "
            f"изменения утверждены, методисту стоит выпустить новую редакцию в {MANIFEST}."
        )
    if verdict == "newer":
        return (
            f"прежний пакет был собран по более новой редакции шаблонов ({previous.label()}), "
            f"чем установленная ({new.label()}); он заменён документами установленной "
            "редакции. Обновите шаблоны и пересоберите пакет."
        )
    return ""


def _by(edition: Edition) -> str:
    return f"по редакции {edition.label()}" if edition.recorded else edition.label()


@dataclass(frozen=True, slots=True)
class PackageStatus:
    school_id: str
    edition: Edition
    verdict: Verdict


def outdated(output_dir: Path, installed: Edition) -> list[PackageStatus]:
    """Every school package under `output_dir` (one folder a school) and how its edition
    stands to the installed one, by school id."""
    out: list[PackageStatus] = []
    for folder in sorted(p for p in Path(output_dir).iterdir() if p.is_dir()):
        edition = package_edition(folder)
        if edition is not None:
            out.append(PackageStatus(folder.name, edition, compare(edition, installed)))
    return out
