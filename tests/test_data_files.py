"""Invariants of the data files methodologists edit by hand.

roles.yaml, legal_basis.yaml, plan_defaults.yaml and regions.yaml are plain YAML with Russian
values. A bad edit (a misspelt role key, a repealed act put back into a citation list, an event
in July) must fail CI here rather than reach a printed document. Each ``check_*`` helper returns
a list of human-readable problems; the tests assert that list is empty, and the last tests
break a copy of the data on purpose to prove the helpers notice.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "generator" / "catalog"

ROLE_KEYS = [
    # Прил. 1, п. 7.1, in its order; the deputy for УВР (п. 8.2) beside the deputy for ВР
    "director",
    "deputy_vr",
    "deputy_uvr",
    "coordinator",
    "class_teacher",
    "subject_teacher",
    "psychologist",
    "social_pedagogue",
    "librarian",
    "medical_worker",
    "additional_education_teacher",
]
ROLE_FIELDS = {
    "key",
    "title",
    "title_singular",
    "genitive",
    "plan_genitive",
    "outsourceable",
    "title_plural",
    "plan_title",
    "default_position",
    "multiple",
    "in_work_regulation",
    "source",
    "functions",
    "duties",
}
MULTIPLE_ROLES = {"class_teacher", "subject_teacher", "additional_education_teacher"}

DIRECTION_KEYS = [
    "organizational",
    "diagnostics",
    "consulting",
    "informing",
    "practice",
    "monitoring",
    "qualification",
]
ACTIVITY_KEYS = [
    "informing",
    "events",
    "employers",
    "monitoring",
    "testing_consulting",
    "interaction",
    "planning",
]
LEVELS = {"базовый": 40, "основной": 60, "продвинутый": 80}
PARTNER_KINDS = {"enterprises", "colleges", "universities", "employment_centre", "others"}
SCHOOL_YEAR = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]
ACT_STATUSES = {"in_force", "repealed", "unverified"}
REQUIRED_DOCUMENTS = {"work_regulation", "coordinator_regulation", "order"}
CASES = ["nominative", "genitive", "dative", "accusative", "instrumental", "prepositional"]

# "6–11", "8–9", "9, 11", "1–4, 9": grade numbers and ranges joined by an en dash
CLASSES_RE = re.compile(r"^(?:\d{1,2}(?:–\d{1,2})?)(?:, \d{1,2}(?:–\d{1,2})?)*$")
CHECKED_RE = re.compile(r"^20\d\d-(0[1-9]|1[0-2])$")


def load(name: str) -> dict:
    with (DATA_DIR / name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def roles() -> dict:
    return load("roles.yaml")


@pytest.fixture(scope="module")
def legal() -> dict:
    return load("legal_basis.yaml")


@pytest.fixture(scope="module")
def plan() -> dict:
    return load("plan_defaults.yaml")


@pytest.fixture(scope="module")
def regions() -> dict:
    return load("regions.yaml")


# --- validation helpers ---------------------------------------------------------------------


def _nonempty_str(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def check_roles(data: dict) -> list[str]:
    problems: list[str] = []
    entries = data.get("roles") or []
    keys = [r.get("key") for r in entries]
    if keys != ROLE_KEYS:
        problems.append(f"role keys/order {keys} != {ROLE_KEYS}")
    for r in entries:
        key = r.get("key")
        if set(r) != ROLE_FIELDS:
            problems.append(f"{key}: fields {sorted(set(r) ^ ROLE_FIELDS)} missing or unknown")
        fields = ("title", "title_singular", "genitive", "title_plural", "plan_title",
                  "plan_genitive", "default_position", "source")  # fmt: skip
        for field in fields:
            if not _nonempty_str(r.get(field)):
                problems.append(f"{key}: {field} is empty")
        for field in ("functions", "duties"):
            items = r.get(field)
            if not isinstance(items, list) or not items:
                problems.append(f"{key}: {field} is empty")
                continue
            for d in items:
                texts = (
                    [d] if isinstance(d, str) else [d.get("text"), *d.get("variants", {}).values()]
                )
                for text in texts:
                    if not _nonempty_str(text):
                        problems.append(f"{key}: empty {field[:-1]}")
                    elif text.rstrip().endswith(";"):
                        problems.append(f"{key}: {field} item ends with ';' (the "
                                        "generator adds it)")  # fmt: skip
        if r.get("multiple") is not (key in MULTIPLE_ROLES):
            problems.append(f"{key}: multiple should be {key in MULTIPLE_ROLES}")
        if r.get("in_work_regulation") is not True:
            problems.append(f"{key}: in_work_regulation should be true")
        title = r.get("title")
        if _nonempty_str(title) and title != title.lower():
            problems.append(f"{key}: title must be lower-case as in п. 7.1: {title!r}")
    return problems


def check_legal(data: dict) -> list[str]:
    problems: list[str] = []
    acts = {}
    for a in data.get("acts") or []:
        aid = a.get("id")
        if aid in acts:
            problems.append(f"duplicate act id {aid}")
        acts[aid] = a
        for field in ("title", "instrumental", "short"):
            if not _nonempty_str(a.get(field)):
                problems.append(f"{aid}: {field} is empty")
        status = a.get("status")
        if status not in ACT_STATUSES:
            problems.append(f"{aid}: unknown status {status!r}")
        if not CHECKED_RE.match(str(a.get("checked", ""))):
            problems.append(f"{aid}: checked must be YYYY-MM, got {a.get('checked')!r}")
        if status == "repealed" and not a.get("replaced_by"):
            problems.append(f"{aid}: repealed act without replaced_by")
        if status == "in_force" and a.get("replaced_by"):
            problems.append(f"{aid}: in_force act has replaced_by")
    for aid, a in acts.items():
        succ = a.get("replaced_by")
        if succ and succ not in acts:
            problems.append(f"{aid}: replaced_by {succ!r} is not a known act")
        elif succ and acts[succ].get("status") != "in_force":
            problems.append(f"{aid}: successor {succ} is not in force")

    documents = data.get("documents") or {}
    missing = REQUIRED_DOCUMENTS - set(documents)
    if missing:
        problems.append(f"documents lists missing: {sorted(missing)}")
    for doc, basis in documents.items():
        ids = [
            *basis.get("guarantees", []),
            *basis.get("guided_by", []),
            *(c["act"] for c in basis.get("laws", [])),
            *basis.get("recommendations", []),
        ]
        if not ids:
            problems.append(f"{doc}: empty citation list")
            continue
        if len(ids) != len(set(ids)):
            problems.append(f"{doc}: an act is cited twice")
        for aid in ids:
            if aid not in acts:
                problems.append(f"{doc}: unknown act {aid!r}")
            elif acts[aid].get("status") != "in_force":
                problems.append(f"{doc}: cites {aid}, status {acts[aid].get('status')}")

    gost = data.get("gost") or {}
    default = data.get("gost_default")
    if default not in gost:
        problems.append(f"gost_default {default!r} is not in gost")
    elif gost[default].get("status") != "in_force":
        problems.append(f"gost_default {default!r} is not in force")
    for edition, g in gost.items():
        if not (_nonempty_str(g.get("code")) and _nonempty_str(g.get("title"))):
            problems.append(f"gost {edition}: code/title empty")
        elif not g["title"].startswith(g["code"]):
            problems.append(f"gost {edition}: title must start with the code")
    return problems


def check_regions(data: dict) -> list[str]:
    problems: list[str] = []
    for rkey, r in (data.get("regions") or {}).items():
        name = r.get("name") or {}
        if list(name) != CASES or not all(_nonempty_str(v) for v in name.values()):
            problems.append(f"{rkey}: name needs all six cases in order {CASES}")
        for field in ("institute_full", "institute_short", "education_authority"):
            if not _nonempty_str(r.get(field)):
                problems.append(f"{rkey}: {field} is empty")
        weeks = r.get("career_weeks") or []
        if not weeks:
            problems.append(f"{rkey}: no career_weeks")
        months = [w.get("month") for w in weeks]
        if len(months) != len(set(months)):
            problems.append(f"{rkey}: two career weeks in one month")
        for w in weeks:
            if not _nonempty_str(w.get("title")):
                problems.append(f"{rkey}: career week without title")
            if w.get("month") not in SCHOOL_YEAR:
                problems.append(f"{rkey}: career week month {w.get('month')!r} is not 9..12, 1..6")
    return problems


def check_plan(data: dict, roles_data: dict, regions_data: dict) -> list[str]:
    problems: list[str] = []
    role_keys = {r["key"] for r in roles_data["roles"]}

    directions = [d.get("key") for d in data.get("directions") or []]
    if directions != DIRECTION_KEYS:
        problems.append(f"directions {directions} != {DIRECTION_KEYS}")
    activities = [a.get("key") for a in data.get("activities") or []]
    if activities != ACTIVITY_KEYS:
        problems.append(f"activities {activities} != {ACTIVITY_KEYS}")
    for item in (data.get("directions") or []) + (data.get("activities") or []):
        if not _nonempty_str(item.get("title")):
            problems.append(f"{item.get('key')}: title is empty")
    for a in data.get("activities") or []:
        if not (_nonempty_str(a.get("short")) and _nonempty_str(a.get("source"))):
            problems.append(f"activity {a.get('key')}: short/source empty")

    levels = data.get("levels") or {}
    if {k: v.get("hours") for k, v in levels.items()} != LEVELS:
        problems.append(f"levels/hours {levels} != {LEVELS}")
    for lvl, v in levels.items():
        if not _nonempty_str(v.get("genitive")):
            problems.append(f"level {lvl}: genitive is empty")
    if data.get("course") != "«Россия — мои горизонты»":
        problems.append(f"course {data.get('course')!r}")

    region_week_months = [
        {w["month"] for w in r.get("career_weeks") or []}
        for r in (regions_data.get("regions") or {}).values()
    ]
    events = data.get("events") or []
    if not 25 <= len(events) <= 45:
        problems.append(f"{len(events)} events; a default plan should have 25–45")
    for i, e in enumerate(events, 1):
        name = e.get("title") or f"regional_week {e.get('regional_week')}"
        where = f"event {i} ({name[:40]})"
        if "regional_week" in e:
            if "title" in e or "months" in e:
                problems.append(f"{where}: regional_week takes title and month from regions.yaml")
            for months in region_week_months:
                if e["regional_week"] not in months:
                    problems.append(f"{where}: a region has no career week in that month")
        else:
            if not _nonempty_str(e.get("title")):
                problems.append(f"{where}: no title")
            elif e["title"].rstrip().endswith("."):
                problems.append(f"{where}: title ends with a full stop")
            months = e.get("months") or []
            if not months:
                problems.append(f"{where}: no months")
            if any(m not in SCHOOL_YEAR for m in months):
                problems.append(f"{where}: months {months} outside September–June")
            elif months != sorted(set(months), key=SCHOOL_YEAR.index):
                problems.append(f"{where}: months {months} not in school-year order")
        if e.get("direction") not in DIRECTION_KEYS:
            problems.append(f"{where}: unknown direction {e.get('direction')!r}")
        if e.get("activity") not in ACTIVITY_KEYS:
            problems.append(f"{where}: unknown activity {e.get('activity')!r}")
        classes = e.get("classes")
        if classes is not None and not CLASSES_RE.match(str(classes)):
            problems.append(f"{where}: classes {classes!r} (use «6–11», «9, 11», en dash)")
        responsible = e.get("responsible") or []
        if not responsible:
            problems.append(f"{where}: nobody responsible")
        if len(responsible) != len(set(responsible)):
            problems.append(f"{where}: a role is listed twice in responsible")
        for role in responsible:
            if role not in role_keys:
                problems.append(f"{where}: unknown role {role!r}")
        for kind in e.get("partners") or []:
            if kind not in PARTNER_KINDS:
                problems.append(f"{where}: unknown partner kind {kind!r}")
        ev_levels = e.get("levels") or []
        if not ev_levels:
            problems.append(f"{where}: no levels")
        for lvl in ev_levels:
            if lvl not in LEVELS:
                problems.append(f"{where}: unknown level {lvl!r}")

    for lvl in LEVELS:
        at_level = [e for e in events if lvl in (e.get("levels") or [])]
        missing_d = set(DIRECTION_KEYS) - {e.get("direction") for e in at_level}
        missing_a = set(ACTIVITY_KEYS) - {e.get("activity") for e in at_level}
        if missing_d:
            problems.append(f"level {lvl}: no events for directions {sorted(missing_d)}")
        if missing_a:
            problems.append(f"level {lvl}: no events for activities {sorted(missing_a)}")
        weeks = {e.get("regional_week") for e in at_level} - {None}
        if weeks != {9, 3}:
            problems.append(f"level {lvl}: regional weeks {sorted(weeks)} != [3, 9]")
    return problems


# --- the files as committed -----------------------------------------------------------------


def test_roles_file_is_valid(roles):
    assert check_roles(roles) == []


def test_role_titles_match_the_seed(roles):
    titles = {r["key"]: r["title"] for r in roles["roles"]}
    assert titles["psychologist"] == "педагог-психолог"
    assert titles["subject_teacher"] == "учителя-предметники"
    assert titles["deputy_vr"] == "заместитель директора по воспитательной работе"
    assert titles["deputy_uvr"] == "заместитель директора по учебно-воспитательной работе"


def role_texts(roles) -> list[str]:
    out = []
    for r in roles["roles"]:
        for item in [*r["functions"], *r["duties"]]:
            out += (
                [item]
                if isinstance(item, str)
                else [item["text"], *item.get("variants", {}).values()]
            )
    return out


def test_seed_typos_are_fixed(roles):
    text = " ".join(role_texts(roles))
    typos = (
        "профориен тационного",
        "формируования",
        "поло-возрастных",
        "управление образования об",
    )
    for typo in typos:
        assert typo not in text
    assert not re.search(r"\w- \w", text), "a hyphenation artefact like «учителей- предметников»"


def test_legal_basis_is_valid(legal):
    assert check_legal(legal) == []


def test_employment_law_1991_is_repealed_and_never_cited(legal):
    acts = {a["id"]: a for a in legal["acts"]}
    old = acts["law_1032_1"]
    assert old["status"] == "repealed"
    assert old["replaced_by"] == "fz_565"
    assert acts["fz_565"]["status"] == "in_force"
    for doc, basis in legal["documents"].items():
        assert "law_1032_1" not in str(basis), doc
    assert "fz_565" in legal["documents"]["work_regulation"]["guarantees"]
    assert "fz_565" in legal["documents"]["coordinator_regulation"]["guided_by"]


def test_instrumental_forms_read_after_v_sootvetstvii_s(legal):
    acts = {a["id"]: a for a in legal["acts"]}
    assert acts["constitution"]["instrumental"] == "Конституцией Российской Федерации"
    assert acts["tk_rf"]["instrumental"] == "Трудовым кодексом Российской Федерации"
    assert acts["fz_273"]["instrumental"].startswith("Федеральным законом от 29.12.2012")
    assert acts["fgos_ooo"]["instrumental"].startswith("приказом Минпросвещения России")
    assert acts["profmin_2025"]["instrumental"].startswith("письмом Минпросвещения России")
    for a in legal["acts"]:
        first_word = a["instrumental"].split()[0]
        assert first_word.endswith(("ом", "ей", "ым", "ем")), (a["id"], first_word)


def test_gost_2025_is_the_default(legal):
    assert legal["gost_default"] == "2025"
    assert legal["gost"]["2025"]["code"] == "ГОСТ Р 7.0.97-2025"
    assert legal["gost"]["2016"]["status"] == "repealed"


def test_regions_file_is_valid(regions):
    assert check_regions(regions) == []
    assert sorted(w["month"] for w in regions["regions"]["tomsk"]["career_weeks"]) == [3, 9]


def test_plan_defaults_are_valid(plan, roles, regions):
    assert check_plan(plan, roles, regions) == []


def test_higher_levels_add_events(plan):
    def count(lvl):
        return sum(lvl in e["levels"] for e in plan["events"])

    assert count("базовый") < count("основной") < count("продвинутый")
    for e in plan["events"]:
        if "базовый" in e["levels"]:
            assert "основной" in e["levels"] and "продвинутый" in e["levels"], e.get("title")
        if "основной" in e["levels"]:
            assert "продвинутый" in e["levels"], e.get("title")


def test_plan_has_the_core_events(plan):
    titles = " | ".join(e.get("title", "") for e in plan["events"])
    for needle in (
        "«Россия — мои горизонты»",
        "«Билет в будущее»",
        "Профессиональные пробы",
        "Экскурсии на предприятия",
        "Дни открытых дверей",
        "центра занятости",
        "Родительские собрания",
        "Педагогический совет",
        "Мониторинг поступления выпускников 9 и 11 классов",
    ):
        assert needle in titles, needle
    trials = next(e for e in plan["events"] if e.get("title", "").startswith("Профессиональные"))
    assert set(trials["levels"]) == {"основной", "продвинутый"}
    excursions = next(e for e in plan["events"] if e.get("title", "").startswith("Экскурсии"))
    assert "enterprises" in excursions["partners"]


# --- the checks catch bad edits -------------------------------------------------------------


def test_check_catches_a_repealed_act_in_a_citation_list(legal):
    broken = copy.deepcopy(legal)
    broken["documents"]["work_regulation"]["guarantees"].insert(1, "law_1032_1")
    assert "work_regulation: cites law_1032_1, status repealed" in check_legal(broken)


def test_check_catches_an_unverified_act_and_an_unknown_one(legal):
    broken = copy.deepcopy(legal)
    broken["documents"]["coordinator_regulation"]["guided_by"].append("mintrud_1996_1")
    broken["documents"]["order"]["laws"].append({"act": "fz_999"})
    problems = check_legal(broken)
    assert "coordinator_regulation: cites mintrud_1996_1, status unverified" in problems
    assert "order: unknown act 'fz_999'" in problems


def test_check_catches_a_repealed_act_without_successor(legal):
    broken = copy.deepcopy(legal)
    for a in broken["acts"]:
        if a["id"] == "law_1032_1":
            a["replaced_by"] = None
    assert "law_1032_1: repealed act without replaced_by" in check_legal(broken)


def test_check_catches_bad_role_edits(roles):
    broken = copy.deepcopy(roles)
    broken["roles"][0], broken["roles"][1] = broken["roles"][1], broken["roles"][0]
    broken["roles"][3]["duties"] = []
    problems = check_roles(broken)
    assert any(p.startswith("role keys/order") for p in problems)
    assert "coordinator: duties is empty" in problems


def test_check_catches_bad_plan_edits(plan, roles, regions):
    broken = copy.deepcopy(plan)
    first = broken["events"][0]
    first["months"] = [7]
    first["responsible"] = ["zavuch"]
    first["classes"] = "6-11"  # hyphen instead of en dash
    problems = check_plan(broken, roles, regions)
    assert any("outside September–June" in p for p in problems)
    assert any("unknown role 'zavuch'" in p for p in problems)
    assert any("classes '6-11'" in p for p in problems)


def test_check_catches_a_level_losing_a_direction(plan, roles, regions):
    broken = copy.deepcopy(plan)
    for e in broken["events"]:
        if e["direction"] == "qualification":
            e["levels"] = [lvl for lvl in e["levels"] if lvl != "базовый"]
    problems = check_plan(broken, roles, regions)
    assert "level базовый: no events for directions ['qualification']" in problems


def test_check_catches_a_missing_regional_week(plan, roles, regions):
    broken = copy.deepcopy(plan)
    broken["events"] = [e for e in broken["events"] if e.get("regional_week") != 3]
    problems = check_plan(broken, roles, regions)
    assert "level продвинутый: regional weeks [9] != [3, 9]" in problems


# --- issue 10: letters, roles' cases, hours, the early plan --------------------------------


def test_letters_are_not_guarantees(legal):
    """A ministry letter sets no guarantees: documents cite it only as recommendations."""
    kinds = {a["id"]: a["kind"] for a in legal["acts"]}
    for doc, basis in legal["documents"].items():
        cited = [*basis.get("guarantees", []), *basis.get("guided_by", [])]
        cited += [c["act"] for c in basis.get("laws", [])]
        assert all(kinds[a] != "letter" for a in cited), doc
        assert all(kinds[a] == "letter" for a in basis.get("recommendations", [])), doc


def test_catalog_refuses_a_letter_among_the_guarantees(legal, tmp_path, monkeypatch):
    from generator import catalog
    from generator.errors import CatalogError

    broken = copy.deepcopy(legal)
    broken["documents"]["work_regulation"]["guarantees"].append("profmin_2023")
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "legal_basis.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), "utf-8")
    monkeypatch.setattr(catalog, "catalog_file", lambda name: folder / name)
    with pytest.raises(CatalogError) as info:
        catalog._parse(catalog.LegalBasis, "legal_basis.yaml")
    assert "письмо не устанавливает гарантий" in str(info.value)
    assert "profmin_2023" in str(info.value)


def test_role_titles_in_the_genitive_agree_with_the_positions_table(roles):
    """«функции педагога-психолога»: the data's genitive is what the declension gives."""
    from generator.russian import decline_position

    for r in roles["roles"]:
        assert r["genitive"] == decline_position(r["title_singular"], "genitive"), r["key"]


def test_roles_data_has_no_undefined_abbreviations_or_generic_school(roles):
    """«ОО», «ПОО», «общеобразовательная организация» beside the school's name: the school
    is {school}; «школьный психолог» is the педагог-психолог of the role list."""
    text = " ".join(role_texts(roles))
    assert not re.search(r"\bП?ОО\b", text)
    assert "общеобразовательной организации" not in text
    assert "школьного психолога" not in text and "школьному психологу" not in text


def test_plan_directions_are_seven_and_clean(plan):
    titles = [d["title"] for d in plan["directions"]]
    assert len(titles) == 7
    assert not any(";" in t for t in titles)
    assert titles[4] == "Практико-ориентированное"


@pytest.mark.parametrize("level", list(LEVELS))
@pytest.mark.parametrize("grades", ["1–11", "1–9", "5–11"])
def test_default_plans_meet_every_level(level, grades):
    """The Единая модель's yearly minimum, in every grade 6–11 the school teaches."""
    from generator.rules.grades import SchoolGrades, parse_classes
    from generator.rules.plan import hours_by_grade

    school = SchoolGrades.parse(grades)
    data = load("plan_defaults.yaml")
    events = [
        (parse_classes(e.get("classes") or "—") & school.grades, e.get("hours"))
        for e in data["events"]
        if level in e["levels"]
    ]
    hours = hours_by_grade(events, school.profminimum)
    assert set(hours) == set(school.profminimum)
    assert min(hours.values()) >= LEVELS[level], hours


def test_early_plan_covers_every_direction_and_activity(plan, roles, regions):
    early = plan["early"]
    assert {e["direction"] for e in early} == set(DIRECTION_KEYS)
    assert {e["activity"] for e in early} == set(ACTIVITY_KEYS)
    assert {e.get("regional_week") for e in early} - {None} == {3, 9}
    assert all(e.get("classes") in (None, "1–4") for e in early)
