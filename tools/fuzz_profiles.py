"""A standing fuzzer of school profiles: mutate the shipped profiles, validate, build.

Every case must end in one of two ways: validation refuses it with located Russian
messages that quote no one, or it builds all six documents. A traceback, a message in
English or without a place, a name in a message, or a build that fails after validation
passed is a finding; the run prints the counts and exits 1 if there is any.

    .venv/bin/python tools/fuzz_profiles.py                  # 10 000 cases, seed 12
    .venv/bin/python tools/fuzz_profiles.py --cases 500 --seed 3 --save /tmp/found

Mutations are structural (a value replaced by one of the pool below, a string edited, a
key dropped, added or duplicated, dates shifted) and textual (a line dropped or doubled,
an indent changed, a character inserted into the YAML). Seeded: the same seed gives the
same cases. tests/test_fuzz.py runs a few hundred of them in the suite.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import random
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEEDS = [ROOT / "data" / "schools" / name for name in ("demo.yaml", "mirny.yaml")]

# Values real profiles have, values typed by mistake and values an attacker would try.
_TEXTS = [
    "",
    " ",
    "  x  ",
    "\t",
    "\n",
    "a\nb",
    "x\ty",
    "Школа",
    "№",
    "№ 5",
    "от",
    "от №",
    "№ от",
    '""',
    "«»",
    "„“",
    "()",
    "( )",
    "[]",
    "{}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "{{ x }}",
    "{_{ a }_}",
    "{_% if %_}",
    "%_}",
    "_",
    "__",
    "____",
    "{",
    "}",
    "%",
    "x_y",
    "&",
    "&amp;",
    "<w:p>",
    "]]>",
    "<",
    ">",
    "'",
    '"',
    "\\",
    "«Школа „Эврика“»",
    "Школа «Эврика»",
    'МАОУ "СОШ № 5"',
    "124 о",
    "124-о",
    "15/01-од",
    "1",
    "0",
    "-1",
    "9А",
    "9 «А»",
    "Мария-Луиза",
    "Ивано\u0301ва",
    "\u0301",
    "Ё",
    "ё",
    "\u00a0",
    "\u202f",
    "\u00ad",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\u00ab\u00bb",
    "\u2013",
    "\u2014",
    "…",
    "😀",
    "עברית",
    "مرحبا",
    "Z\u0351\u0352",
    "İ",
    "ß",
    "ǅ",
    "x" * 300,
    "слово " * 200,
    "г. Томск",
    "Город Томск",
    "учитель",
    "Учитель технологии",
    "директор",
    "ПДО",
    "заместитель директора по УВР",
    "педагог-психолог",
    "обучающийся",
    "родитель",
    "индивидуальная",
    "групповая",
    "2026-09-15",
    "15.09.2026",
    "31.02.2026",
    "2026/2027",
    "9999/10000",
    "0000/0001",
    "2026/2026",
    "coordinator",
    "ivanova",
    "директор школы",
    "ООО «Рога & Копыта»",
    "протокол от",
    "приказ №",
    "Методические рекомендации",
    "Иванов Иван Иванович",
    "Лев Борис Аркадьевич",
    "Гасанова Лейла Ахмед кызы",
    "Мамедов Рашид Кямал оглы",
    "Петрова-Водкина Ольга Ивановна",
    "Иванова",
    "Иванова Мария",
    "Иванова Мария Петровна Сидоровна",
    "иванова мария петровна",
    "ИВАНОВА МАРИЯ ПЕТРОВНА",
    "Иванова М. П.",
    "М.П. Иванова",
    "Смит Джон",
    "Ким Чен Ир",
    "Ли Анна Сергеевна",
    "Ивано\u0301ва Мари\u0301я Петро\u0301вна",
    "Иванова Мария-Луиза Петровна",
    "Закон РФ от 19.04.1991 № 1032-1 «О занятости населения»",
    "приказ от 01.09.2026 № 5",
    "Федеральный закон от 29.12.2012 № 273-ФЗ",
    "письмо Минпросвещения России от 01.06.2023 № 1",
]
_SCALARS: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    7,
    9,
    12,
    13,
    500,
    501,
    10**6,
    10**30,
    1.5,
    float("nan"),
    float("inf"),
    dt.date(2026, 9, 1),
    dt.date(2026, 8, 31),
    dt.date(2027, 8, 31),
    dt.date(2025, 1, 1),
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
    [],
    {},
    ["ivanova"],
    [9, 3],
    [7, 8],
    [1, 13],
    {"delegated_to": "ivanova"},
    {"delegated_to": "nobody"},
    {"x": 1},
    [[1]],
    [{"a": "b"}],
]
# Characters that reach a string only through YAML escapes or a careless editor.
_INSERTS = [
    "\x00",
    "\x01",
    "\x07",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\ud800",
    "\ufdd0",
    "\ufffe",
    "\uffff",
    "\r",
    "\u0301",
    "{",
    "}",
    "_",
    "%",
    "#",
    "«",
    "»",
    "„",
    "“",
    '"',
    "№",
    "от ",
    " ",
    "\n",
    "\t",
    "-",
    ".",
    ",",
    ":",
    "(",
    ")",
    "[",
    "]",
    "&",
    "<",
    ">",
]
_YAML_INSERTS = [":", "-", " ", "  ", "\t", "'", '"', "[", "{", "]", "}", "&a ", "*a ",
                 "!!str ", "!x ", "%", "@", "`", "|", ">", "#", "---\n", "...\n", "? ",
                 "<<: *a\n", "\\x01", "\\", ",", "\ufeff"]  # fmt: skip


@dataclass
class Case:
    number: int
    text: str
    what: list[str] = field(default_factory=list)  # the mutations, for a report
    csv: str = ""  # journal.csv beside the profile


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _edit_string(rng: random.Random, text: str) -> str:
    kind = rng.randrange(6)
    at = rng.randint(0, len(text))
    if kind == 0:
        return text[:at] + rng.choice(_INSERTS) + text[at:]
    if kind == 1 and text:
        return text[:at] + text[at + 1 :]
    if kind == 2:
        return text.upper() if rng.random() < 0.5 else text.lower()
    if kind == 3:
        return text[:at] + rng.choice(_TEXTS) + text[at:]
    if kind == 4:
        return text + rng.choice(_INSERTS) * rng.randint(1, 3)
    return rng.choice(_INSERTS) + text


def _mutate_data(rng: random.Random, data: Any, what: list[str]) -> None:
    paths = [p for p in _paths(data) if p]
    path = rng.choice(paths)
    value = _get(data, path)
    kind = rng.randrange(10)
    where = ".".join(map(str, path))
    if kind <= 2 and isinstance(value, str):
        _set(data, path, _edit_string(rng, value))
        what.append(f"edit {where}")
    elif kind <= 4:
        _set(data, path, rng.choice(_TEXTS))
        what.append(f"text {where}")
    elif kind == 5:
        _set(data, path, copy.deepcopy(rng.choice(_SCALARS)))
        what.append(f"scalar {where}")
    elif kind == 6:
        parent = _get(data, path[:-1])
        del parent[path[-1]]
        what.append(f"drop {where}")
    elif kind == 7:
        parent = _get(data, path[:-1])
        if isinstance(parent, list):
            parent.insert(rng.randint(0, len(parent)), copy.deepcopy(value))
        elif isinstance(parent, dict):
            parent[rng.choice(["x", "extra", "Школа", "name_", str(path[-1]) + "2"])] = value
        what.append(f"copy {where}")
    elif kind == 8 and isinstance(value, dt.date):
        with contextlib.suppress(OverflowError):
            _set(data, path, value + dt.timedelta(days=rng.randint(-800, 800)))
        what.append(f"shift {where}")
    else:  # two values trade places
        other = rng.choice(paths)
        try:
            a, b = _get(data, path), _get(data, other)
            _set(data, path, copy.deepcopy(b))
            _set(data, other, copy.deepcopy(a))
        except (KeyError, IndexError, TypeError):
            pass
        what.append(f"swap {where} {'.'.join(map(str, other))}")


def _mutate_text(rng: random.Random, text: str, what: list[str]) -> str:
    lines = text.split("\n")
    n = rng.randrange(len(lines))
    kind = rng.randrange(5)
    if kind == 0:
        del lines[n]
    elif kind == 1:
        lines.insert(n, lines[n])
    elif kind == 2:
        lines[n] = " " * rng.choice([1, 2, 3, 4]) + lines[n]
    elif kind == 3:
        lines[n] = lines[n].lstrip(" ")
    else:
        at = rng.randint(0, len(lines[n]))
        lines[n] = lines[n][:at] + rng.choice(_YAML_INSERTS) + lines[n][at:]
    what.append(f"line {n + 1}")
    return "\n".join(lines)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: Any) -> str:
    # unprintable characters are written as YAML escapes («"\x01"»), the rest as they are
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10**6)


def _rich(demo: dict[str, Any]) -> dict[str, Any]:
    """The demo with what the shipped profiles leave out: an own plan, hand-written case
    forms, a delegation basis, a journal kept in CSV."""
    data = copy.deepcopy(demo)
    data["staff"]["ivanova"]["name_forms"] = {
        "genitive": "Ивановой Марии Петровны",
        "dative": "Ивановой Марии Петровне",
    }
    data["school"]["full_name_forms"] = {"genitive": data["school"]["full_name"]}
    data["roles"]["librarian"] = {"delegated_to": "elkina", "basis": "приказ от 28.08.2026 № 7"}
    data["plan"] = {
        "events": [
            {
                "title": "Экскурсия на предприятие",
                "direction": "practice",
                "activity": "employers",
                "months": [10, 3],
                "classes": "8–9",
                "responsible": ["coordinator", "shevchuk"],
                "partners": ["ООО «Томскнефтехим»"],
            },
            {
                "title": "Диагностика интересов",
                "direction": "diagnostics",
                "activity": "testing_consulting",
                "months": [9],
                "classes": "6–7",
                "responsible": ["psychologist"],
            },
        ]
    }
    data["journal"] = {"csv": "journal.csv", "blank_rows": 5}
    return data


CSV = (
    "date;person;grade;category;form;participants;topic;result\n"
    "14.10.2026;Петров Илья Сергеевич;8А;обучающийся;индивидуальная;1;Интересы;Тест\n"
    "2026-10-20;8А класс;8А;обучающийся;групповая;22;Профессии края;Беседа\n"
)


def cases(seed: int, count: int) -> Iterator[Case]:
    rng = random.Random(seed)
    sources = [yaml.load(p.read_text(encoding="utf-8"), Loader=_LOADER) for p in SEEDS]
    sources.append(_rich(sources[0]))
    for number in range(count):
        data = copy.deepcopy(rng.choice(sources))
        what: list[str] = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            try:
                _mutate_data(rng, data, what)
            except (KeyError, IndexError, TypeError):
                continue
        try:
            text = _dump(data)
        except (yaml.YAMLError, ValueError):  # e.g. a lone surrogate dumped
            text = _dump(sources[0])
        if rng.random() < 0.15:
            text = _mutate_text(rng, text, what)
        csv = CSV
        if rng.random() < 0.3:
            csv = _mutate_text(rng, csv, what) if rng.random() < 0.5 else _edit_string(rng, csv)
        yield Case(number, text, what, csv)


# --------------------------------------------------------------------------- checking

_ENGLISH = re.compile(
    r"\b(the|is|not|found|expected|should|valid|input|error|value|but|while|scanning|"
    r"parsing|character|maximum|recursion|depth|exceeded|out of range|None|Traceback)\b",
    re.IGNORECASE,
)
_CYRILLIC = re.compile("[А-Яа-яЁё]")
_QUOTED = re.compile("«[^«»]*»")


@dataclass
class Outcome:
    kind: str  # rejected, built, traceback, internal, bad_message, leak
    detail: str = ""


def _names_in(text: str) -> set[str]:
    """The people a profile names (staff and journal), to be kept out of messages."""
    try:
        data = yaml.load(text, Loader=_LOADER)
    except Exception:
        return set()
    names: set[str] = set()
    if not isinstance(data, dict):
        return names
    staff = data.get("staff")
    if isinstance(staff, dict):
        for person in staff.values():
            if isinstance(person, dict) and isinstance(person.get("name"), str):
                names.add(person["name"])
    journal = data.get("journal")
    entries = journal.get("entries") if isinstance(journal, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("person"), str):
            names.add(entry["person"])
    # a name is personal only as a name: «ivanova» or «9Б класс» would match anywhere; the
    # messages' own example («Иванова Мария Петровна») is the demo's coordinator too
    return {n for n in names if len(n.split()) >= 2 and _CYRILLIC.search(n) and n not in _EXAMPLES}


_EXAMPLES = frozenset({"Иванова Мария Петровна", "Мамедов Рашид Кямал оглы"})


def check_case(case: Case, folder: Path) -> Outcome:
    from generator.errors import ProfdocsError
    from generator.pipeline import render_package
    from generator.validate import validate_file

    path = folder / "fuzz.yaml"
    try:
        path.write_bytes(case.text.encode("utf-8", "surrogatepass"))
        (folder / "journal.csv").write_bytes(case.csv.encode("utf-8", "surrogatepass"))
        valid, errors = validate_file(path)
    except Exception:
        return Outcome("traceback", traceback.format_exc())
    if valid is None:
        if not errors:
            return Outcome("bad_message", "refused without a message")
        names = _names_in(case.text)
        for e in errors:
            shown = e.format()
            # what a message quotes («bas[is», a key as typed) is the profile's, not its words
            words = _QUOTED.sub("«»", e.message)
            if not _CYRILLIC.search(e.message) or _ENGLISH.search(words):
                return Outcome("bad_message", shown)
            if e.line < 1 and e.file == str(path) and not e.message.startswith("Имя файла"):
                return Outcome("bad_message", "no line: " + shown)
            # what locates the problem (the file a profile names) is no echo of its contents
            bare = f"{e.message} {'.'.join(map(str, e.path))}"
            for example in _EXAMPLES:
                bare = bare.replace(example, "")
            for name in names:
                if name in bare:
                    return Outcome("leak", shown)
        return Outcome("rejected")
    try:
        render_package(path)
    except ProfdocsError as exc:
        return Outcome("internal", "\n".join(exc.details))
    except Exception:
        return Outcome("traceback", traceback.format_exc())
    return Outcome("built")


_FOLDERS: dict[int, Path] = {}  # a scratch folder per process


def _check_in_scratch(case: Case) -> tuple[Case, Outcome]:
    import os

    folder = _FOLDERS.get(os.getpid())
    if folder is None:
        folder = _FOLDERS[os.getpid()] = Path(tempfile.mkdtemp(prefix="profdocs-fuzz-"))
    return case, check_case(case, folder)


def run(
    seed: int,
    count: int,
    save: Path | None = None,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> Counter[str]:
    """Check `count` cases; with `jobs` > 1 in forked workers (the cases stay the seed's)."""
    import multiprocessing
    import shutil

    counts: Counter[str] = Counter()
    done = 0

    def take(results: Iterator[tuple[Case, Outcome]]) -> None:
        nonlocal done
        for case, outcome in results:
            counts[outcome.kind] += 1
            if outcome.kind not in ("rejected", "built"):
                _report(case, outcome, save)
            done += 1
            if progress:
                progress(done)

    fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs > 1 and fork:
        _check_in_scratch(next(cases(seed, 1)))  # warm up here: workers inherit it
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            take(pool.imap_unordered(_check_in_scratch, cases(seed, count), chunksize=16))
    else:
        take(map(_check_in_scratch, cases(seed, count)))
    for folder in _FOLDERS.values():  # the workers' own are gone with their processes
        shutil.rmtree(folder, ignore_errors=True)
    _FOLDERS.clear()
    return counts


def _report(case: Case, outcome: Outcome, save: Path | None) -> None:
    print(f"\n#{case.number} {outcome.kind}: {', '.join(case.what)}", file=sys.stderr)
    print(outcome.detail.strip()[-1500:], file=sys.stderr)
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        (save / f"case_{case.number}_{outcome.kind}.yaml").write_text(
            case.text, encoding="utf-8", errors="surrogatepass"
        )
        (save / f"case_{case.number}_{outcome.kind}.csv").write_text(
            case.csv, encoding="utf-8", errors="surrogatepass"
        )


FINDINGS = ("traceback", "internal", "bad_message", "leak")


def summary(counts: Counter[str], seconds: float) -> str:
    total = sum(counts.values())
    valid = counts["built"] + counts["internal"]
    return (
        f"cases: {total}, rejected: {counts['rejected']}, valid: {valid}, "
        f"built: {counts['built']}, tracebacks: {counts['traceback']}, internal errors after "
        f"validation: {counts['internal']}, messages not Russian or not located: "
        f"{counts['bad_message']}, names in messages: {counts['leak']} ({seconds:.0f} s)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--save", type=Path, help="folder for the profiles of findings")
    parser.add_argument("-j", "--jobs", type=int, default=0, help="processes (0: all cores)")
    args = parser.parse_args()
    import os

    jobs = args.jobs or len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    start = time.monotonic()

    def progress(done: int) -> None:
        if done % 1000 == 0:
            print(f"  {done}/{args.cases}", file=sys.stderr)

    counts = run(args.seed, args.cases, args.save, progress, jobs)
    print(summary(counts, time.monotonic() - start))
    return 1 if any(counts[k] for k in FINDINGS) else 0


if __name__ == "__main__":
    sys.exit(main())
