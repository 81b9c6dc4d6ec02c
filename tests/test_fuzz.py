"""Property: every mutated profile is refused with located Russian messages that name no
one, or it builds. The standing fuzzer (tools/fuzz_profiles.py) runs 10 000 such cases;
the suite runs a few hundred of them, seeded, so a failure here is reproducible there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tools import fuzz_profiles

CASES = 300


@pytest.mark.parametrize("seed", [2026])
def test_mutated_profiles_are_refused_in_russian_or_build(seed: int, capsys) -> None:
    counts = fuzz_profiles.run(seed, CASES)
    line = fuzz_profiles.summary(counts, 0)
    with capsys.disabled():
        print(f"\nfuzz seed {seed}: {line}")
    findings = {kind: counts[kind] for kind in fuzz_profiles.FINDINGS if counts[kind]}
    assert not findings, line
    assert counts["rejected"] > CASES // 2  # the mutations do reach validation's refusals
    assert counts["built"] > CASES // 20  # and the builds: not everything is refused


def _failing(kind: str) -> Callable[..., object]:
    from generator.diagnostics import Diagnostic, Finding
    from generator.errors import VerificationFailed

    def validate(path: Path) -> object:
        messages = {
            "english": "Input should be a valid string",
            "leak": "Сотрудник Кузнецова Елена Викторовна указан дважды.",
            "unlocated": "Ошибка где-то в профиле.",
            # a key typed with a stray character quotes an English word: the message is Russian
            "quoted": "Неизвестный ключ «bas[is»; возможны delegated_to, basis и outsourced_to.",
        }
        if kind == "traceback":
            raise KeyError("staff")
        line = 0 if kind == "unlocated" else 3
        return None, [Diagnostic.at(str(path), line, 1, ("staff",), messages[kind])]

    def render(path: Path) -> object:
        raise VerificationFailed([Finding("error", "04.docx", "нет номера приказа")])

    return render if kind == "internal" else validate


@pytest.mark.parametrize(
    ("kind", "counted"),
    [
        ("traceback", "traceback"),
        ("english", "bad_message"),
        ("unlocated", "bad_message"),
        ("quoted", "rejected"),
        ("leak", "leak"),
        ("internal", "internal"),
    ],
)
def test_the_fuzzer_counts_each_kind_of_finding(
    kind: str, counted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import pipeline, validate

    target = (pipeline, "render_package") if kind == "internal" else (validate, "validate_file")
    monkeypatch.setattr(*target, _failing(kind))
    demo = fuzz_profiles.SEEDS[0].read_text(encoding="utf-8")
    outcome = fuzz_profiles.check_case(fuzz_profiles.Case(0, demo), tmp_path)
    assert outcome.kind == counted, outcome
