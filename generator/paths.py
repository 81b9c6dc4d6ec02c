"""Where profdocs finds its files; every `PROFDOCS_*` variable is read here.

In a wheel the templates and the JSON Schema are inside the package (pyproject.toml maps the
repository's `templates/` and `schema/` there); in a checkout, and in an editable install,
they stay at the top of the repository, where methodologists find and edit them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _resource(name: str) -> Path:
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


TEMPLATES_ROOT = _resource("templates")
DEFAULT_TEMPLATES = TEMPLATES_ROOT / "docx"
SCHEMA_PATH = _resource("schema") / "profile.schema.json"
CATALOG = PACKAGE / "catalog"  # the data files people maintain (requirements, legal basis…)

ENV_DEBUG = "PROFDOCS_DEBUG"  # internal errors raise with their traceback


# A school's id names its profile file and its output folder: Latin letters, digits, «_» and
# «-», starting with a letter or digit. Nothing else can climb out of the output folder
# («..», «/»), hide the folder («.demo») or clash with the build's own «.demo.*» entries.
SCHOOL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
SCHOOL_ID_RULE = (
    "идентификатор школы (имя файла профиля без .yaml) пишется латиницей, цифрами, «_» или "
    "«-», начинается с буквы или цифры и не длиннее 64 знаков, например school_5"
)


def is_school_id(name: str) -> bool:
    return SCHOOL_ID.fullmatch(name) is not None


def catalog_file(name: str) -> Path:
    return CATALOG / name


def shown(path: Path) -> str:
    """A data file as a maintainer finds it in the repository: «generator/catalog/roles.yaml»."""
    try:
        return path.relative_to(PACKAGE.parent).as_posix()
    except ValueError:
        return str(path)


def debug() -> bool:
    return bool(os.environ.get(ENV_DEBUG))
