"""Micro-benchmark of verification: ms per document for verify_document and verify_package.

Not a test: run it by hand and compare the figures before and after a change.

    .venv/bin/python benchmarks/bench_verify.py                  # demo package
    .venv/bin/python benchmarks/bench_verify.py --profile 25     # plus a cProfile top 25
    .venv/bin/python benchmarks/bench_verify.py data/schools/mirny.yaml --repeat 200

The package is rendered once without verification; every round then verifies its six
documents as `build` does — verify_document for each, then verify_package — with the
per-document parse cache cleared first, so every round parses every document afresh.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.context import build_context  # noqa: E402
from generator.documents import DOCUMENTS  # noqa: E402
from generator.pipeline import output_name, render_package  # noqa: E402
from generator.validate import load_valid  # noqa: E402
from generator import verify  # noqa: E402


def _clear() -> None:
    cache_clear = getattr(verify._doc_text, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()


def _package(profile: Path) -> tuple[dict[str, bytes], verify.PackageFacts]:
    built = render_package(profile, verify=False)
    docs = {spec.id: built.documents[output_name(spec)] for spec in DOCUMENTS}
    facts = verify.PackageFacts.from_context(build_context(load_valid(profile)))
    return docs, facts


def _round(docs: dict[str, bytes], facts: verify.PackageFacts) -> tuple[float, float, int]:
    _clear()
    t0 = time.perf_counter()
    n = 0
    for doc_id, data in docs.items():
        n += len(verify.verify_document(doc_id, data, output_name_of(doc_id), facts))
    t1 = time.perf_counter()
    n += len(verify.verify_package(docs, facts))
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, n


def output_name_of(doc_id: str) -> str:
    return next(output_name(s) for s in DOCUMENTS if s.id == doc_id)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("profiles", nargs="*", type=Path, default=[ROOT / "data/schools/demo.yaml"])
    ap.add_argument("--repeat", type=int, default=100, help="rounds per package (100)")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile top N")
    args = ap.parse_args()

    for path in args.profiles:
        docs, facts = _package(path)
        _round(docs, facts)  # warm: requirements.yaml, styles, compiled patterns
        doc_t, pkg_t = [], []
        findings = 0
        for _ in range(args.repeat):
            d, p, findings = _round(docs, facts)
            doc_t.append(d)
            pkg_t.append(p)
        n = len(docs)
        per_doc = statistics.median(doc_t) / n * 1000
        per_pkg = statistics.median(pkg_t) * 1000
        best = min(a + b for a, b in zip(doc_t, pkg_t, strict=True)) * 1000
        print(f"{path.name}: {n} documents, {args.repeat} rounds, findings {findings}")
        print(f"  verify_document  {per_doc:7.2f} ms/doc   (median)")
        print(f"  verify_package   {per_pkg:7.2f} ms/school ({per_pkg / n:.2f} ms/doc)")
        print(f"  both             {per_doc * n + per_pkg:7.2f} ms/school "
              f"({per_doc + per_pkg / n:.2f} ms/doc; best round {best:.2f} ms)")  # fmt: skip

        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(max(10, args.repeat // 4)):
                _round(docs, facts)
            prof.disable()
            pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
