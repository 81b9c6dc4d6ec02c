"""CPU time of a school's build with the budgeted sandbox and with Jinja's plain one.

Region A/B runs (bench_ab.py) on a shared machine vary by more than the sandbox costs, so
this measures it in one process: the same synthetic schools rendered and verified with
either environment, in alternating rounds, as CPU time (time.process_time).

    .venv/bin/python benchmarks/bench_sandbox.py --schools 60 --rounds 8
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

sys.path.insert(0, str(Path(__file__).resolve().parent))

from region import write_region

from generator import render
from generator.pipeline import render_package


class _Plain(SandboxedEnvironment):
    """Jinja's sandbox with profdocs' dict shortcut, without the budget."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in render._DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def _plain_env() -> SandboxedEnvironment:
    return _Plain(autoescape=True, undefined=jinja2.StrictUndefined)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profdocs-sandbox-") as tmp:
        profiles = Path(tmp)
        write_region(profiles, args.schools, args.seed)
        schools = sorted(profiles.glob("*.yaml"))
        envs = {"с бюджетом": render.make_env, "без бюджета": _plain_env}
        times: dict[str, list[float]] = {label: [] for label in envs}
        for r in range(args.rounds):
            order = list(envs) if r % 2 == 0 else list(reversed(envs))
            for label in order:
                render.make_env = envs[label]  # type: ignore[assignment]
                render._cached.cache_clear()
                render._stamped.cache_clear()
                render_package(schools[0])  # compiled outside the timing
                gc.collect()
                start = time.process_time()
                for school in schools:
                    render_package(school)
                times[label].append((time.process_time() - start) / len(schools) * 1000)
    print(f"{args.schools} школ, {args.rounds} кругов, мс процессорного времени на школу")
    print("| песочница | медиана | минимум |")
    print("|---|---:|---:|")
    for label, values in times.items():
        median, least = statistics.median(values), min(values)
        print(f"| {label} | {median:.1f} | {least:.1f} |".replace(".", ","))


if __name__ == "__main__":
    main()
