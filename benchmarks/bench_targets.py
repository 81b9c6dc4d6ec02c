"""Issue 13's targets in ONE run: every ratio is paired in this run, on the same cores.

Not a test: run it by hand, on a quiet machine, and paste the Markdown it prints.

    .venv/bin/python benchmarks/bench_targets.py            # full run, under ~10 minutes
    .venv/bin/python benchmarks/bench_targets.py --quick    # ~2 minutes, smaller sizes
    .venv/bin/python benchmarks/bench_targets.py --quick --profile   # plus where time goes

(a) per core: plain docxtpl in one process — DocxTemplate(path).render(ctx,
    jinja_env=SandboxedEnvironment(autoescape=True)); save() to memory — on the contexts
    profdocs builds (built before the clock starts), against `profdocs build DIR -j 1`, the
    whole process with verification, over the same schools;
(b) all cores: docxtpl in N processes (started together after building their contexts)
    against `profdocs build DIR -j N`;
(c) the floor of the work, measured here: a plain Jinja render of the templated parts,
    deflating them, a durable write (write + fdatasync) of the document, the YAML load and
    one lxml parse per document, against profdocs' warm path per document;
(d) one school cold: `profdocs build demo.yaml` against `python -c "import docxtpl"`;
(e) PDF: seconds per school with and without --pdf, and how many times soffice started (a
    counting wrapper first on PATH);
(f) memory: the largest process's peak RSS and the tree's sum at many schools, and one
    school whose journal has 500, 1000 and 2000 entries.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import bench_region as br  # noqa: E402

from generator.documents import DOCUMENTS  # noqa: E402
from generator.russian.numbers import plural  # noqa: E402

# region.py's schools teach grades 1–11, so every document of the package is made for each.
DOCS_PER_SCHOOL = len(DOCUMENTS)
TARGET_PER_CORE = 10.0
TARGET_FLOOR = 2.0
TARGET_COLD = 3.0
TARGET_RSS_MB = 300.0
TARGET_JOURNAL_MB = 150.0
JOURNAL_SIZES = (500, 1000, 2000)


# ------------------------------------------------------------------------ in-process helpers


def contexts_of(paths: list[Path]) -> list[dict[str, Any]]:
    """The contexts profdocs renders, as plain dicts (what docxtpl is given)."""
    from generator import build_context, load_valid

    return [build_context(load_valid(p)).model_dump() for p in paths]


def docxtpl_run(contexts: list[dict[str, Any]]) -> int:
    """Plain docxtpl as its documentation shows, on every document of every context."""
    from docxtpl import DocxTemplate
    from jinja2.sandbox import SandboxedEnvironment

    from generator import DEFAULT_TEMPLATES, DOCUMENTS

    docs = 0
    for ctx in contexts:
        for spec in DOCUMENTS:
            tpl = DocxTemplate(str(DEFAULT_TEMPLATES / spec.template))
            tpl.render(ctx, jinja_env=SandboxedEnvironment(autoescape=True))
            tpl.save(io.BytesIO())
            docs += 1
    return docs


def _plain_templates() -> list[list[tuple[str, bytes, Any, bytes]]]:
    """Each document's templated parts compiled by a plain jinja2.Environment (no sandbox,
    no budget, no value guard): the cheapest Jinja can render these templates."""
    import jinja2

    from generator import DEFAULT_TEMPLATES, DOCUMENTS
    from generator.render import jinja_source, load_template, patch_xml, split_part

    env = jinja2.Environment(autoescape=True)
    out = []
    for spec in DOCUMENTS:
        compiled = load_template(DEFAULT_TEMPLATES / spec.template)
        parts = []
        for info, data in compiled.entries:
            cut = split_part(info.filename, data)
            if cut is None or b"{" not in cut[1]:
                continue
            source = jinja_source(patch_xml(cut[1].decode("utf-8")))
            if any(tag in source for tag in ("{{", "{%")):
                parts.append((info.filename, cut[0], env.from_string(source), cut[2]))
        out.append(parts)
    return out


def floor_per_doc(paths: list[Path], folder: Path) -> dict[str, float]:
    """ms per document of the work no generator can skip (see the module docstring)."""
    import yaml
    from lxml import etree

    from generator.docx.zipio import COMPRESS_LEVEL  # the level build deflates with

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    templates = _plain_templates()
    contexts = contexts_of(paths)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    sums = dict.fromkeys(("yaml", "jinja", "deflate", "write", "parse"), 0.0)
    T = time.perf_counter
    folder.mkdir(parents=True, exist_ok=True)
    docs = 0
    for round_ in range(2):  # the first round warms up and is not counted
        for text, ctx in zip(texts, contexts, strict=True):
            t0 = T()
            yaml.load(text, Loader=loader)
            t_yaml = T() - t0
            for n, parts in enumerate(templates):
                t0 = T()
                rendered = [
                    (name, prefix + tpl.render(ctx).encode("utf-8") + suffix)
                    for name, prefix, tpl, suffix in parts
                ]
                t1 = T()
                blobs = []
                for _name, xml in rendered:
                    z = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
                    blobs.append(z.compress(xml) + z.flush())
                t2 = T()
                fd = os.open(folder / f"doc{n}.docx", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                for blob in blobs:
                    os.write(fd, blob)
                os.fdatasync(fd)
                os.close(fd)
                t3 = T()
                body = dict(rendered).get("word/document.xml")
                if body is not None:
                    etree.fromstring(body)
                t4 = T()
                if round_:
                    sums["jinja"] += t1 - t0
                    sums["deflate"] += t2 - t1
                    sums["write"] += t3 - t2
                    sums["parse"] += t4 - t3
                    docs += 1
            if round_:
                sums["yaml"] += t_yaml
    out = {k: v * 1000 / docs for k, v in sums.items()}
    out["total"] = sum(out.values())
    return out


# Stages of the warm path, as (label, module path, attribute[, class]). Time is charged to
# the innermost stage running (exclusive), so nested stages do not count twice.
STAGES: tuple[tuple[str, str, str, str | None], ...] = (
    ("load (YAML, positions)", "generator.load", "read_profile", None),
    ("validate", "generator.validate", "load_valid", None),
    ("context", "generator.context", "build_context", None),
    ("context: model_dump", "generator.context_model", "model_dump", "DocumentContext"),
    ("render (Jinja)", "generator.render", "render", "CompiledTemplate"),
    ("zip (package)", "generator.write", "package", None),
    ("verify: facts", "generator.verify.facts", "from_context", "PackageFacts"),
    ("verify: parse + walk", "generator.verify.document", "packed_text", None),
    ("verify: parse + walk", "generator.verify.document", "doc_text", None),
    ("verify: typography", "generator.verify.document", "typography_findings", None),
    ("verify: document (rest)", "generator.verify", "verify_document", None),
    ("verify: package", "generator.verify", "verify_package", None),
    ("write (files, rename)", "generator.pipeline", "write_package", None),
    ("write: fdatasync", "generator.write", "_sync", None),
)


class StageClock:
    """Exclusive time per stage, by wrapping the stage's function for the duration."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack: list[list[Any]] = []

    def wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [label, time.perf_counter(), 0.0]
            self._stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                self._stack.pop()
                spent = time.perf_counter() - frame[1]
                self.seconds[label] += spent - frame[2]
                if self._stack:
                    self._stack[-1][2] += spent

        return timed

    @contextmanager
    def installed(self) -> Iterator[None]:
        import importlib

        undo = []
        for label, module_name, attr, cls_name in STAGES:
            owner: Any = importlib.import_module(module_name)
            if cls_name:
                owner = getattr(owner, cls_name)
            original = owner.__dict__.get(attr)  # None: inherited (model_dump)
            if isinstance(original, classmethod):
                wrapped: Any = classmethod(self.wrap(label, original.__func__))
            else:
                wrapped = self.wrap(label, getattr(owner, attr))
            setattr(owner, attr, wrapped)
            undo.append((owner, attr, original))
        try:
            yield
        finally:
            for owner, attr, original in reversed(undo):
                if original is None:
                    delattr(owner, attr)
                else:
                    setattr(owner, attr, original)


def warm_path(paths: list[Path], folder: Path, *, stages: bool = False) -> dict[str, Any]:
    """ms per document of render_package + write_package in a warm process; with `stages`,
    ms per school of each stage (a second pass with the stage clocks installed)."""
    from generator import pipeline  # looked up per call: the stage clocks wrap its names

    def one_pass() -> float:
        t0 = time.perf_counter()
        for p in paths:
            built = pipeline.render_package(p)
            pipeline.write_package(built, folder / built.school_id)
        return time.perf_counter() - t0

    one_pass()  # warm: imports, compiled templates, deflated static entries
    seconds = one_pass()
    out: dict[str, Any] = {"ms_per_doc": seconds * 1000 / (len(paths) * DOCS_PER_SCHOOL)}
    if stages:
        clock = StageClock()
        with clock.installed():
            total = one_pass()
        per_school = {k: v * 1000 / len(paths) for k, v in clock.seconds.items()}
        per_school["other (glue, clock overhead)"] = total * 1000 / len(paths) - sum(
            per_school.values()
        )
        out["stages_ms_per_school"] = per_school
        prof = cProfile.Profile()
        prof.enable()
        one_pass()
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(15)
        out["cprofile"] = buf.getvalue()
    return out


# ------------------------------------------------------------------------ children


def _child_main(args: argparse.Namespace) -> None:
    paths = [Path(p) for p in args._paths]
    if args._mode == "docxtpl":
        contexts = contexts_of(paths)
        print("ready", flush=True)
        sys.stdin.readline()  # the parent starts every process's clock at once
        start = time.monotonic()
        docs = docxtpl_run(contexts)
        print(json.dumps({"docs": docs, "start": start, "end": time.monotonic()}), flush=True)
    elif args._mode == "warm":
        folder = Path(args._folder)
        data = warm_path(paths, folder / "out", stages=args.profile)
        data["floor"] = floor_per_doc(paths, folder / "floor")
        print(json.dumps(data))


def _child_cmd(mode: str, paths: list[Path], *extra: str) -> list[str]:
    return [sys.executable, __file__, "--_mode", mode, *extra, "--_paths", *map(str, paths)]


def docxtpl_procs(paths: list[Path], procs: int) -> float:
    """Wall seconds of docxtpl over `paths` in `procs` processes started together."""
    chunks = [paths[i::procs] for i in range(procs)]
    children = [
        subprocess.Popen(
            _child_cmd("docxtpl", chunk),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=br._ENV,
        )
        for chunk in chunks
        if chunk
    ]
    for child in children:
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            sys.exit("docxtpl: a child process failed")
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, _ = child.communicate()
        if child.returncode != 0:
            sys.exit("docxtpl: a child process failed")
        results.append(json.loads(out.strip().splitlines()[-1]))
    if sum(r["docs"] for r in results) != len(paths) * DOCS_PER_SCHOOL:
        sys.exit("docxtpl: not every document was rendered")
    return max(r["end"] for r in results) - min(r["start"] for r in results)


# ------------------------------------------------------------------------ measurements


def _schools(n: int) -> str:
    return plural(n, "школа", "школы", "школ")


def _cores(n: int) -> str:
    return plural(n, "ядро", "ядра", "ядер")


def _yes(flag: bool) -> str:
    return "ДА" if flag else "НЕТ"


def _f(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


Row = tuple[str, str, str, str]  # measured, value, target, verdict


def per_core_and_all(args: argparse.Namespace, work: Path, jobs: int) -> list[Row]:
    from region import write_region

    rows: list[Row] = []
    for n in args.sizes:
        profiles = work / f"region{n}"
        paths = write_region(profiles, n, args.seed)
        docs = n * DOCS_PER_SCHOOL
        plain1 = docxtpl_procs(paths, 1) * 1000 / docs
        single = br._build(profiles, work / "out1", 1).wall * 1000 / docs
        ratio = plain1 / single
        rows.append(
            (
                f"(a) {_schools(n)}, 1 ядро: docxtpl {_f(plain1)} мс/док против "
                f"`build -j 1` {_f(single)} мс/док (весь процесс, с проверкой)",
                f"{_f(ratio, 1)}×",
                f"≥ {TARGET_PER_CORE:.0f}×",
                _yes(ratio >= TARGET_PER_CORE),
            )
        )
        plain_n = docxtpl_procs(paths, jobs) * 1000 / docs
        pool = br._build(profiles, work / "outN", jobs)
        pool_ms = pool.wall * 1000 / docs
        ratio = plain_n / pool_ms
        rows.append(
            (
                f"(b) {_schools(n)}, {_cores(jobs)}: docxtpl, процессов: {jobs}, "
                f"{_f(plain_n)} мс/док "
                f"против `build -j {jobs}` {_f(pool_ms)} мс/док",
                f"{_f(ratio, 1)}×",
                f"≥ {TARGET_PER_CORE:.0f}×",
                _yes(ratio >= TARGET_PER_CORE),
            )
        )
        shutil.rmtree(work / "out1", ignore_errors=True)
        shutil.rmtree(work / "outN", ignore_errors=True)
    return rows


def floor(args: argparse.Namespace, work: Path) -> tuple[list[Row], dict[str, Any]]:
    from region import write_region

    paths = write_region(work / "floor-region", args.floor_schools, args.seed + 1)
    extra = ["--_folder", str(work / "floor-work")] + (["--profile"] if args.profile else [])
    r = br.run(_child_cmd("warm", paths, *extra))
    if r.code != 0:
        sys.exit(f"warm path: {r.stderr[-3000:]}")
    data = json.loads(r.stdout.strip().splitlines()[-1])
    fl = data["floor"]
    multiple = data["ms_per_doc"] / fl["total"]
    parts = ", ".join(
        f"{label} {_f(fl[key])}"
        for key, label in (
            ("jinja", "Jinja"),
            ("deflate", "deflate"),
            ("write", "запись+fdatasync"),
            ("yaml", "YAML"),
            ("parse", "разбор lxml"),
        )
    )
    row = (
        f"(c) тёплый путь profdocs {_f(data['ms_per_doc'])} мс/док (с проверкой и записью) "
        f"против пола {_f(fl['total'])} мс/док ({parts})",
        f"{_f(multiple, 1)}×",
        f"≤ {TARGET_FLOOR:.0f}×",
        _yes(multiple <= TARGET_FLOOR),
    )
    return [row], data


def cold(args: argparse.Namespace, work: Path) -> list[Row]:
    cmds = {
        "pass": [sys.executable, "-c", "pass"],
        "docxtpl": [sys.executable, "-c", "import docxtpl"],
        "build": [*br._profdocs(), "build", "data/schools/demo.yaml", "-o", str(work / "cold")],
    }
    med = {}
    for key, cmd in cmds.items():
        br.run(cmd)  # .pyc written, caches warm
        runs = [br.run(cmd) for _ in range(args.repeat)]
        if runs[0].code != 0:
            sys.exit(f"{cmd}: {runs[0].stderr[-2000:]}")
        med[key] = statistics.median(r.wall for r in runs)
    multiple = med["build"] / med["docxtpl"]
    return [
        (
            f"(d) холодный старт, одна школа: `profdocs build demo.yaml` {_f(med['build'])} с "
            f'против `python -c "import docxtpl"` {_f(med["docxtpl"])} с '
            f"(`python -c pass` {_f(med['pass'], 3)} с); медианы {args.repeat} запусков",
            f"{_f(multiple, 1)}×",
            f"≤ {TARGET_COLD:.0f}×",
            _yes(multiple <= TARGET_COLD),
        )
    ]


def pdf(args: argparse.Namespace, work: Path, jobs: int) -> list[Row]:
    from region import write_region

    from generator.pdf import _CANDIDATES, find_soffice

    real = find_soffice()
    if real is None:
        return [("(e) PDF: soffice не найден — не измерено", "—", "—", "НЕТ")]
    bin_dir = work / "bin"
    bin_dir.mkdir(exist_ok=True)
    counter = work / "soffice-starts"
    for name in _CANDIDATES:
        wrapper = bin_dir / name
        wrapper.write_text(f'#!/bin/sh\necho start >> "{counter}"\nexec "{real}" "$@"\n')
        wrapper.chmod(0o755)
    env = dict(br._ENV or os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    n = args.pdf_schools
    profiles = work / "pdf-region"
    write_region(profiles, n, args.seed + 2)
    base = [*br._profdocs(), "build", str(profiles), "-j", str(jobs)]
    plain = br.run([*base, "-o", str(work / "pdf-out0")], env=env)
    counter.unlink(missing_ok=True)
    with_pdf = br.run([*base, "-o", str(work / "pdf-out1"), "--pdf"], env=env)
    starts = len(counter.read_text().split()) if counter.exists() else 0
    pdfs = len(list((work / "pdf-out1").rglob("*.pdf")))
    if plain.code != 0 or with_pdf.code != 0 or pdfs != n * DOCS_PER_SCHOOL:
        sys.exit(f"--pdf: код {with_pdf.code}, PDF {pdfs} из {n * DOCS_PER_SCHOOL}")
    from generator.batch import worker_count

    workers = worker_count(jobs, n)
    return [
        (
            f"(e) PDF/A-2b, {_schools(n)}, `-j {jobs}`: {_f(plain.wall / n)} с/школу без --pdf, "
            f"{_f(with_pdf.wall / n)} с/школу с --pdf; запусков LibreOffice: {starts} "
            f"(процессов-исполнителей: {workers})",
            plural(starts, "запуск", "запуска", "запусков"),
            f"≤ 1 на исполнителя ({workers})",
            _yes(0 < starts <= workers),
        )
    ]


def memory(args: argparse.Namespace, work: Path, jobs: int) -> list[Row]:
    from region import write_journal_school, write_region

    n = args.memory_schools
    runs = []
    for size in (n // 10, n):  # flat: ten times the schools, about the same memory
        profiles = work / f"region{size}"
        write_region(profiles, size, args.seed)
        runs.append(br._build(profiles, work / "outM", jobs, sample_tree=True))
        shutil.rmtree(work / "outM", ignore_errors=True)
        shutil.rmtree(profiles, ignore_errors=True)
    small, big = runs
    flat = big.tree_mb <= small.tree_mb * 1.15
    base = f" ({_schools(n // 10)} — {small.tree_mb:.0f} МБ)"
    rows: list[Row] = [
        (
            f"(f) память, {_schools(n)}, `-j {jobs}`: пик RSS самого большого процесса "
            f"{big.rss_mb:.0f} МБ; пик суммы PSS дерева {big.tree_mb:.0f} МБ{base}, "
            f"пик суммы RSS {big.rss_sum_mb:.0f} МБ (общие страницы — многократно)",
            f"{big.tree_mb:.0f} МБ",
            f"≤ {TARGET_RSS_MB:.0f} МБ, без роста",
            _yes(big.rss_mb <= TARGET_RSS_MB and big.tree_mb <= TARGET_RSS_MB and flat),
        )
    ]
    rss = {}
    for entries in JOURNAL_SIZES:
        path = write_journal_school(work / "journals", entries, args.seed)
        r = br.run([*br._profdocs(), "build", str(path), "-o", str(work / "journal-out")])
        if r.code != 0:
            sys.exit(f"журнал {entries}: код {r.code}\n{r.stdout[-1500:]}{r.stderr[-1500:]}")
        rss[entries] = (r.rss_mb, r.wall)
    a, b, c = JOURNAL_SIZES
    step1 = (rss[b][0] - rss[a][0]) / (b - a)
    step2 = (rss[c][0] - rss[b][0]) / (c - b)
    linear = step2 <= max(step1 * 1.5, step1 + 0.01)
    listing = "; ".join(f"{k}: {v[0]:.0f} МБ, {_f(v[1])} с" for k, v in rss.items())
    rows.append(
        (
            f"(f) журнал консультаций одной школы ({listing}); прирост "
            f"{step1 * 1000:.0f} и {step2 * 1000:.0f} КБ на запись",
            f"{rss[c][0]:.0f} МБ",
            f"≤ {TARGET_JOURNAL_MB:.0f} МБ, линейно",
            _yes(rss[c][0] <= TARGET_JOURNAL_MB and linear),
        )
    )
    return rows


def cold_profile(work: Path) -> str:
    """Where a one-school cold build spends its time: imports by package, then cProfile."""
    build = [*br._profdocs(), "build", "data/schools/demo.yaml", "-o", str(work / "cold-prof")]
    script = build[1:] if build[0] == sys.executable else build
    imp = br.run([sys.executable, "-X", "importtime", *script])
    by_pkg: dict[str, float] = defaultdict(float)
    for line in imp.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s+(\S.*)$", line)
        if m:
            by_pkg[m.group(2).strip().split(".")[0]] += int(m.group(1)) / 1e6
    prof_file = work / "cold.prof"
    br.run([sys.executable, "-m", "cProfile", "-o", str(prof_file), *script])
    stats = pstats.Stats(str(prof_file))
    total = stats.total_tt  # type: ignore[attr-defined]

    def cum(file_part: str, func: str) -> float:
        return sum(
            v[3]
            for (file, _line, name), v in stats.stats.items()  # type: ignore[attr-defined]
            if name == func and file_part in file
        )

    imports = cum("importlib._bootstrap", "_find_and_load")
    verified = cum("verify/document", "verify_document") + cum("verify/package", "verify_package")
    lines = [
        "| Холодный старт одной школы под cProfile (время с его накладными расходами) | с |",
        "|---|---:|",
        f"| всего | {_f(total, 3)} |",
        f"| импорт модулей | {_f(imports, 3)} |",
        "| — из них построение классов pydantic (ModelMetaclass.__new__) | "
        f"{_f(cum('_model_construction', '__new__'), 3)} |",
        "| компиляция регулярных выражений (re.compile, при импорте и позже) | "
        f"{_f(cum('re/__init__', '_compile'), 3)} |",
        "| компиляция шаблонов (load_template; в каждом новом процессе, кэша на диске нет) | "
        f"{_f(cum('generator/render', 'load_template'), 3)} |",
        f"| — из них patch_xml (docxtpl) | {_f(cum('generator/render', 'patch_xml'), 3)} |",
        f"| — из них компиляция Jinja | {_f(cum('generator/sandbox', '_generate'), 3)} |",
        "| — из них проверка шаблона при сборке (gate) | "
        f"{_f(cum('generator/render', '_gate'), 3)} |",
        f"| контекст (build_context) | {_f(cum('generator/context', 'build_context'), 3)} |",
        f"| рендер (CompiledTemplate.render) | {_f(cum('generator/render', 'render'), 3)} |",
        f"| проверка документов (verify_document + verify_package) | {_f(verified, 3)} |",
        f"| запись (write_package) | {_f(cum('generator/pipeline', 'write_package'), 3)} |",
        "",
        "| Импорт по пакетам (-X importtime, собственное время) | с |",
        "|---|---:|",
    ]
    for pkg, sec in sorted(by_pkg.items(), key=lambda kv: -kv[1])[:10]:
        lines.append(f"| {pkg} | {_f(sec, 3)} |")
    return "\n".join(lines)


# ------------------------------------------------------------------------ main


class _Sampler(br._TreeSampler):
    """Also the peak of the plain RSS sum over the tree (shared pages counted each time)."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.rss_sum_mb = 0.0
        super().__init__(pid, interval)

    def _loop(self) -> None:
        while not self._stop.is_set():
            pids = self._tree(self.pid)
            pss = sum(self._kb(p, "Pss:", "smaps_rollup") for p in pids)
            rss = sum(self._kb(p, "VmRSS:", "status") for p in pids)
            self.tree_mb = max(self.tree_mb, pss)
            self.rss_sum_mb = max(self.rss_sum_mb, rss)
            self.parent_mb = max(self.parent_mb, self._kb(self.pid, "VmRSS:", "status"))
            self._stop.wait(self.interval)


def _install_sampler() -> None:
    """bench_region.run() samples with _Sampler and keeps its RSS sum on the Run."""
    last: list[_Sampler] = []

    def start(pid: int) -> _Sampler:
        s = _Sampler(pid)
        last.append(s)
        return s

    br._TreeSampler = start  # type: ignore[assignment,misc]
    original_run = br.run

    def run(cmd: list[str], **kwargs: Any) -> br.Run:
        last.clear()
        r = original_run(cmd, **kwargs)
        r.rss_sum_mb = last[-1].rss_sum_mb if last else 0.0  # type: ignore[attr-defined]
        return r

    br.run = run  # type: ignore[assignment]


def machine() -> str:
    model = "?"
    cores = 0
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            cores += 1
    allowed = len(os.sched_getaffinity(0))
    return f"{model}, {_cores(cores)} в /proc/cpuinfo, доступно процессу: {allowed}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="малые размеры (~2 минуты)")
    parser.add_argument("--sizes", type=str, default=None, help="школ для (a), (b): 20,320")
    parser.add_argument("--memory-schools", type=int, default=None, help="(f): 3200")
    parser.add_argument("--floor-schools", type=int, default=None, help="(c): 20")
    parser.add_argument("--pdf-schools", type=int, default=None, help="(e): 4")
    parser.add_argument("--repeat", type=int, default=None, help="повторов (d): 7")
    parser.add_argument("--jobs", type=int, default=0, help="ядер для (b), 0 — все")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true", help="ещё и куда уходит время")
    parser.add_argument("--_mode", help=argparse.SUPPRESS)
    parser.add_argument("--_folder", help=argparse.SUPPRESS)
    parser.add_argument("--_paths", nargs="*", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._mode:
        _child_main(args)
        return
    quick = args.quick
    args.sizes = [int(s) for s in (args.sizes or ("20,80" if quick else "20,320")).split(",")]
    args.memory_schools = args.memory_schools or (640 if quick else 3200)
    args.floor_schools = args.floor_schools or (10 if quick else 20)
    args.pdf_schools = args.pdf_schools or (2 if quick else 4)
    args.repeat = args.repeat or (3 if quick else 7)

    from generator.batch import worker_count

    jobs = worker_count(args.jobs, 10**6)
    _install_sampler()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="profdocs-targets-") as tmp:
        work = Path(tmp)
        br._ENV = br.installed_env(work)
        br.run([*br._profdocs(), "build", "data/schools/demo.yaml", "-o", str(work / "warm")])
        rows = per_core_and_all(args, work, jobs)
        floor_rows, warm = floor(args, work)
        rows += floor_rows
        rows += cold(args, work)
        rows += pdf(args, work, jobs)
        rows += memory(args, work, jobs)
        profile = cold_profile(work) if args.profile else ""

    print(f"Машина: {machine()}; {time.strftime('%d.%m.%Y %H:%M UTC', time.gmtime())}; ")
    spent = time.perf_counter() - started
    print(f"прогон `bench_targets.py{' --quick' if quick else ''}` за {spent:.0f} с\n")
    print("| Что измерено | Результат | Цель | Достигнута |")
    print("|---|---:|---|---|")
    for label, value, target, verdict in rows:
        print(f"| {label} | {value} | {target} | {verdict} |")
    if args.profile:
        stages = warm["stages_ms_per_school"]
        total = sum(stages.values())
        print(
            f"\nТёплый процесс, мс на школу ({DOCS_PER_SCHOOL} документов), "
            f"по {args.floor_schools} школам; время этапа без вложенных этапов:\n"
        )
        print("| Этап | мс/школу | доля |")
        print("|---|---:|---:|")
        for label, ms in sorted(stages.items(), key=lambda kv: -kv[1]):
            print(f"| {label} | {_f(ms)} | {ms / total:.0%} |")
        print(f"| всего | {_f(total)} | 100% |")
        print("\n" + profile)
        print("\ncProfile тёплого прохода, 15 функций по собственному времени:\n")
        print("```\n" + warm["cprofile"].strip() + "\n```")


if __name__ == "__main__":
    main()
