"""Two installations of profdocs on the same synthetic region, interleaved in one run.

For a change that must not cost speed (a restructuring, a refactor): build the region
with the «before» and the «after» command in turns, so that both see the same machine,
the same noise and the same disk, and print the medians and their ratio.

    .venv/bin/python benchmarks/bench_ab.py --before /tmp/before/.venv/bin/profdocs \\
        --after .venv/bin/profdocs --schools 320 --rounds 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from region import write_region


def _build(cmd: str, profiles: Path, out: Path, jobs: int, env: dict[str, str]) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [cmd, "build", str(profiles), "-o", str(out), "-j", str(jobs)],
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{cmd} build -j {jobs}: код {proc.returncode}\n{proc.stdout[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--before", required=True, help="команда profdocs «до»")
    parser.add_argument("--after", required=True, help="команда profdocs «после»")
    parser.add_argument("--schools", type=int, default=320)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 0])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profdocs-ab-") as tmp:
        work = Path(tmp)
        profiles = work / "region"
        write_region(profiles, args.schools, args.seed)
        envs = {}
        for tag in ("before", "after"):
            env = dict(os.environ)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(work / f"pyc-{tag}")
            # Installations older than issue 11 keep compiled templates on disk: give each
            # its own folder rather than the user's (newer ones ignore the variable).
            env["PROFDOCS_CACHE_DIR"] = str(work / f"tpl-{tag}")
            envs[tag] = env
        commands = {"before": args.before, "after": args.after}
        print(f"Регион: {args.schools} школ (seed {args.seed}), {args.rounds} кругов, по очереди")
        print("| -j | до, с (медиана) | после, с (медиана) | после / до |")
        print("|---:|---:|---:|---:|")
        for jobs in args.jobs:
            times: dict[str, list[float]] = {"before": [], "after": []}
            for tag in commands:  # warm-up: .pyc and compiled templates
                _build(commands[tag], profiles, work / "out", jobs, envs[tag])
            for r in range(args.rounds):
                order = ("before", "after") if r % 2 == 0 else ("after", "before")
                for tag in order:
                    times[tag].append(
                        _build(commands[tag], profiles, work / "out", jobs, envs[tag])
                    )
            before, after = (statistics.median(times[t]) for t in ("before", "after"))
            shown = jobs or "все ядра"
            print(
                f"| {shown} | {before:.2f} | {after:.2f} | {after / before:.3f} |".replace(".", ",")
            )


if __name__ == "__main__":
    main()
