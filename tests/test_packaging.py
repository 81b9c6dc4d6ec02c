"""An ordinary install (a wheel, `pip install .`, pipx) carries what profdocs needs to build.

Until the templates moved into the wheel, `pip install .` gave a `profdocs` that could not
find «templates/docx/01_work_regulation.docx»: only an editable install from a checkout
worked. These tests build the wheel, look inside, and run the installed package from an
empty folder, away from the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.documents import DOCUMENTS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (found,) = out.glob("profdocs-*.whl")
    return found


def test_wheel_carries_templates_schema_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in sorted((ROOT / "templates" / "docx").glob("*.docx")):
        assert f"generator/templates/docx/{template.name}" in names
    assert "generator/schema/profile.schema.json" in names
    assert "generator/report/templates/report.html" in names  # the page of `profdocs report`
    for data in sorted((ROOT / "generator" / "catalog").glob("*.yaml")):
        assert f"generator/catalog/{data.name}" in names


def test_wheel_carries_every_module(wheel: Path) -> None:
    """pyproject.toml lists the packages by name: a new sub-package must be added there."""
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*.py"))
    missing = [m for m in modules if m not in names]
    assert not missing, f"add the sub-packages to [tool.setuptools] packages: {missing}"


def test_installed_wheel_builds_checks_and_inits_from_an_empty_folder(
    wheel: Path, tmp_path: Path
) -> None:
    """The wheel installed alone (its dependencies are this environment's), run elsewhere."""
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), wheel],
        check=True,
        capture_output=True,
        timeout=300,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(ROOT / "data" / "schools" / "demo.yaml", work / "demo.yaml")
    env = {**os.environ, "PYTHONPATH": str(site)}

    def profdocs(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    where = profdocs("--version")
    assert where.returncode == 0, where.stderr
    located = subprocess.run(
        [sys.executable, "-c", "import generator.paths as p; print(p.DEFAULT_TEMPLATES)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(located.stdout.strip()).is_relative_to(site), located.stdout

    built = profdocs("build", "demo.yaml")
    assert built.returncode == 0, built.stdout + built.stderr
    assert len(list((work / "output" / "demo").glob("*.docx"))) == len(DOCUMENTS)

    checked = profdocs("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    started = profdocs("init", "x")
    assert started.returncode == 0, started.stdout + started.stderr
    starter = work / "data" / "schools" / "x.yaml"
    first = starter.read_text(encoding="utf-8").splitlines()[0]
    pointer = first.removeprefix("# yaml-language-server: $schema=")
    assert (starter.parent / pointer).resolve().is_file(), pointer
