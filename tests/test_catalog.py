"""The data files are read through models that name the file and the key of a bad edit."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import catalog
from generator.errors import EXIT_FAILED, CatalogError
from generator.paths import CATALOG

LOADERS = {
    "roles.yaml": catalog.RolesFile,
    "regions.yaml": catalog.RegionsFile,
    "plan_defaults.yaml": catalog.PlanDefaults,
    "legal_basis.yaml": catalog.LegalBasis,
    "positions.yaml": catalog.PositionsFile,
    "declension_exceptions.yaml": catalog.DeclensionExceptions,
    "school_name_forms.yaml": catalog.SchoolNameForms,
    "requirements.yaml": catalog.RequirementsFile,
    "report_columns.yaml": catalog.ReportColumns,
}


@pytest.fixture
def catalog_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    for name in LOADERS:
        (folder / name).write_bytes((CATALOG / name).read_bytes())
    monkeypatch.setattr(catalog, "catalog_file", lambda name: folder / name)
    return folder


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_shipped_file_reads(name: str) -> None:
    assert catalog._parse(LOADERS[name], name) is not None


def _edit(folder: Path, name: str, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    change(data)
    (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_a_misspelt_key_names_the_file_and_the_key(catalog_copy: Path) -> None:
    _edit(catalog_copy, "roles.yaml", lambda d: d["roles"][2].update(titel="координатор"))
    with pytest.raises(CatalogError) as info:
        catalog._parse(catalog.RolesFile, "roles.yaml")
    message = str(info.value)
    assert "roles.yaml" in message and "roles.2.titel" in message and "неизвестный ключ" in message
    assert info.value.exit_code == EXIT_FAILED


def test_a_missing_key_and_a_wrong_type_are_named(catalog_copy: Path) -> None:
    _edit(catalog_copy, "regions.yaml", lambda d: d["regions"]["tomsk"].pop("institute_short"))
    with pytest.raises(CatalogError, match=r"regions\.tomsk\.institute_short — нет обязательного"):
        catalog._parse(catalog.RegionsFile, "regions.yaml")
    _edit(catalog_copy, "plan_defaults.yaml", lambda d: d["levels"]["базовый"].update(hours="x"))
    with pytest.raises(CatalogError, match=r"levels\.базовый\.hours — ожидалось целое число"):
        catalog._parse(catalog.PlanDefaults, "plan_defaults.yaml")


def test_broken_yaml_names_the_line(catalog_copy: Path) -> None:
    (catalog_copy / "legal_basis.yaml").write_text("acts: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"legal_basis\.yaml не читается как YAML, строка"):
        catalog._parse(catalog.LegalBasis, "legal_basis.yaml")


def test_role_keys_come_from_roles_yaml() -> None:
    from generator.model import ROLE_KEYS, Roles

    keys = tuple(
        r["key"] for r in yaml.safe_load((CATALOG / "roles.yaml").read_text("utf-8"))["roles"]
    )
    assert keys == ROLE_KEYS
    assert tuple(Roles.model_fields) == keys
