"""The ``kg`` command line: each subcommand parses its arguments and calls one library function.

Errors are one line on stderr and a non-zero exit status, never a traceback.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kg import __version__

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("out")


class UsageError(Exception):
    pass


def _build(args) -> int:
    from kg.build import run_build

    result = run_build(args.inputs or [DEFAULT_INPUT], args.out, keep_going=args.keep_going)
    if not args.quiet:
        print(result.summary())
        print(f"wrote {args.out / 'kg.ttl'} and {args.out / 'graph.html'}")
    return 0


def _query(args) -> int:
    from kg.query import bundled_queries, format_result, load_graph, parse_params, resolve_query, run_query

    if args.list:
        queries = bundled_queries()
        width = max(map(len, queries), default=0)
        for q in queries.values():
            params = "".join(f" [{k}={v.strip(chr(34))}]" for k, v in q.params.items())
            print(f"{q.name:<{width}}  {q.description}{params}")
        return 0
    if not args.query:
        raise UsageError("give a query (a bundled name, a .rq file or SPARQL text), or --list")
    text = resolve_query(args.query, parse_params(args.param))
    graph = load_graph(args.data)
    print(format_result(run_query(graph, text), args.format))
    return 0


def _eval(args) -> int:
    from kg.build import extract
    from kg.evaluate import as_json, format_table, load_gold, score

    gold = load_gold(args.gold_dir)
    result = extract(args.inputs or [DEFAULT_INPUT])
    scores = score(gold, result.graph, {p.name for p in result.files})
    print(as_json(scores) if args.json else format_table(scores, args.verbose))
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="Knowledge graph of Chinese health-policy work plans.")
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="read documents, write DIR/kg.ttl and DIR/graph.html")
    p.add_argument("inputs", nargs="*", type=Path, help="files or folders (default: seeds/)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: out/)")
    p.add_argument("--keep-going", action="store_true", help="skip unreadable files instead of stopping")
    p.add_argument("--quiet", action="store_true", help="print nothing on success")
    p.set_defaults(func=_build)

    p = sub.add_parser("query", help="run SPARQL on a built graph")
    p.add_argument("query", nargs="?", help="bundled query name, path to a .rq file, or SPARQL text")
    p.add_argument("--data", type=Path, default=DEFAULT_OUT / "kg.ttl", help="graph file (default: out/kg.ttl)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--list", action="store_true", help="list the bundled queries with their parameters")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="value of a bundled query's parameter, e.g. --param region=安徽省 (repeatable)")
    p.set_defaults(func=_query)

    p = sub.add_parser("eval", help="build and score against gold annotations")
    p.add_argument("gold_dir", type=Path)
    p.add_argument("inputs", nargs="*", type=Path, help="files or folders (default: seeds/)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--verbose", "-v", action="store_true", help="list missed and spurious facts")
    p.set_defaults(func=_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    from kg.corpus import InputError
    from kg.evaluate import GoldError
    from kg.query import QueryError
    from kg.rules import RuleError

    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except (InputError, QueryError, GoldError, RuleError, UsageError) as exc:
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:            # output piped into head and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"kg {args.command}: error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
