#!/usr/bin/env python3
"""Benchmark `kg build` against plain jieba segmentation on a corpus made from seeds/.

    python bench/run.py [--mb 10] [--workers 1 2] [--json bench/results.json]

The corpus repeats the seed documents with their province and prefecture names
rotated, so that the graph grows as a real one would (new regions, new plans).
Each measurement runs in a fresh process: `kg build` (per-stage seconds, wall
time, processor time, peak memory, triples written) and a plain `jieba.lcut` pass
over the same text, both after their dictionaries are loaded; then both again as
whole processes, from start to exit (imports and dictionaries included). It prints
MB/s of input, the ratios of the two and writes the figures to a JSON file.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def region_names() -> tuple[list[str], list[str]]:
    from kg.extract.regions import load_gazetteer

    g = load_gazetteer()
    provinces = sorted(r.name for r in g.regions.values() if r.level == "province")
    prefectures = sorted(r.name for r in g.regions.values() if r.level == "prefecture" and r.name.endswith("市"))
    return provinces, prefectures


def make_corpus(folder: Path, megabytes: float, first_copy: int = 0) -> int:
    """Write altered copies of the seeds into folder until it holds the given size; return bytes written.

    Copy k rotates the province and prefecture names (by 7k places) and, every full turn of the
    provinces, moves every year back by one: each copy brings plans of other regions or other
    years, as a collection of many regions' documents over many years does.
    """
    provinces, prefectures = region_names()
    pattern = re.compile("|".join(map(re.escape, sorted(provinces + prefectures, key=len, reverse=True))))
    years = re.compile(r"20[0-9]{2}(?=年)")
    index = {name: i for i, name in enumerate(provinces)}
    index.update({name: i for i, name in enumerate(prefectures)})
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    target, written, copy = int(megabytes * 1_000_000), 0, first_copy
    while written < target:
        shift = copy // len(provinces)
        for stem, text in seeds:
            def rotate(m, k=copy):
                name = m.group()
                pool = provinces if name in provinces else prefectures
                return pool[(index[name] + k * 7) % len(pool)]
            altered = years.sub(lambda m, d=shift: str(int(m.group()) - d), pattern.sub(rotate, text))
            data = altered.encode("utf-8")
            (folder / f"{copy:05d}-{stem}.txt").write_bytes(data)
            written += len(data)
            if written >= target:
                break
        copy += 1
    return written


def peak_memory_mb() -> float:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(self_kb, children_kb) / 1024


def cpu_seconds() -> float:
    """Processor seconds (user and system) of this process and its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def one_build(corpus: Path, out: Path, workers: int) -> dict:
    from kg.build import run_build, warm_up
    from kg.rdf.graph import oxigraph_store

    warm_up()                      # jieba's dictionary, the gazetteer and the rules, as jieba.initialize() below
    started, cpu = time.perf_counter(), cpu_seconds()
    result = run_build([corpus], out, workers=workers)
    return {"wall_s": round(time.perf_counter() - started, 3), "cpu_s": round(cpu_seconds() - cpu, 3),
            "stages_s": {k: round(v, 3) for k, v in sorted(result.seconds.items())},
            "triples": len(oxigraph_store(result.graph)), "plans": result.counts["plans"], "documents": len(result.files),
            "peak_mb": round(peak_memory_mb(), 1)}


def one_store_build(corpus: Path, out: Path, store: Path, workers: int) -> dict:
    """A `kg build --store` (a fresh one, or an update of a store built before), whole process."""
    from kg.build import run_store_build, warm_up

    warm_up()
    started = time.perf_counter()
    result = run_store_build([corpus], out, store, workers=workers)
    return {"wall_s": round(time.perf_counter() - started, 3), "triples": result.triples,
            "documents": result.documents, "read": result.read, "reused": result.reused, "removed": result.removed,
            "stages_s": {k: round(v, 3) for k, v in sorted(result.seconds.items())},
            "peak_mb": round(peak_memory_mb(), 1)}


def add_one_document(corpus: Path) -> None:
    """A document the corpus does not hold yet: a seed with its regions moved on once more than any copy."""
    stems = sorted(corpus.glob("*.txt"))
    scratch = corpus.parent / "one-more"
    scratch.mkdir()
    make_corpus(scratch, 0.000001, first_copy=int(stems[-1].name.split("-")[0]) + 1)
    for path in scratch.iterdir():
        path.rename(corpus / path.name)
    scratch.rmdir()


def bundled_queries_on(store: Path) -> dict:
    """Each bundled query on the store as `kg query --store` answers it (the build's kept answer, printed as
    CSV) and as the engine computes it afresh (`--fresh`): seconds and rows."""
    from kg.serve.answers import kept_answer
    from kg.serve.query import bundled_queries, format_result, query_store, resolve_query
    from kg.rdf.store import open_store

    oxigraph = open_store(store)
    timings = {}
    for name in bundled_queries():
        text = resolve_query(name, {})
        started = time.perf_counter()
        table = kept_answer(store, text) or query_store(oxigraph, text)
        format_result(table, "csv")
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        format_result(query_store(oxigraph, text), "csv")
        timings[name] = {"seconds": round(seconds, 3), "fresh_seconds": round(time.perf_counter() - started, 3),
                         "rows": len(table.rows)}
    return timings


def one_jieba(corpus: Path) -> dict:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    started = time.perf_counter()
    tokens = sum(len(jieba.lcut(t)) for t in texts)
    return {"wall_s": round(time.perf_counter() - started, 3), "tokens": tokens}


JIEBA_WHOLE = """import sys
from pathlib import Path
import jieba
jieba.setLogLevel(60)
print(sum(len(jieba.lcut(p.read_text(encoding="utf-8"))) for p in sorted(Path(sys.argv[1]).glob("*.txt"))))
"""


def whole_process(corpus: Path, out: Path, workers: int) -> dict:
    """Seconds from start to exit of `kg build` and of a plain jieba.lcut script over the same files: imports,
    dictionaries and all."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out), "--workers", str(workers),
                    "--quiet"], check=True, capture_output=True, cwd=ROOT)
    build = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", JIEBA_WHOLE, str(corpus)], check=True, capture_output=True)
    jieba_s = time.perf_counter() - started
    return {"build_s": round(build, 3), "jieba_s": round(jieba_s, 3), "ratio_to_jieba": round(jieba_s / build, 3)}


def in_fresh_process(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def store_benchmark(megabytes: float, workers: int, queries: bool = True) -> dict:
    """A fresh `kg build --store`, every bundled query on the store, then the update that adds one document."""
    with tempfile.TemporaryDirectory(prefix="kg-bench-store-", dir=os.environ.get("KG_BENCH_DIR")) as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        mb = make_corpus(corpus, megabytes) / 1_000_000
        where = [str(corpus), str(Path(tmp) / "out"), str(Path(tmp) / "db"), str(workers)]
        build = in_fresh_process("--child", "store", *where)
        answers = in_fresh_process("--child", "queries", str(Path(tmp) / "db")) if queries else {}
        add_one_document(corpus)
        update = in_fresh_process("--child", "store", *where)
    report = {"corpus_mb": round(mb, 2), "workers": workers, "build": build, "add_one_document": update,
              "update_share_of_build": round(update["wall_s"] / build["wall_s"], 4)}
    print(f"kg build --store, {mb:.1f} MB, {workers} workers: {build['wall_s']:.1f} s, peak {build['peak_mb']:.0f} MB, "
          f"{build['triples']} triples; adding one document: {update['wall_s']:.2f} s "
          f"({100 * report['update_share_of_build']:.1f} % of the build), peak {update['peak_mb']:.0f} MB")
    if answers:
        slowest = max(q["seconds"] for q in answers.values())
        slowest_fresh = max(q["fresh_seconds"] for q in answers.values())
        print(f"slowest of {len(answers)} bundled queries: {slowest:.2f} s ({slowest_fresh:.2f} s computed afresh)")
        report.update({"queries": answers, "slowest_query_s": slowest, "slowest_fresh_query_s": slowest_fresh})
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (default 10)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--store-mb", type=float, default=0,
                        help="also build a corpus of this size with --store and time every bundled query on it")
    parser.add_argument("--large-store-mb", type=float, default=0,
                        help="also build a corpus of this size with --store (the build and an update, no queries)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "build":
            result = one_build(Path(rest[0]), Path(rest[1]), int(rest[2]))
        elif kind == "store":
            result = one_store_build(Path(rest[0]), Path(rest[1]), Path(rest[2]), int(rest[3]))
        elif kind == "queries":
            result = bundled_queries_on(Path(rest[0]))
        else:
            result = one_jieba(Path(rest[0]))
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        size = make_corpus(corpus, args.mb)
        mb = size / 1_000_000
        jieba_run = in_fresh_process("--child", "jieba", str(corpus))
        builds = {}
        for n in args.workers:
            builds[n] = in_fresh_process("--child", "build", str(corpus), str(Path(tmp) / f"out{n}"), str(n))
        outputs = {n: (Path(tmp) / f"out{n}" / "kg.ttl").read_bytes() for n in args.workers}
        identical = len(set(outputs.values())) == 1

    jieba_mbs = mb / jieba_run["wall_s"]
    report = {"corpus_mb": round(mb, 2), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
              "python": platform.python_version(), "jieba_lcut": {**jieba_run, "mb_per_s": round(jieba_mbs, 3)},
              "builds": {}, "identical_output": identical}
    print(f"corpus: {mb:.2f} MB, {builds[args.workers[0]]['documents']} documents")
    print(f"jieba.lcut: {jieba_run['wall_s']:.2f} s, {jieba_mbs:.2f} MB/s")
    for n, b in builds.items():
        mbs = mb / b["wall_s"]
        report["builds"][str(n)] = {**b, "mb_per_s": round(mbs, 3), "ratio_to_jieba": round(mbs / jieba_mbs, 3)}
        stages = ", ".join(f"{k} {v:.2f}" for k, v in b["stages_s"].items())
        print(f"kg build --workers {n}: {b['wall_s']:.2f} s ({b['cpu_s']:.2f} s of processor), {mbs:.2f} MB/s, "
              f"{mbs / jieba_mbs:.2f} of jieba, "
              f"peak {b['peak_mb']:.0f} MB, {b['triples']} triples; stages (s, summed over processes): {stages}")
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        make_corpus(corpus, args.mb)
        whole = whole_process(corpus, Path(tmp) / "out", args.workers[0])
    report["whole_process"] = {"workers": args.workers[0], **whole}
    print(f"whole process, kg build --workers {args.workers[0]}: {whole['build_s']:.2f} s; a plain jieba.lcut script: "
          f"{whole['jieba_s']:.2f} s; {whole['ratio_to_jieba']:.2f} of jieba")
    if len(builds) > 1:
        first, last = builds[args.workers[0]], builds[args.workers[-1]]
        report["speedup"] = round(first["wall_s"] / last["wall_s"], 3)
        print(f"speed-up {args.workers[-1]} workers vs {args.workers[0]}: {report['speedup']:.2f}x; "
              f"byte-identical output: {identical}")
    if args.store_mb:
        report["store"] = store_benchmark(args.store_mb, max(args.workers))
    if args.large_store_mb:
        report["large_store"] = store_benchmark(args.large_store_mb, max(args.workers), queries=False)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
