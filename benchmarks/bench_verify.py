"""Micro-benchmark of verification: ms per document for verify_document and verify_package.

Not a test: run it by hand and compare the figures before and after a change.

    .venv/bin/python benchmarks/bench_verify.py                  # demo package
    .venv/bin/python benchmarks/bench_verify.py --profile 25     # plus a cProfile top 25
    .venv/bin/python benchmarks/bench_verify.py data/schools/mirny.yaml --repeat 200

The package is rendered once without verification; every round then verifies its six
documents as `build` does — verify_document for each, then verify_package — with the
per-document parse cache cleared first, so every round reads and parses every document
afresh. The garbage collector stays on, as in a real build. Parts are inflated from the
archive here; build hands over the XML it has just zipped, which saves that step.

Demo package, 2-core shared box (medians): before the rewrite verify_document 6.4 ms/doc
and verify_package 7.5 ms/school (7.7 ms/doc in all); after it 2.1 and 1.5 (2.4 ms/doc);
November 2026 (lazy cell paragraphs, cheaper searches) 1.75 and 1.36 (1.97 ms/doc).
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

from generator import DOCUMENTS, build_context, load_valid, render_package, verify  # noqa: E402

FILES = {spec.id: spec.file_name for spec in DOCUMENTS}


def package(profile: Path) -> tuple[dict[str, bytes], verify.PackageFacts]:
    """The six documents (by document id) and the package facts, as build has them."""
    built = render_package(profile, verify=False)
    docs = {doc_id: built.documents[name] for doc_id, name in FILES.items()}
    facts = verify.PackageFacts.from_context(build_context(load_valid(profile)))
    return docs, facts


def one_round(docs: dict[str, bytes], facts: verify.PackageFacts) -> tuple[float, float, int]:
    """(seconds in verify_document, seconds in verify_package, findings) for one school."""
    verify.clear_cache()
    t0 = time.perf_counter()
    found = 0
    for doc_id, data in docs.items():
        found += len(verify.verify_document(doc_id, data, FILES[doc_id], facts))
    t1 = time.perf_counter()
    found += len(verify.verify_package(docs, facts))
    return t1 - t0, time.perf_counter() - t1, found


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "profiles", nargs="*", type=Path, default=[ROOT / "data" / "schools" / "demo.yaml"]
    )
    parser.add_argument("--repeat", type=int, default=100, help="rounds per package (100)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile top N")
    args = parser.parse_args()

    for path in args.profiles:
        docs, facts = package(path)
        one_round(docs, facts)  # warm: requirements.yaml, styles, compiled patterns
        doc_s, pkg_s = [], []
        found = 0
        for _ in range(args.repeat):
            d, p, found = one_round(docs, facts)
            doc_s.append(d)
            pkg_s.append(p)
        n = len(docs)
        per_doc = statistics.median(doc_s) * 1000 / n
        per_pkg = statistics.median(pkg_s) * 1000
        best = min(map(sum, zip(doc_s, pkg_s, strict=True))) * 1000
        print(f"{path.name}: {n} documents, {args.repeat} rounds, {found} findings")
        print(f"  verify_document  {per_doc:6.2f} ms/doc")
        print(f"  verify_package   {per_pkg:6.2f} ms/school ({per_pkg / n:.2f} ms/doc)")
        print(
            f"  both             {per_doc * n + per_pkg:6.2f} ms/school "
            f"({per_doc + per_pkg / n:.2f} ms/doc; best round {best:.2f} ms)"
        )
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(max(10, args.repeat // 4)):
                one_round(docs, facts)
            prof.disable()
            pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
