"""The web form without a browser: what it writes, where errors go, the API and its guards."""

from __future__ import annotations

import difflib
import io
import logging
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel, Field
from starlette.testclient import TestClient

import generator
from generator.cli import main
from generator.documents import DOCUMENTS
from generator.web import yamldoc
from generator.web.app import create_app
from generator.web.locate import slot_for
from generator.web.merge import Form, merge
from generator.web.spec import (
    Group,
    KeyedTable,
    RecordTable,
    Role,
    Scalar,
    ScalarList,
    model_group,
    profile_spec,
    split_description,
)
from generator.web.view import build_view, field_id, slot_id
from tests.web_form import NEW_SCHOOL, form_pairs, multipart, with_values

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = ROOT / "data" / "schools"
BY_HAND = Path(__file__).parent / "data" / "web_school_by_hand.yaml"


@pytest.fixture
def schools(tmp_path: Path) -> Path:
    folder = tmp_path / "schools"
    folder.mkdir()
    for name in ("demo.yaml", "mirny.yaml"):
        shutil.copy(SCHOOLS / name, folder / name)
    return folder


@pytest.fixture
def client(schools: Path) -> TestClient:
    return TestClient(create_app(schools), base_url="http://127.0.0.1")


def page_pairs(client: TestClient, url: str) -> list[tuple[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    return form_pairs(response.text)


def post(client: TestClient, pairs: list[tuple[str, str]], action: str) -> Any:
    return client.post("/edit", files=multipart([*pairs, ("_action", action)]))


def changed(pairs: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    return with_values(pairs, **values)


def diff(a: str, b: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


# --- the form follows the model -----------------------------------------------------------


def test_every_model_field_has_a_widget() -> None:
    from generator.model import Profile

    def walk(model: type[BaseModel], group: Group) -> None:
        assert [c.key for c in group.children] == list(model.model_fields)

    walk(Profile, profile_spec())
    spec = profile_spec()
    assert isinstance(spec.child("staff"), KeyedTable)
    assert isinstance(spec.child("roles").child("class_teacher"), Role)
    assert spec.child("roles").child("class_teacher").multiple
    assert not spec.child("roles").child("director").multiple
    assert not spec.child("roles").child("coordinator").delegable
    journal = spec.child("journal").child("entries")
    assert isinstance(journal, RecordTable)
    category = journal.item.child("category")
    assert isinstance(category, Scalar) and category.kind == "choice"
    assert [c[0] for c in category.choices] == ["обучающийся", "родитель", "педагог"]
    months = spec.child("plan").child("events").item.child("months")
    assert isinstance(months, ScalarList) and months.item.kind == "int"
    direction = spec.child("plan").child("events").item.child("direction")
    assert ("consulting", "Профориентационное консультирование") in direction.choices


def test_a_field_added_to_the_model_gets_a_widget_and_label() -> None:
    """What another issue adds (a list of grades, a work log) needs no form code."""

    class Entry(BaseModel):
        date: str = Field(description="Дата записи: 2026-09-01.")
        hours: int = Field(1, description="Сколько часов.")

    class Extended(BaseModel):
        grades: list[str] = Field([], description="Классы школы: «1А», «1Б».")
        work_log: list[Entry] = Field([], description="Журнал работы координатора.")
        head: bool | None = Field(None, description="Руководитель ли.")

    group = model_group(Extended)
    grades, log, head = group.children
    assert isinstance(grades, ScalarList) and grades.label == "Классы школы"
    assert isinstance(log, RecordTable) and log.label == "Журнал работы координатора"
    assert [c.label for c in log.item.children] == ["Дата записи", "Сколько часов"]
    assert isinstance(head, Scalar) and head.kind == "bool"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Учебный год: «2026/2027».", "Учебный год"),
        ("Ф.И.О. консультируемого или его код.", "Ф.И.О. консультируемого или его код"),
        ("Населённый пункт — место составления: «г. Томск».", "Населённый пункт"),
        ("Пол. Указывайте, только если не ясен.", "Пол"),
        (
            "Протокол совета обучающихся, если учтено его мнение (ст. 30).",
            "Протокол совета обучающихся",
        ),
    ],
)
def test_labels_from_descriptions(text: str, label: str) -> None:
    got, help_ = split_description(text)
    assert got == label
    assert help_ == ("" if text.rstrip(".") == label else text)


# --- saving keeps the file ------------------------------------------------------------------


@pytest.mark.parametrize("school", ["demo", "mirny"])
def test_untouched_profile_saves_byte_for_byte(
    client: TestClient, schools: Path, school: str
) -> None:
    original = (schools / f"{school}.yaml").read_text(encoding="utf-8")
    response = post(client, page_pairs(client, f"/edit?school={school}"), "save")
    assert response.status_code == 200
    assert (schools / f"{school}.yaml").read_text(encoding="utf-8") == original


def test_one_edit_changes_one_line_and_keeps_comments(client: TestClient, schools: Path) -> None:
    original = (schools / "mirny.yaml").read_text(encoding="utf-8")
    pairs = page_pairs(client, "/edit?school=mirny")
    response = post(client, changed(pairs, school__short_name="МБОУ «Мирненская СОШ»"), "download")
    assert response.headers["content-type"].startswith("text/yaml")
    assert diff(original, response.text) == [
        "-  short_name: МБОУ «Мирненская СОШ» Томского района",
        "+  short_name: МБОУ «Мирненская СОШ»",
    ]


def test_unknown_sections_and_keys_survive_a_save(client: TestClient, schools: Path) -> None:
    text = (schools / "demo.yaml").read_text(encoding="utf-8")
    extra = "\n# Раздел другой программы.\nlast_year:\n  graduates: 31  # выпускники\n"
    text = text.replace("  region: tomsk\n", "  region: tomsk\n  okpo: '12345678'\n") + extra
    (schools / "demo.yaml").write_text(text, encoding="utf-8")
    pairs = page_pairs(client, "/edit?school=demo")
    post(client, changed(pairs, academic_year="2027/2028"), "save")
    saved = (schools / "demo.yaml").read_text(encoding="utf-8")
    assert diff(text, saved) == ["-academic_year: 2026/2027", "+academic_year: 2027/2028"]


def test_added_keys_go_in_model_order_below_the_previous_comments() -> None:
    base = "school:\n  full_name: А\n  # region: tomsk\n\n# Год\nacademic_year: 2026/2027\n"
    form = Form({"school.address": ["ул. Лесная, 1"], "school.full_name": ["А"]})
    text = merge(form, base).text
    assert text == (
        "school:\n  full_name: А\n  address: ул. Лесная, 1\n  # region: tomsk\n\n"
        "# Год\nacademic_year: 2026/2027\n"
    )


@pytest.mark.parametrize(
    "value",
    ["yes", "no", "on", "1", "2026-01-01", "null", "~", 'Школа "Звезда": №1', "- x", "#1", "12:30"],
)
def test_written_text_reads_back_as_the_same_text(value: str) -> None:
    """PyYAML (YAML 1.1) must read what ruamel (YAML 1.2) writes as the string typed."""
    text = merge(Form({"school.short_name": [value]}), "school:\n  short_name: x\n").text
    assert yaml.safe_load(text)["school"]["short_name"] == value


def test_the_issue_quote_is_no_longer_a_stop(client: TestClient, schools: Path) -> None:
    """An ASCII quote inside the name used to be a YAML syntax error typed by hand."""
    pairs = page_pairs(client, "/edit?school=demo")
    name = 'МАОУ СОШ № 77 "Радуга" г. Томска'
    post(client, changed(pairs, school__short_name=name), "save")
    valid, errors = generator.validate_file(schools / "demo.yaml")
    assert errors == [] and valid.profile.school.short_name == name


def test_new_school_saved_from_the_form_validates_and_builds_like_by_hand(
    client: TestClient, schools: Path
) -> None:
    pairs = page_pairs(client, "/new?school=berezovka")
    values = {k.replace(".", "__"): v for k, v in NEW_SCHOOL.items()}
    response = post(client, changed(pairs, **values), "save")
    assert "Профиль в порядке" in response.text
    saved = schools / "berezovka.yaml"
    assert saved.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    result = CliRunner().invoke(main, ["validate", str(saved)])
    assert result.exit_code == 0, result.output
    by_form = generator.render_package(saved).documents
    by_hand = generator.render_package(BY_HAND).documents
    assert by_form.keys() == by_hand.keys()
    for name in by_form:
        assert by_form[name] == by_hand[name], name


def test_same_documents_after_a_save_from_the_form(client: TestClient, schools: Path) -> None:
    before = generator.render_package(schools / "mirny.yaml").documents
    pairs = changed(page_pairs(client, "/edit?school=mirny"), _school="mirny_form")
    post(client, [*pairs, ("_overwrite", "1")], "save")
    after = generator.render_package(schools / "mirny_form.yaml").documents
    assert before == after


def test_staff_rename_is_followed_by_roles(client: TestClient, schools: Path) -> None:
    pairs = page_pairs(client, "/edit?school=mirny")
    row = next(k for k, v in pairs if k.endswith("._key") and v == "lev").rsplit(".", 1)[0]
    pairs = [(k, "lev_b" if k == f"{row}._key" else v) for k, v in pairs]
    post(client, pairs, "save")
    data = yaml.safe_load((schools / "mirny.yaml").read_text(encoding="utf-8"))
    assert "lev" not in data["staff"] and data["staff"]["lev_b"]["name"] == "Лев Борис Аркадьевич"
    assert data["roles"]["class_teacher"] == ["shevchuk_a", "lev_b", "belykh", "mamedov"]
    assert data["roles"]["additional_education_teacher"] == {"delegated_to": "lev_b"}
    assert generator.validate_file(schools / "mirny.yaml")[1] == []


def test_added_staff_row_gets_a_key_from_the_surname(client: TestClient, schools: Path) -> None:
    response = post(client, page_pairs(client, "/edit?school=mirny"), "add:staff")
    pairs = form_pairs(response.text)
    new = max(int(k.split(".")[1]) for k, _ in pairs if k.startswith("staff.") and "._row" in k)
    pairs = changed(
        pairs,
        **{f"staff__{new}__name": "Ёлкин Пётр Ильич", f"staff__{new}__position": "учитель химии"},
    )
    post(client, pairs, "save")
    text = (schools / "mirny.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["staff"]["elkin"] == {"name": "Ёлкин Пётр Ильич", "position": "учитель химии"}
    # The new row goes after the last one, before the comment that heads the next section.
    assert text.index("  elkin:") < text.index("roles:")
    assert text.index("    pedagogical: false\n  elkin:") > 0


def test_deleted_row_leaves_the_file(client: TestClient, schools: Path) -> None:
    pairs = page_pairs(client, "/edit?school=demo")
    post(client, [*pairs, ("journal.entries.1._delete", "1")], "save")
    entries = yaml.safe_load((schools / "demo.yaml").read_text(encoding="utf-8"))["journal"][
        "entries"
    ]
    assert [e["date"].isoformat() for e in entries] == ["2026-09-15", "2026-10-06"]


def test_role_delegation_with_basis(client: TestClient, schools: Path) -> None:
    pairs = page_pairs(client, "/edit?school=demo")
    pairs = changed(
        pairs,
        roles__librarian__mode="delegated",
        roles__librarian__delegated_to="elkina",
        roles__librarian__basis="приказ от 28.08.2026 № 119-о",
    )
    post(client, pairs, "save")
    data = yaml.safe_load((schools / "demo.yaml").read_text(encoding="utf-8"))
    assert data["roles"]["librarian"] == {
        "delegated_to": "elkina",
        "basis": "приказ от 28.08.2026 № 119-о",
    }


# --- errors next to their fields --------------------------------------------------------------


ROWS = {"staff": {"ivanova": 3, "lev": 0}, "journal.entries": {0: 0, 2: 5}, "plan.events": {0: 0}}


@pytest.mark.parametrize(
    ("path", "slot"),
    [
        (("staff", "ivanova", "name"), "staff.3.name"),
        (("staff", "ivanova"), "staff.3"),
        (("staff", "ivanova", "name_forms", "genitive"), "staff.3.name_forms.genitive"),
        (("staff", "lev", "[key]"), "staff.0._key"),
        (("staff", "nobody", "name"), "staff"),
        (("acts", "order", "date"), "acts.order.date"),
        (("acts", "pedagogical_council", "date"), "acts.pedagogical_council.date"),
        (("academic_year",), "academic_year"),
        (("journal", "entries", 2, "date"), "journal.entries.5.date"),
        (("journal", "entries", 2), "journal.entries.5"),
        (("journal", "entries", 7, "date"), "journal.entries"),
        (("plan", "events", 0, "responsible", 1), "plan.events.0.responsible"),
        (("plan", "events", 0, "months"), "plan.events.0.months"),
        (("partners", "enterprises", 1), "partners.enterprises"),
        (("roles", "class_teacher", 1), "roles.class_teacher"),
        (("roles", "psychologist", "delegated_to"), "roles.psychologist.delegated_to"),
        (("roles",), "roles"),
        (("school", "adress"), "school"),
        (("schol",), ""),
        ((), ""),
    ],
)
def test_error_path_to_field(path: tuple[str | int, ...], slot: str) -> None:
    assert slot_for(path, ROWS) == slot


def test_error_path_stops_at_a_field_the_page_has() -> None:
    slots = {"", "staff", "staff.3"}
    assert slot_for(("staff", "ivanova", "name"), ROWS, slots) == "staff.3"
    assert slot_for(("staff", "ivanova", "name"), ROWS, {""}) == ""


def test_every_error_of_a_broken_profile_is_shown_next_to_an_existing_field(
    client: TestClient, schools: Path
) -> None:
    text = (schools / "demo.yaml").read_text(encoding="utf-8")
    text = (
        text.replace("name: Иванова Мария Петровна", "name: Иванова Мария")
        .replace("academic_year: 2026/2027", "academic_year: 2026-2027")
        .replace("date: 2026-09-22", "date: 2026-13-22")
        .replace("class_teacher: [ivanova, shevchuk,", "class_teacher: [ivanova, shevchuc,")
    )
    (schools / "demo.yaml").write_text(text, encoding="utf-8")
    expected = generator.validate_file(schools / "demo.yaml")[1]
    assert len(expected) == 4
    html = client.get("/edit?school=demo").text
    doc = lxml.html.fromstring(html)
    slots = {
        "staff.3.name",
        "academic_year",
        "journal.entries.1.date",
        "roles.class_teacher",
    }
    for name in slots:
        element = doc.get_element_by_id(slot_id(name))
        messages = [p.text_content() for p in element.findall("p")]
        assert len(messages) == 1, name
        assert messages[0] in {e.message for e in expected}
        assert doc.get_element_by_id(field_id(name)) is not None
    links = {a.get("href") for a in doc.get_element_by_id("summary").iter("a")}
    assert links == {"#" + slot_id(name) for name in slots}
    summary = doc.get_element_by_id("summary").text_content()
    assert "Ошибок в профиле: 4" in summary
    for e in expected:
        assert e.message in summary


def test_live_validation_swaps_messages_in(client: TestClient) -> None:
    pairs = page_pairs(client, "/edit?school=demo")
    row = next(k for k, v in pairs if k.endswith("._key") and v == "ivanova").rsplit(".", 1)[0]
    pairs = changed(pairs, **{f"{row.replace('.', '__')}__name": "Иванова Мария"})
    response = client.post("/live", files=multipart(pairs))
    doc = lxml.html.fromstring(f"<div>{response.text}</div>")
    slot = doc.get_element_by_id(slot_id(f"{row}.name"))
    assert slot.get("hx-swap-oob") == "true"
    assert "Фамилия Имя Отчество" in slot.text_content()
    assert doc.get_element_by_id("summary").get("hx-swap-oob") == "true"
    # Everything else is cleared first, so a fixed field loses its old message.
    assert 'hx-swap-oob="innerHTML:#editor .err"' in response.text.split(slot_id(row))[0]


def test_live_validation_sends_new_staff_to_the_role_pickers(client: TestClient) -> None:
    response = post(client, page_pairs(client, "/edit?school=mirny"), "add:staff")
    pairs = form_pairs(response.text)
    new = max(int(k.split(".")[1]) for k, _ in pairs if k.startswith("staff.") and "._row" in k)
    pairs = changed(pairs, **{f"staff__{new}__name": "Ёлкин Пётр Ильич"})
    live = client.post("/live", files=multipart(pairs)).text
    assert 'hx-swap-oob="outerHTML:#pick-class_teacher-holders"' in live
    assert 'value="elkin"' in live and "Ёлкин Пётр Ильич" in live
    # Unchanged staff: the pickers are left alone (a click there is not swapped away).
    unchanged = client.post("/live", files=multipart(page_pairs(client, "/edit?school=mirny")))
    assert "pick-class_teacher-holders" not in unchanged.text


# --- CSV and XLSX ---------------------------------------------------------------------------


def _upload(client: TestClient, filename: str, data: bytes) -> Any:
    pairs = page_pairs(client, "/edit?school=mirny")
    files = [*multipart([*pairs, ("_action", "import:journal.entries")])]
    files.append(("journal.entries._file", (filename, data)))
    return client.post("/edit", files=files)


def test_journal_rows_from_csv_with_russian_headers(client: TestClient) -> None:
    csv_text = (
        "Дата;Ф.И.О. консультируемого или его код;Класс;Категория;Форма;Запрос или тема;"
        "Рекомендации или результат\n"
        "16.09.2026;О-001;9А;обучающийся;индивидуальная;Выбор профиля;Рекомендована диагностика\n"
        "17.09.2026;Р-001;9А;родитель;индивидуальная;Колледжи;Даны сведения о колледжах\n"
    )
    response = _upload(client, "журнал.csv", csv_text.encode("utf-8"))
    assert "добавлено строк: 2" in response.text
    pairs = form_pairs(response.text)
    text = post(client, pairs, "download").text
    entries = yaml.safe_load(text)["journal"]["entries"]
    assert [(e["person"], e["date"].isoformat()) for e in entries] == [
        ("О-001", "2026-09-16"),
        ("Р-001", "2026-09-17"),
    ]
    assert generator.validate_text(text, SCHOOLS / "mirny.yaml")[1] == []


def test_journal_rows_from_xlsx(client: TestClient) -> None:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["date", "person", "grade", "category", "form", "participants", "topic", "result"])
    sheet.append(
        [
            dt.datetime(2026, 10, 1),
            "9Б класс",
            "9Б",
            "обучающийся",
            "групповая",
            18,
            "Карта интересов",
            "Выданы карты",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    response = _upload(client, "journal.xlsx", out.getvalue())
    entries = yaml.safe_load(post(client, form_pairs(response.text), "download").text)["journal"][
        "entries"
    ]
    assert entries == [
        {
            "date": __import__("datetime").date(2026, 10, 1),
            "person": "9Б класс",
            "grade": "9Б",
            "category": "обучающийся",
            "form": "групповая",
            "participants": 18,
            "topic": "Карта интересов",
            "result": "Выданы карты",
        }
    ]


def test_spreadsheet_with_unknown_columns_is_refused(client: TestClient) -> None:
    response = _upload(client, "x.csv", "Дата,Кто,Что\n01.10.2026,a,b\n".encode())
    assert "неизвестные столбцы: Кто, Что" in response.text
    assert "entries" not in post(client, form_pairs(response.text), "download").text


# --- build and the JSON API -------------------------------------------------------------------


def test_build_gives_a_zip_of_the_package(client: TestClient) -> None:
    response = post(client, page_pairs(client, "/edit?school=mirny"), "build")
    assert response.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == len(DOCUMENTS) and all(
        n.startswith("mirny/") and n.endswith(".docx") for n in names
    )


def test_build_refused_shows_the_errors(client: TestClient) -> None:
    pairs = changed(page_pairs(client, "/edit?school=mirny"), academic_year="2026")
    response = post(client, pairs, "build")
    assert response.headers["content-type"].startswith("text/html")
    assert "Пакет не собран" in response.text and "Учебный год пишется как" in response.text


def test_build_refused_by_verification_shows_findings(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Finding:  # the shape the pipeline's findings have
        file, message, location = "04_Приказ.docx", "Нет номера приказа в грифе.", "абзац 3"

        def format(self) -> str:
            return f"{self.file}, {self.location}: ошибка: {self.message}"

        def to_dict(self) -> dict[str, str]:
            return {"file": self.file, "location": self.location, "message": self.message}

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise generator.VerificationFailed([Finding()])

    monkeypatch.setattr(generator, "render_package", refuse)
    response = post(client, page_pairs(client, "/edit?school=mirny"), "build")
    assert "документы не прошли проверку" in response.text
    assert "04_Приказ.docx, абзац 3: ошибка: Нет номера приказа в грифе." in response.text
    api = client.post("/api/build", content=(SCHOOLS / "mirny.yaml").read_bytes())
    assert api.status_code == 422 and api.json()["findings"][0]["location"] == "абзац 3"


@pytest.mark.parametrize("content_type", ["application/x-yaml", "text/plain", "application/json"])
def test_api_validate_same_errors_as_validate(client: TestClient, content_type: str) -> None:
    text = (SCHOOLS / "demo.yaml").read_text(encoding="utf-8").replace("2026/2027", "2026-2027")
    expected = generator.validate_text(text, SCHOOLS / "demo.yaml")[1]
    response = client.post(
        "/api/validate?school=demo", content=text.encode(), headers={"content-type": content_type}
    )
    assert response.status_code == 200
    assert [(e["line"], e["column"], tuple(e["path"]), e["message"]) for e in response.json()] == [
        (e.line, e.column, e.path, e.message) for e in expected
    ]
    assert expected


def test_api_build(client: TestClient) -> None:
    good = client.post("/api/build?school=mirny", content=(SCHOOLS / "mirny.yaml").read_bytes())
    assert good.status_code == 200 and good.headers["content-type"] == "application/zip"
    assert len(zipfile.ZipFile(io.BytesIO(good.content)).namelist()) == len(DOCUMENTS)
    bad = client.post("/api/build", content=b"school: {}\n")
    assert bad.status_code == 422
    assert {"line", "column", "path", "message"} <= set(bad.json()["errors"][0])


# --- guards -----------------------------------------------------------------------------------


def test_only_loopback_hosts(client: TestClient) -> None:
    assert client.get("/", headers={"host": "evil.example:8765"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    body = (SCHOOLS / "mirny.yaml").read_bytes()
    evil = client.post("/api/validate", content=body, headers={"origin": "http://evil.example"})
    assert evil.status_code == 403
    fetch = client.post("/api/build", content=body, headers={"sec-fetch-site": "cross-site"})
    assert fetch.status_code == 403
    same = client.post("/api/validate", content=body, headers={"origin": "http://127.0.0.1:1"})
    assert same.status_code == 200


def test_state_changes_need_the_csrf_token(client: TestClient, schools: Path) -> None:
    pairs = [(k, v) for k, v in page_pairs(client, "/new?school=fresh") if k != "_csrf"]
    response = post(client, pairs, "save")
    assert response.status_code == 400 and "Форма устарела" in response.text
    assert not (schools / "fresh.yaml").exists()
    wrong = post(client, [*pairs, ("_csrf", "x" * 43)], "save")
    assert wrong.status_code == 400 and not (schools / "fresh.yaml").exists()
    ok = post(client, page_pairs(client, "/new?school=fresh"), "save")
    assert ok.status_code == 200 and (schools / "fresh.yaml").exists()


def test_request_size_is_limited(client: TestClient) -> None:
    big = b"# " + b"x" * (9 * 1024 * 1024)
    assert client.post("/api/validate", content=big).status_code == 413

    def chunks() -> Any:  # no Content-Length: counted as it arrives
        for _ in range(10):
            yield b"#" * (1024 * 1024)

    assert client.post("/api/validate", content=chunks()).status_code == 413


@pytest.mark.parametrize("school_id", ["../etc/passwd", "a/b", "..", "демо", "x" * 65, ""])
def test_no_path_from_a_request_leaves_the_folder(
    client: TestClient, schools: Path, school_id: str
) -> None:
    assert client.get("/edit", params={"school": school_id}).status_code == 404
    assert client.get("/new", params={"school": school_id}).status_code == 400
    assert (
        client.post("/api/validate", params={"school": school_id}, content=b"a: 1").status_code
        == 400
    )
    pairs = changed(page_pairs(client, "/edit?school=mirny"), _school=school_id)
    response = post(client, pairs, "save")
    assert "Идентификатор школы пишется латиницей" in response.text
    assert sorted(p.name for p in schools.parent.rglob("*.yaml")) == ["demo.yaml", "mirny.yaml"]


def test_journal_csv_outside_the_folder_is_never_read(client: TestClient, schools: Path) -> None:
    outside = schools.parent / "outside.csv"
    row = "16.09.2026,О-001,9А,обучающийся,индивидуальная,1,Тема,Итог\n"
    outside.write_text("date,person,grade,category,form,participants,topic,result\n" + row)
    text = (
        (SCHOOLS / "mirny.yaml")
        .read_text(encoding="utf-8")
        .replace("journal:\n", "journal:\n  csv: ../outside.csv\n")
    )
    # The validator alone would read it: the guard is what stops it.
    assert generator.validate_text(text, schools / "mirny.yaml")[1] == []
    errors = client.post("/api/validate?school=mirny", content=text.encode()).json()
    assert [(e["path"], e["message"][:31]) for e in errors] == [
        (["journal", "csv"], "Файл должен лежать в папке проф")
    ]
    assert errors[0]["line"] == text.splitlines().index("  csv: ../outside.csv") + 1
    inside = text.replace("../outside.csv", "journal.csv")
    shutil.copy(outside, schools / "journal.csv")
    assert client.post("/api/validate?school=mirny", content=inside.encode()).json() == []
    absolute = text.replace("../outside.csv", str(outside))
    assert client.post("/api/validate?school=mirny", content=absolute.encode()).json()


def test_csv_errors_go_next_to_the_csv_field(client: TestClient, schools: Path) -> None:
    (schools / "journal.csv").write_text("date,person\n01.01.2020,a\n", encoding="utf-8")
    text = (
        (schools / "mirny.yaml")
        .read_text(encoding="utf-8")
        .replace("journal:\n", "journal:\n  csv: journal.csv\n")
    )
    (schools / "mirny.yaml").write_text(text, encoding="utf-8")
    doc = lxml.html.fromstring(client.get("/edit?school=mirny").text)
    assert "не хватает столбцов" in doc.get_element_by_id(slot_id("journal.csv")).text_content()


def test_personal_data_never_reaches_the_log(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("Смирнов Кирилл Андреевич, 9А")

    monkeypatch.setattr(generator, "render_package", boom)
    caplog.set_level(logging.DEBUG)
    client = TestClient(client.app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    body = (SCHOOLS / "demo.yaml").read_bytes()
    response = client.post("/api/build?school=demo", content=body)
    assert response.status_code == 500 and "Внутренняя ошибка" in response.text
    assert "ValueError" in caplog.text
    assert "Смирнов" not in caplog.text and "Смирнов" not in response.text


def test_pages_are_russian_and_readable_without_javascript(client: TestClient) -> None:
    html = client.get("/edit?school=demo").text
    doc = lxml.html.fromstring(html)
    assert doc.get("lang") == "ru"
    buttons = {b.text_content().strip() for b in doc.iter("button")}
    assert {"Проверить", "Сохранить", "Скачать YAML", "Собрать пакет (ZIP)"} <= buttons
    for label in doc.iter("label"):
        text = label.text_content().strip()
        assert not re.fullmatch(r"[a-z_]+", text), text  # no raw model keys as labels
    assert '<script src="/static/htmx.min.js"' in html and "http" not in html.split("<body")[0]
    assert client.get("/static/htmx.min.js").status_code == 200


def test_view_slots_cover_every_widget() -> None:
    data = yaml.safe_load((SCHOOLS / "demo.yaml").read_text(encoding="utf-8"))
    view = build_view(data)
    assert {
        "staff.3.name",
        "staff.3._key",
        "journal.entries.2.topic",
        "roles.director",
    } <= view.slots
    assert view.rows["staff"]["ivanova"] == 3


def test_yaml_guess_indent_keeps_other_indentation() -> None:
    text = "staff:\n    a:\n        name: X\nlist:\n- 1\n- 2\n"
    doc = yamldoc.load(text)
    assert yamldoc.dump(doc, yamldoc.guess_indent(text)) == text


def test_open_an_uploaded_profile(client: TestClient) -> None:
    body = (SCHOOLS / "mirny.yaml").read_bytes()
    name, token = form_pairs(client.get("/edit?school=demo").text)[0]
    assert name == "_csrf"
    response = client.post(
        "/open", files=[("_csrf", (None, token)), ("profile", ("школа.yaml", body))]
    )
    assert response.status_code == 200
    pairs = form_pairs(response.text)
    fields = dict(pairs)
    assert fields["_school"] == "school" and fields["_origin"] == "upload"
    assert fields["school.locality"] == "с. Мирный"
    assert post(client, pairs, "download").text == body.decode("utf-8")


def test_a_profile_with_a_syntax_error_opens_as_text_to_fix(
    client: TestClient, schools: Path
) -> None:
    text = (schools / "demo.yaml").read_text(encoding="utf-8")
    (schools / "demo.yaml").write_text(text.replace("school:\n", "school:\n\tx: 1\n"), "utf-8")
    response = client.get("/edit?school=demo")
    doc = lxml.html.fromstring(response.text)
    assert "не удаётся прочитать" in doc.findtext(".//h1")
    assert "табуляции" in doc.get_element_by_id("summary").text_content()
    form = doc.find(".//form[@class='broken']")
    fields = {
        e.get("name"): (e.get("value") or e.text or "") for e in form.iter("input", "textarea")
    }
    fields["text"] = text  # the person fixes the line
    fixed = client.post("/open", files=multipart(list(fields.items())))
    assert dict(form_pairs(fixed.text))["school.locality"] == "г. Томск"


def test_serve_prints_the_address_and_answers_on_loopback(tmp_path: Path) -> None:
    import subprocess
    import sys
    import urllib.request

    shutil.copy(SCHOOLS / "demo.yaml", tmp_path / "demo.yaml")
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--port", "0", "--dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        first = proc.stdout.readline() if proc.stdout else ""
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        assert match, first
        with urllib.request.urlopen(match.group(0), timeout=10) as page:
            html = page.read().decode("utf-8")
        assert "demo" in html and "Новая школа" in html
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_reports_a_busy_port() -> None:
    from generator.web.server import bind

    sock = bind(0)
    try:
        result = CliRunner().invoke(main, ["serve", "--port", str(sock.getsockname()[1])])
        assert result.exit_code == 1
        assert "Не удалось открыть порт" in result.output
    finally:
        sock.close()


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_build_with_pdf_copies(client: TestClient) -> None:
    response = client.post(
        "/api/build?school=mirny&pdf=1", content=(SCHOOLS / "mirny.yaml").read_bytes()
    )
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sum(n.endswith(".pdf") for n in names) == len(DOCUMENTS) and sum(
        n.endswith(".docx") for n in names
    ) == len(DOCUMENTS)
    pdf = zipfile.ZipFile(io.BytesIO(response.content)).read(
        next(n for n in names if n.endswith(".pdf"))
    )
    assert pdf.startswith(b"%PDF")
