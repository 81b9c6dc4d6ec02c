"""Small helpers for tests that corrupt a copy of a template on purpose."""

from __future__ import annotations

import zipfile
from pathlib import Path


def replace_in_template(path: Path, old: str, new: str, part: str = "word/document.xml") -> None:
    with zipfile.ZipFile(path) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    done = False
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            if info.filename == part:
                text = data.decode("utf-8")
                assert old in text, f"{old!r} not in {part} of {path.name}"
                data = text.replace(old, new).encode("utf-8")
                done = True
            zf.writestr(info, data)
    assert done, part


def broken_copy(templates: Path, into: Path, template: str, old: str, new: str) -> Path:
    """A copy of the template folder with one text replaced in one template."""
    import shutil

    shutil.copytree(templates, into)
    replace_in_template(into / template, old, new)
    return into


def linked_copy(templates: Path, into: Path, changed: dict[str, bytes]) -> Path:
    """A template folder with `changed` files written and the others linked to the originals.

    A linked template resolves to the original, so the build finds it compiled already:
    a test that plants one case into one template pays for compiling that one only.
    """
    import shutil

    into.mkdir(parents=True)
    for path in sorted(templates.iterdir()):
        if path.name in changed:
            (into / path.name).write_bytes(changed[path.name])
        elif path.suffix == ".docx":
            (into / path.name).symlink_to(path)
        else:
            shutil.copy(path, into / path.name)
    return into
