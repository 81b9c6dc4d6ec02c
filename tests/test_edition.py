"""The edition of the templates: templates/docx/edition.yaml, recorded in every built
document, read back from a package, compared, and reported by build and check."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import edition as ed
from generator.check import check_templates
from generator.cli import main
from generator.documents import DOCUMENTS
from generator.docx import opc
from generator.errors import TemplateInvalid
from generator.pipeline import render_package, write_package
from tests.hostile_cases import rewrite

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "docx"
SCHOOLS = ROOT / "data" / "schools"
DEMO = SCHOOLS / "demo.yaml"


def _templates(tmp_path: Path, version: str = "2026.1", date: str = "2026-09-01") -> Path:
    folder = tmp_path / "templates"
    if not folder.exists():
        shutil.copytree(TEMPLATES, folder)
    (folder / ed.MANIFEST).write_text(
        f'version: "{version}"\ndate: {date}\nnote: проверка\n', encoding="utf-8"
    )
    return folder


def test_the_shipped_set_has_a_valid_edition() -> None:
    installed = ed.load_edition(TEMPLATES)
    assert installed.recorded and installed.fingerprint == ed.fingerprint(TEMPLATES)
    assert ed.manifest_findings(TEMPLATES) == []


def test_every_document_records_the_edition_and_the_fingerprint(tmp_path: Path) -> None:
    templates = _templates(tmp_path, "2026.3", "2026-10-05")
    built = render_package(DEMO, templates)
    for name, data in built.documents.items():
        got = ed.read_edition(data)
        assert (got.version, got.date) == ("2026.3", dt.date(2026, 10, 5)), name
        assert got.fingerprint == ed.fingerprint(templates)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            types = zf.read("[Content_Types].xml").decode()
            rels = zf.read("_rels/.rels").decode()
        assert 'PartName="/docProps/custom.xml"' in types
        assert 'Target="docProps/custom.xml"' in rels
    # the same templates and profile give the same bytes, the edition included
    assert render_package(DEMO, templates).documents == built.documents


def test_a_template_edited_without_a_new_edition_has_another_fingerprint(tmp_path: Path) -> None:
    templates = _templates(tmp_path)
    before = ed.load_edition(templates)
    victim = templates / DOCUMENTS[3].template
    victim.write_bytes(rewrite(victim.read_bytes(), add={"customXml/note.xml": b"<a/>"}))
    after = ed.load_edition(templates)
    assert (after.version, after.date) == (before.version, before.date)
    assert after.fingerprint != before.fingerprint
    assert ed.compare(before, after) == "changed"


@pytest.mark.parametrize(
    ("built", "installed", "verdict"),
    [
        ("2026.1", "2026.2", "older"),
        ("2026.9", "2026.10", "older"),  # numbers, not text
        ("2026.2", "2026.1", "newer"),
        ("2026.2", "2026.2", "same"),
    ],
)
def test_compare(built: str, installed: str, verdict: str) -> None:
    day = dt.date(2026, 9, 1)
    assert ed.compare(ed.Edition(built, day, "f"), ed.Edition(installed, day, "f")) == verdict
    assert ed.compare(ed.UNRECORDED, ed.Edition(installed, day, "f")) == "older"


def test_package_edition_is_the_oldest_document(tmp_path: Path) -> None:
    out = tmp_path / "out" / "demo"
    assert ed.package_edition(out) is None  # no package at all
    write_package(render_package(DEMO, _templates(tmp_path, "2026.2")), out)
    assert ed.package_edition(out).version == "2026.2"
    journal = out / DOCUMENTS[5].file_name
    write_package(render_package(DEMO, _templates(tmp_path, "2026.1")), tmp_path / "old")
    shutil.copy(tmp_path / "old" / DOCUMENTS[5].file_name, journal)
    assert ed.package_edition(out).version == "2026.1"
    # a document built before editions were recorded carries no custom.xml
    with zipfile.ZipFile(journal) as zf:
        entries = tuple((info, zf.read(info)) for info in zf.infolist())
    bare = io.BytesIO()
    with zipfile.ZipFile(bare, "w") as zf:
        for info, data in opc.without_part(entries, opc.CUSTOM):
            zf.writestr(info, data)
    journal.write_bytes(bare.getvalue())
    assert ed.package_edition(out) is ed.UNRECORDED


def test_the_templates_own_custom_properties_are_kept(tmp_path: Path) -> None:
    """LibreOffice writes an (empty) custom.xml on every save; a methodologist may keep
    properties of her own there: ours are added, hers stay."""
    templates = _templates(tmp_path)
    victim = templates / DOCUMENTS[3].template
    own = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://'
        'schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://'
        'schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid='
        '"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Ответственный"><vt:lpwstr>'
        'Методист</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"'
        ' pid="3" name="Редакция шаблонов"><vt:lpwstr>0.9</vt:lpwstr></property></Properties>'
    )
    victim.write_bytes(opc_with_part(victim.read_bytes(), own))
    data = render_package(DEMO, templates).documents[DOCUMENTS[3].file_name]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        props = opc.read_custom_properties(zf.read(opc.CUSTOM))
        types = zf.read("[Content_Types].xml").decode()
    assert names.count(opc.CUSTOM) == 1 and types.count("/docProps/custom.xml") == 1
    assert props["Ответственный"] == "Методист" and props[ed.VERSION] == "2026.1"


def opc_with_part(docx: bytes, custom: str) -> bytes:
    """The template with a custom.xml of its own, as LibreOffice saves one."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        entries = tuple((info, zf.read(info)) for info in zf.infolist())
    entries = opc.with_custom_properties(entries, {})  # the part, its type and relationship
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info, data in entries:
            zf.writestr(info, custom.encode() if info.filename == opc.CUSTOM else data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("manifest", "phrase"),
    [
        (None, "нет файла edition.yaml"),
        ("version: 2026.10\ndate: 2026-09-01\n", "в кавычках"),
        ('version: "2026.1"\ndate: 1.9.2026\n', "ГГГГ-ММ-ДД"),
        ('version: "вторая"\ndate: 2026-09-01\n', "из чисел через точку"),
        ('version: "2026.1"\ndate: 2026-09-01\nauthor: я\n', "неизвестные поля author"),
    ],
)
def test_a_broken_manifest_is_reported_by_check_and_refused_by_build(
    tmp_path: Path, manifest: str | None, phrase: str
) -> None:
    templates = _templates(tmp_path)
    if manifest is None:
        (templates / ed.MANIFEST).unlink()
    else:
        (templates / ed.MANIFEST).write_text(manifest, encoding="utf-8")
    errors = [f for f in check_templates(templates) if f.severity == "error"]
    assert [f.file for f in errors] == [ed.MANIFEST]
    assert phrase.lower() in errors[0].message.lower()  # check starts it: «Нет файла…»
    with pytest.raises(TemplateInvalid, match=phrase):
        render_package(DEMO, templates)


def test_an_edition_dated_in_the_future_is_a_warning(tmp_path: Path) -> None:
    templates = _templates(tmp_path, date="2026-09-01")
    found = ed.manifest_findings(templates, today=dt.date(2026, 8, 1))
    assert [f.severity for f in found] == ["warning"] and "не наступила" in found[0].message


def test_build_says_when_it_replaces_an_older_edition(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    templates = _templates(tmp_path, "2026.1")
    args = ["build", str(DEMO), "--templates", str(templates), "-o", str(out)]
    first = runner.invoke(main, args)
    assert first.exit_code == 0 and "редакци" not in first.output
    again = runner.invoke(main, args)
    assert again.exit_code == 0 and "редакци" not in again.output  # same edition: silent
    _templates(tmp_path, "2026.2", "2027-01-15")
    newer = runner.invoke(main, args)
    assert newer.exit_code == 0
    assert (
        "demo: пакет обновлён: прежний был собран по редакции 2026.1 от 01.09.2026, новый — по "
        "редакции 2026.2 от 15.01.2027." in newer.output
    )
    region = runner.invoke(
        main,
        ["build", str(SCHOOLS), "--templates", str(_templates(tmp_path, "2026.3")), "-o", str(out)],
    )
    assert region.exit_code == 0
    assert re.search(r"^demo +готово; обновлён с редакции 2026.2 до 2026.3$", region.output, re.M)
    assert re.search(r"^mirny +готово( \(предупреждений: \d+\))?$", region.output, re.M)


def test_check_outdated_lists_the_schools_to_rebuild(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    old = _templates(tmp_path / "a", "2026.1")
    new = _templates(tmp_path / "b", "2026.2", "2027-01-15")
    runner.invoke(
        main, ["build", str(SCHOOLS / "mirny.yaml"), "--templates", str(old), "-o", str(out)]
    )
    runner.invoke(main, ["build", str(DEMO), "--templates", str(new), "-o", str(out)])
    (out / "empty").mkdir()

    stale = runner.invoke(main, ["check", str(new), "--outdated", str(out)])
    assert stale.exit_code == 1, stale.output
    assert stale.output.splitlines() == [
        "Установлена редакция шаблонов 2026.2 от 15.01.2027.",
        "mirny: пакет собран по редакции 2026.1 от 01.09.2026: пересоберите его.",
        f"Пересобрать нужно 1 из 2 пакетов в {out}: profdocs build ПРОФИЛИ -o {out}",
    ]
    as_json = json.loads(
        runner.invoke(main, ["check", str(new), "--outdated", str(out), "--json"]).output
    )
    assert as_json["outdated"] == 1
    assert [(s["school"], s["status"]) for s in as_json["schools"]] == [
        ("demo", "same"),
        ("mirny", "older"),
    ]
    current = runner.invoke(main, ["check", str(old), "--outdated", str(out)])
    assert current.exit_code == 0, current.output  # demo is newer than «installed» here
    assert "demo: пакет собран по более новой редакции (2026.2 от 15.01.2027)" in current.output
