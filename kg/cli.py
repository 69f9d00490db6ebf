"""The ``kg`` command line: each subcommand parses its arguments and calls one library function.

Errors are one line on stderr and a non-zero exit status, never a traceback.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import sys
from pathlib import Path

from kg import __version__
from kg.errors import UserError

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("out")


class UsageError(UserError):
    pass


def _build(args) -> int:
    from kg.build import run_build

    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.rebuild and not args.store:
        raise UsageError("--rebuild goes with --store (a build without one is always afresh)")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    engine = {"engine": args.engine, "scheduler": args.scheduler, "strict": args.strict}
    progress = not args.quiet and sys.stderr.isatty()
    inputs = args.inputs or [DEFAULT_INPUT]
    if args.urls:                   # the downloads (and any inputs named beside them)
        from kg.build import fetch_inputs
        downloaded, failures = fetch_inputs(args.urls, args.cache or args.out / "downloads")
        for line in failures:
            print(f"not fetched: {line}", file=sys.stderr)
        inputs = [*args.inputs, *downloaded]
    if args.store:
        from kg.build import run_store_build
        result = run_store_build(inputs, args.out, args.store, keep_going=args.keep_going, workers=args.workers,
                                 progress=progress, rebuild=args.rebuild, **engine)
    else:
        result = run_build(inputs, args.out, keep_going=args.keep_going, workers=args.workers, progress=progress,
                           **engine)
    if not args.quiet:
        print(result.summary())
        print(f"wrote {args.out / 'kg.ttl'} and {args.out / 'graph.html'}")
    return 0


def _explain(args) -> int:
    from kg.read.corpus import read_document
    from kg.extract.explain import explain

    if not args.document.is_file():
        raise UsageError(f"{args.document}: no such file")
    print(explain(read_document(args.document)))
    return 0


def _plain(term: str) -> str:
    """A query parameter's default as a user types it: 安徽省 for "安徽省"@zh."""
    return re.sub(r'^"(.*)"(@[\w-]+)?$', r"\1", term)


def _query(args) -> int:
    from kg.serve.query import (bundled_queries, format_result, load_graph, parse_params, query_store, resolve_query,
                          run_query, within_time_limit)

    if args.list:
        queries = bundled_queries()
        width = max(map(len, queries), default=0)
        for q in queries.values():
            params = "".join(f" [{k}={_plain(v)}]" for k, v in q.params.items())
            print(f"{q.name:<{width}}  {q.description}{params}")
        return 0
    if not args.query:
        raise UsageError("give a query (a bundled name, a .rq file or SPARQL text), or --list")
    if args.fresh and not args.store:
        raise UsageError("--fresh goes with --store")
    if args.allow_federation and args.endpoint:
        raise UsageError("--allow-federation is for local queries (--data or --store); an endpoint decides for itself")
    params = parse_params(args.param)
    federation = args.allow_federation
    if args.endpoint:
        from kg.serve.remote import remote_query
        text = resolve_query(args.query, params, forgiving=True)
        print(within_time_limit(lambda: format_result(remote_query(args.endpoint, text, args.timeout), args.format, args.lang),
                                args.timeout, grace=1.0))
        return 0
    if args.store:
        from kg.serve.answers import kept_answer
        from kg.rdf.graph import graph_over
        from kg.rdf.store import open_store
        store = open_store(args.store)
        text = resolve_query(args.query, params, True, graph_over(store) if params else None)
        kept = None if args.fresh else kept_answer(args.store, text)
        if kept is not None:
            print(format_result(kept, args.format, args.lang))
        else:
            print(within_time_limit(lambda: format_result(query_store(store, text, federation), args.format, args.lang),
                                    args.timeout))
        return 0
    text = resolve_query(args.query)                  # a wrong query is said before the graph is loaded
    graph = load_graph(args.data)
    if params:
        text = resolve_query(args.query, params, True, graph)
    print(within_time_limit(lambda: format_result(run_query(graph, text, federation), args.format, args.lang),
                            args.timeout))
    return 0


def _ask(args) -> int:
    from kg.serve.ask import CannotAnswer, ask, for_table, known_forms
    from kg.serve.query import format_result, load_graph

    graph = load_graph(args.data)
    try:
        answer = ask(graph, args.question)
    except CannotAnswer as exc:
        from kg.serve.lang import error_text
        print(f"kg ask: {error_text(str(exc), args.lang)}", file=sys.stderr)
        print(known_forms(), file=sys.stderr)
        return 1
    if args.sparql:
        print(answer.sparql.rstrip("\n"))
        print()
    if args.format == "table":
        print(answer.reading)
        print(format_result(for_table(answer.table), "table", args.lang))
    else:
        print(format_result(answer.table, args.format, args.lang))
    return 0


def _validate(args) -> int:
    from kg.serve.query import load_graph
    from kg.rdf.validate import check_quotes, read_sources, validate_graph
    from kg.rdf.vocab import HP

    graph = load_graph(args.path)
    report = validate_graph(graph)
    for violation in report.violations:
        print(violation)
    print(f"{args.path}: {report.summary()}")
    ok = report.conforms
    if args.sources:
        problems = check_quotes(graph, read_sources(args.sources))
        for line in problems:
            print(line)
        quotes = len(set(graph.subjects(HP.quote, None)))
        print(f"{args.sources}: {quotes - len(problems)} of {quotes} evidence quotes equal the source at their offsets")
        ok = ok and not problems
    return 0 if ok else 1


def _export(args) -> int:
    from kg.build import write_atomically
    from kg.serve.export import SUFFIX, export
    from kg.serve.query import load_graph

    if args.split is not None:
        return _split_export(args)
    if args.store:
        raise UsageError("--store goes with --format nt --split N")
    out = export(load_graph(args.data), args.format)
    target = args.out or args.data.with_name(("kg" if args.format != "csv" else "csv") + SUFFIX[args.format])
    files = {target / name: data for name, data in out.items()} if isinstance(out, dict) else {target: out}
    write_atomically(files)
    print(f"wrote {', '.join(str(p) for p in files)}")
    return 0


def _split_export(args) -> int:
    """N-Triples in N sorted files with a manifest, for the bulk loaders of large stores."""
    from kg.rdf.bulk import load_store, write_split_ntriples

    if args.format != "nt":
        raise UsageError("--split writes N-Triples: use it with --format nt")
    if args.split < 1:
        raise UsageError("--split must be at least 1")
    if args.out is None:
        raise UsageError("--split needs --out DIR, the folder for part-NNNNN.nt and manifest.json")
    manifest = write_split_ntriples(load_store(args.data, args.store), args.out, args.split)
    print(f"wrote {manifest['triples']} triples in {len(manifest['files'])} files and manifest.json to {args.out}")
    return 0


def _serve(args) -> int:
    from kg.serve.endpoint import running

    try:                               # main() turns SIGTERM into KeyboardInterrupt
        with running(args.data, args.port, args.store, args.timeout) as endpoint:
            print(f"SPARQL endpoint (read-only) at {endpoint.url} over {args.store or args.data}; Ctrl-C stops it",
                  flush=True)
            return endpoint.wait()
    except KeyboardInterrupt:          # Ctrl-C or SIGTERM: the normal way to stop a server
        return 0


def _push(args) -> int:
    from kg.rdf.bulk import load_store
    from kg.serve.push import push

    if args.timeout <= 0:
        raise UsageError("--timeout must be more than 0")
    report = push(load_store(args.data, args.store), args.endpoint, args.graph, args.per_document,
                  replace=not args.add, timeout=args.timeout)
    print(report.summary(args.endpoint))
    return 0


def _eval(args) -> int:
    from kg.build import extract
    from kg.evaluate import as_json, format_table, load_gold, score

    gold = load_gold(args.gold_dir)
    result = extract(args.inputs or [DEFAULT_INPUT])
    scores = score(gold, result.graph, {p.name for p in result.files})
    print(as_json(scores) if args.json else format_table(scores, args.verbose))
    return 0


def _view(args) -> int:
    import webbrowser

    from kg.build import write_atomically
    from kg.serve.query import load_graph
    from kg.view.page import focused_view, graph_view_html, view_html

    graph = load_graph(args.data)
    if args.region or args.initiative:
        name = args.region or args.initiative
        page = view_html(focused_view(graph, name, "region" if args.region else "initiative", args.depth))
        out = args.out or args.data.parent / f"view-{name.replace('/', '_')}.html"
    else:
        page = graph_view_html(graph)
        out = args.out or args.data.parent / "graph.html"           # beside the graph file, not ./out
    write_atomically({out: page.encode("utf-8")})
    print(f"wrote {out}")
    if args.open:
        webbrowser.open(out.resolve().as_uri())
    return 0


def _stats(args) -> int:
    from kg.view.analysis import stats_json, stats_report
    from kg.serve.query import load_graph

    if args.top < 1:
        raise UsageError("--top must be 1 or more")
    print((stats_json if args.json else stats_report)(load_graph(args.data), args.top))
    return 0


def _report(args) -> int:
    from kg.serve.query import load_graph
    from kg.view.report import report_pages, write_report

    out = args.out or args.data.parent / "report"
    graph_page = args.data.parent / "graph.html"
    link = Path(os.path.relpath(graph_page, out)).as_posix() if graph_page.is_file() else None
    written = write_report(report_pages(load_graph(args.data), link), out)
    print(f"wrote {sum(1 for p in written if p.suffix == '.html')} pages to {out}/ (open {out / 'index.html'})")
    return 0


def _language_of(argv: list[str] | None) -> str:
    """The language asked for on the command line (--lang zh, --lang=zh), else the locale's."""
    from kg.serve.lang import LANGUAGES, default_language

    argv = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.partition("=")[2] \
            if arg.startswith("--lang=") else None
        if value in LANGUAGES:
            return value
    return default_language()


def make_parser(lang: str = "en") -> argparse.ArgumentParser:
    from kg.serve.lang import LANGUAGES

    zh_help = {}
    if lang == "zh":
        from kg.serve.lang import _zh
        zh_help = _zh()["help"]
    parser = argparse.ArgumentParser(prog="kg", description=zh_help.get(
        "description", "Knowledge graph of Chinese health-policy work plans."))
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    parser.add_argument("--lang", choices=LANGUAGES, default=lang,
                        help=zh_help.get("lang", "language of column names and messages: en, or zh for Chinese "
                                                 "(default: from LANG)"))
    subparsers = parser.add_subparsers(dest="command", required=True)

    class _Sub:                        # the commands' one-line help in the chosen language
        @staticmethod
        def add_parser(name, **kwargs):
            if name in zh_help:
                kwargs["help"] = zh_help[name]
            return subparsers.add_parser(name, **kwargs)
    sub = _Sub()

    p = sub.add_parser("build", help="read documents, write DIR/kg.ttl and DIR/graph.html")
    p.add_argument("inputs", nargs="*", type=Path, help="files or folders (default: seeds/)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: out/)")
    p.add_argument("--keep-going", action="store_true", help="skip unreadable files instead of stopping")
    p.add_argument("--urls", type=Path, metavar="FILE",
                   help="also build the pages and attachments at these addresses (one a line), downloaded once "
                        "into --cache, one request at a time, each within 30 s; an address that fails is one line")
    p.add_argument("--cache", type=Path, metavar="DIR", help="where --urls keeps its downloads (default: OUT/downloads)")
    p.add_argument("--strict", action="store_true",
                   help="a document that gives no plan is an error (without it: listed on stderr with its reason)")
    p.add_argument("--quiet", action="store_true", help="print nothing on success, show no progress bar")
    p.add_argument("--store", type=Path, metavar="DIR",
                   help="also keep the graph in an Oxigraph store on disk, for corpora too large for memory; "
                        "DIR is replaced whole, so it must be new, empty or a store kg build wrote; a store built "
                        "before is updated: only new or changed documents are read (the output is a fresh build's)")
    p.add_argument("--rebuild", action="store_true",
                   help="with --store: read every document again, whatever the store holds")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="extract documents in N processes (same output as one); default: one per core when the "
                        "documents to read add up to 2 MB or more, else one")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="where extraction runs: this machine, or a Dask cluster (pip install 'hpkg[distributed]')")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler to use (e.g. tcp://host:8786); default: a local cluster of --workers processes")
    p.set_defaults(func=_build)

    p = sub.add_parser("query", help="run SPARQL on a built graph")
    p.add_argument("query", nargs="?", help="bundled query name, path to a .rq file, or SPARQL text")
    p.add_argument("--data", type=Path, default=DEFAULT_OUT / "kg.ttl", help="graph file (default: out/kg.ttl)")
    p.add_argument("--store", type=Path, metavar="DIR", help="query an Oxigraph store written by kg build --store")
    p.add_argument("--fresh", action="store_true",
                   help="with --store: ask the engine even when the build kept this query's answer")
    p.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                   help="stop a query that runs longer than this, on an --endpoint too, retries included "
                        "(default 60; 0 for no limit)")
    p.add_argument("--endpoint", metavar="URL", help="query a SPARQL endpoint instead (Oxigraph: http://HOST:7878/query)")
    p.add_argument("--allow-federation", action="store_true",
                   help="let a local query use SERVICE (which calls the endpoint it names), FROM and FROM NAMED; "
                        "refused without it")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--list", action="store_true", help="list the bundled queries with their parameters")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="value of a bundled query's parameter, e.g. --param region=安徽省 (repeatable)")
    p.set_defaults(func=_query)

    p = sub.add_parser("ask", help="answer a Chinese question from the graph, with the evidence of every row",
                       description="Answers a question in Chinese by rule templates over SPARQL queries "
                                   "(kg/data/ask/questions.yaml), e.g. kg ask 哪些省份在开展儿科和精神卫生服务年？ "
                                   "A question it cannot read is declined with the forms it knows (exit status 1).")
    p.add_argument("question", help="the question, e.g. 安徽2025年比2024年新增了哪些举措？")
    p.add_argument("--data", type=Path, default=DEFAULT_OUT / "kg.ttl", help="graph file (default: out/kg.ttl)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="table (evidence cut around the 【quote】), or csv and json with whole sentences")
    p.add_argument("--sparql", action="store_true", help="also print the SPARQL query that answered")
    p.set_defaults(func=_ask)

    p = sub.add_parser("validate", help="check a built graph against the SHACL shapes")
    p.add_argument("path", nargs="?", type=Path, default=DEFAULT_OUT / "kg.ttl", help="graph file (default: out/kg.ttl)")
    p.add_argument("--sources", type=Path, metavar="DIR",
                   help="also check every evidence quote against the source files in DIR")
    p.set_defaults(func=_validate)

    p = sub.add_parser("export", help="write the graph as ttl, nt, jsonld, trig, graphml, csv tables or an xlsx workbook")
    from kg.serve.formats import EXPORT_SUFFIXES
    p.add_argument("--format", choices=tuple(EXPORT_SUFFIXES), required=True)
    p.add_argument("--data", type=Path, default=DEFAULT_OUT / "kg.ttl", help="graph file (default: out/kg.ttl)")
    p.add_argument("--out", type=Path,
                   help="output file, or folder for csv and --split (default: kg.FORMAT or csv/ beside --data)")
    p.add_argument("--split", type=int, metavar="N",
                   help="with --format nt: N sorted files part-NNNNN.nt and manifest.json, for bulk loaders")
    p.add_argument("--store", type=Path, metavar="DIR", help="with --split: export an Oxigraph store written by kg build --store")
    p.set_defaults(func=_export)

    p = sub.add_parser("serve", help="serve the graph as a read-only SPARQL endpoint on 127.0.0.1 (Oxigraph)")
    p.add_argument("--data", type=Path, default=DEFAULT_OUT / "kg.ttl", help="graph file (default: out/kg.ttl)")
    p.add_argument("--store", type=Path, metavar="DIR", help="serve an Oxigraph store written by kg build --store")
    p.add_argument("--port", type=int, default=7878, help="port on 127.0.0.1 (default: 7878)")
    p.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                   help="stop each query after this many seconds, and when its client goes away (default 60)")
    p.set_defaults(func=_serve)

    p = sub.add_parser("push", help="upload the graph to a triple store (SPARQL 1.1 Graph Store HTTP Protocol)",
                       description="Credentials come from the environment only: KG_ENDPOINT_TOKEN (bearer token), "
                                   "or KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD (HTTP basic).")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the store's Graph Store Protocol URL (Oxigraph: http://HOST:7878/store)")
    p.add_argument("--graph", metavar="IRI", help="named graph for the build (with --per-document: for what no single document owns) "
                        "(default: https://w3id.org/hpkg/id/graph/kg)")
    p.add_argument("--per-document", action="store_true", help="one named graph per source document, named by the document's IRI")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--replace", action="store_true", help="replace the named graphs' content (the default)")
    mode.add_argument("--add", action="store_true", help="add to the named graphs' content")
    p.add_argument("--data", type=Path, default=DEFAULT_OUT / "kg.ttl", help="graph file (default: out/kg.ttl)")
    p.add_argument("--store", type=Path, metavar="DIR", help="push an Oxigraph store written by kg build --store")
    p.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                   help="wait at most this long for each answer of the store (default 60; connecting: at most 10); "
                        "a request that times out is not repeated")
    p.set_defaults(func=_push)

    p = sub.add_parser("explain", help="print how one document was read: plans, region and year decisions, "
                                       "facts with rule ids, dropped candidates")
    p.add_argument("document", type=Path, help="one document (a text file)")
    p.set_defaults(func=_explain)

    p = sub.add_parser("eval", help="build and score against gold annotations")
    p.add_argument("gold_dir", type=Path)
    p.add_argument("inputs", nargs="*", type=Path, help="files or folders (default: seeds/)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--verbose", "-v", action="store_true", help="list missed and spurious facts")
    p.set_defaults(func=_eval)

    p = sub.add_parser("view", help="write an HTML page of the graph, or of the neighbourhood of one node")
    focus = p.add_mutually_exclusive_group()
    focus.add_argument("--region", metavar="NAME", help="centre on this region (name or six-digit code)")
    focus.add_argument("--initiative", metavar="NAME", help="centre on this initiative")
    p.add_argument("--depth", type=int, default=2, metavar="N", help="links to follow from the centre (default: 2)")
    p.add_argument("--data", type=Path, default=DEFAULT_OUT / "kg.ttl", help="graph file (default: out/kg.ttl)")
    p.add_argument("--out", type=Path, metavar="FILE", help="page to write (default: view-NAME.html, or graph.html, beside the --data file)")
    p.add_argument("--open", action="store_true", help="open the page in the default browser")
    p.set_defaults(func=_view)

    p = sub.add_parser("stats", help="print adoption of initiatives, similar regions and communities")
    p.add_argument("--data", type=Path, default=DEFAULT_OUT / "kg.ttl", help="graph file (default: out/kg.ttl)")
    p.add_argument("--top", type=int, default=15, metavar="N", help="rows per ranking (default: 15)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=_stats)

    p = sub.add_parser("report", help="write a static offline HTML report: map, region, initiative and indicator pages")
    p.add_argument("--data", type=Path, default=DEFAULT_OUT / "kg.ttl", help="graph file (default: out/kg.ttl)")
    p.add_argument("--out", type=Path, metavar="DIR", help="folder to write (default: report/ beside the graph file)")
    p.set_defaults(func=_report)
    return parser


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = make_parser(_language_of(argv)).parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _interrupt)   # a terminated build cleans up like an interrupted one
    try:
        return args.func(args)
    except UserError as exc:          # every module's one-line errors (kg.errors)
        from kg.serve.lang import error_text, message
        print(f"kg {args.command}: {message('error', args.lang, 'error')}: {error_text(str(exc), args.lang)}",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:                # the reader stopped (kg stats | head): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"kg {args.command}: error: {where}{exc.strerror or ' '.join(str(exc).split()) or type(exc).__name__}",
              file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
