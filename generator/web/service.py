"""What the form does with a profile: read, check, save, build — inside the profiles' folder.

A request names a school by its id; the id becomes `data/schools/<id>.yaml` and nothing else.
A profile may name a journal CSV relative to itself; a path that leads out of the profiles'
folder is refused before the validator would open it. Builds work on a temporary copy of
the profile next to the real one (so its CSV is found) and hand back a ZIP; nothing is
written to the output folder, and PDF copies are made in a private temporary folder.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import generator
from generator.diagnostics import Diagnostic
from generator.docx.zipio import ZIP_DATE
from generator.errors import ProfileInvalid

SCHOOL_ID = re.compile(r"[A-Za-z0-9_\-]{1,64}")
PATH_FIELDS = frozenset({"csv"})  # keys whose value is a file path relative to the profile


class BadRequest(Exception):
    """A request the form cannot serve; the message is for the administrator."""


@dataclass
class Workspace:
    schools: Path

    def __post_init__(self) -> None:
        self.schools = self.schools.resolve()

    def profile_path(self, school_id: str) -> Path:
        if not SCHOOL_ID.fullmatch(school_id or ""):
            raise BadRequest(
                "Идентификатор школы пишется латиницей, цифрами, «_» или «-» (до 64 знаков), "
                "например school_5."
            )
        path = (self.schools / f"{school_id}.yaml").resolve()
        if path.parent != self.schools:
            raise BadRequest("Профиль должен лежать в папке профилей.")
        return path

    def display(self, path: Path) -> str:
        """data/schools/x.yaml when under the current folder, else the absolute path."""
        try:
            rel = os.path.relpath(path, Path.cwd())
        except ValueError:
            return str(path)
        return str(path) if rel.startswith("..") else rel

    def profiles(self) -> list[str]:
        if not self.schools.is_dir():
            return []
        return sorted(
            p.stem
            for p in self.schools.glob("*.yaml")
            if p.is_file() and SCHOOL_ID.fullmatch(p.stem)
        )

    def read(self, school_id: str) -> str:
        path = self.profile_path(school_id)
        try:
            return path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise BadRequest(f"Профиля {self.display(path)} нет.") from None
        except UnicodeDecodeError:
            raise BadRequest(
                f"Профиль {self.display(path)} не в кодировке UTF-8: сохраните его в UTF-8."
            ) from None

    def save(self, school_id: str, text: str) -> Path:
        from generator.write import write_atomic

        path = self.profile_path(school_id)
        write_atomic(path, text.encode("utf-8"))
        return path

    # --- checking ---------------------------------------------------------------------------

    def _escaping(self, text: str, profile: Path) -> list[tuple[tuple[str, ...], int, int, int]]:
        """File paths in the profile that lead out of the profiles' folder:
        (path, line, column, span of the value in the text)."""
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            return []
        found: list[tuple[tuple[str, ...], int, int, int]] = []

        def walk(node: Any, path: tuple[str, ...]) -> None:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    k = key.value if isinstance(key, yaml.ScalarNode) else None
                    if k in PATH_FIELDS and isinstance(value, yaml.ScalarNode) and value.value:
                        if not self.inside(profile.parent / value.value):
                            mark = value.start_mark
                            found.append(((*path, k), mark.line + 1, mark.column + 1, mark.index))
                    elif isinstance(k, str):
                        walk(value, (*path, k))

        walk(root, ())
        return found

    def inside(self, path: Path) -> bool:
        if os.path.isabs(str(path)) and not str(path).startswith(str(self.schools)):
            return False
        try:
            return path.resolve().is_relative_to(self.schools)
        except (OSError, RuntimeError):
            return False

    def check(self, text: str, school_id: str) -> tuple[Any, list[Diagnostic]]:
        """`profdocs validate` on the text, as if it were data/schools/<id>.yaml."""
        path = self.profile_path(school_id)
        file = self.display(path)
        escaping = self._escaping(text, path)
        guard: list[Diagnostic] = []
        if escaping:
            spans = []
            for key_path, line, column, index in escaping:
                guard.append(
                    Diagnostic.at(
                        file,
                        line,
                        column,
                        key_path,
                        "Файл должен лежать в папке профилей или вложенной в неё: укажите путь "
                        "относительно профиля, без «..» и без абсолютного пути.",
                    )
                )
                spans.append(index)
            text = _blank_values(text, spans)
        valid, found = generator.validate_text(text, path)
        errors = [
            Diagnostic.at(self._file(e.file, path, file), e.line, e.column, e.path, e.message)
            for e in found
        ]
        if guard:
            blocked = {g.path for g in guard}
            errors = sorted(
                [*guard, *(e for e in errors if e.path not in blocked)],
                key=lambda e: (e.file != file, e.line, e.column),
            )
            return None, errors
        return valid, errors

    def _file(self, file: str, path: Path, display: str) -> str:
        if file == str(path):
            return display
        return self.display(Path(file)) if Path(file).is_relative_to(self.schools) else file

    # --- building ---------------------------------------------------------------------------

    def build(self, text: str, school_id: str, pdf: bool = False) -> bytes:
        """The package as a ZIP; raises ProfileInvalid, VerificationFailed or BuildError."""
        valid, errors = self.check(text, school_id)
        if errors:
            raise ProfileInvalid(errors)
        built = generator.render_package(valid, generator.DEFAULT_TEMPLATES)
        files = dict(built.documents)
        if pdf:
            files.update(_pdfs(files))
        return _zip(school_id, files)


def _blank_values(text: str, indexes: list[int]) -> str:
    """Replace the scalar values starting at the given offsets with `null`."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    spans: list[tuple[int, int]] = []

    def walk(node: Any) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(key)
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)
        elif isinstance(node, yaml.ScalarNode) and node.start_mark.index in indexes:
            spans.append((node.start_mark.index, node.end_mark.index))

    walk(root)
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + "null" + text[end:]
    return text


def _pdfs(docx: dict[str, bytes]) -> dict[str, bytes]:
    from generator.pdf import convert_to_pdf

    with tempfile.TemporaryDirectory(prefix="profdocs-web-") as tmp:
        folder = Path(tmp)
        paths = []
        for name, data in docx.items():
            (folder / name).write_bytes(data)
            paths.append(folder / name)
        return {p.name: p.read_bytes() for p in convert_to_pdf(paths, folder)}


def _zip(school_id: str, files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{school_id}/{name}", date_time=ZIP_DATE)
            info.compress_type = (
                zipfile.ZIP_STORED if name.endswith(".docx") else zipfile.ZIP_DEFLATED
            )
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return out.getvalue()


def soffice_available() -> bool:
    from generator.pdf import find_soffice

    return find_soffice() is not None
