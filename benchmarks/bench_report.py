"""`profdocs report` on a synthetic region: how long the municipality waits for its view.

    .venv/bin/python benchmarks/bench_report.py                # 320 schools, all cores
    .venv/bin/python benchmarks/bench_report.py --schools 100 --jobs 1

Every school is validated, rendered and verified in memory (as `build` does, without
writing), so the report costs about what `build` costs; one run, wall time of the whole
command (Python start-up included). The machine is shared: repeat before trusting a figure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.region import write_region


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=320)
    parser.add_argument("--jobs", type=int, default=0, help="0 — все ядра")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profdocs-report-") as tmp:
        work = Path(tmp)
        write_region(work / "schools", args.schools, args.seed)
        cli = Path(sys.executable).with_name("profdocs")
        cmd = [str(cli), "report", str(work / "schools"), "-o", str(work / "report")]
        cmd += ["--output", str(work / "packages"), "-j", str(args.jobs)]
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(work / "pyc")}
        subprocess.run([*cmd[:2], "--help"], env=env, check=True, capture_output=True)
        start = time.monotonic()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        seconds = time.monotonic() - start
        if done.returncode:
            sys.exit(done.stdout + done.stderr)
        size = (work / "report" / "report.xlsx").stat().st_size
        page = (work / "report" / "report.html").stat().st_size
        print(f"Школ: {args.schools}, -j {args.jobs or 'все ядра'} (nproc {os.cpu_count()})")
        print(
            f"profdocs report: {seconds:.2f} с; report.xlsx {size // 1024} КБ, "
            f"report.html {page // 1024} КБ"
        )
        print(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
