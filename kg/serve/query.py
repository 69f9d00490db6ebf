"""SPARQL over a built graph: bundled queries by name, .rq files or query text.

Bundled queries live in ``ontology/queries/*.rq``, in the package as
``kg/data/ontology/queries`` (a link to ``ontology/``); the first comment line of each is its one-line description.

A bundled query with parameters is plain SPARQL that runs as it is, with a
default value in a ``VALUES`` clause and a ``# param NAME: …`` comment line;
``--param NAME=VALUE`` puts another value in that clause:

>>> text = bind_params('VALUES ?region { "北京市" }', {"region": "安徽省"})
>>> text
'VALUES ?region { "安徽省" }'
>>> bind_params('VALUES ?threshold { 70 }', {"threshold": "八十"})
Traceback (most recent call last):
...
kg.serve.query.QueryError: --param threshold=八十: expected a number

A local query reads the graph in hand and nothing else: a query that names
other data (``SERVICE``, ``FROM``, ``FROM NAMED``, ``LOAD``) is refused unless
the caller allows federation, and ``kg serve`` refuses it always:

>>> federation_clause('SELECT * WHERE { SERVICE <http://127.0.0.1:18001/x> { ?s ?p ?o } }')
'SERVICE <http://127.0.0.1:18001/x>'
>>> federation_clause('SELECT ?from WHERE { ?s ?p "SERVICE" } # FROM a comment') is None
True
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterator, Union

import pyoxigraph
from rdflib import XSD, Graph, Literal
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.query import Result

from kg.errors import UserError
from kg.rules import data_path
from kg.rdf.io import load_graph  # noqa: F401 (the one graph reader, used through this module too)
from kg.rdf.vocab import PREFIXES
from kg.serve.names import NameNotFound, resolve_params


class QueryError(UserError):
    pass


@dataclass(frozen=True)
class BundledQuery:
    name: str
    description: str
    text: str
    params: dict[str, str]     # name -> default, as written in the VALUES clause


_VALUES = r"VALUES\s+\?{name}\s*\{{\s*([^}}]*?)\s*\}}"


def _params(text: str) -> dict[str, str]:
    names = re.findall(r"^#\s*param\s+(\w+)\s*:", text, flags=re.M)
    out = {}
    for name in names:
        m = re.search(_VALUES.format(name=name), text)
        out[name] = m.group(1) if m else ""
    return out


def bundled_queries() -> dict[str, BundledQuery]:
    """name -> bundled query, sorted by name."""
    out = {}
    folder = data_path("ontology", "queries")
    if not folder.is_dir():
        return out
    for f in sorted(folder.iterdir(), key=lambda p: p.name):
        if f.name.endswith(".rq"):
            text = f.read_text(encoding="utf-8")
            first = text.splitlines()[0] if text else ""
            out[f.name[:-3]] = BundledQuery(f.name[:-3], first.lstrip("# ").strip(), text, _params(text))
    return out


_PARAM_NAME = re.compile(r"\w+")          # a SPARQL variable name, as the ``# param NAME:`` lines write it
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def parse_params(items: list[str]) -> dict[str, str]:
    """``["region=安徽省"]`` -> ``{"region": "安徽省"}``; a name must be a SPARQL variable name.

    >>> parse_params(["region|x=安徽省"])
    Traceback (most recent call last):
    ...
    kg.serve.query.QueryError: --param region|x=安徽省: the name must be a SPARQL variable name (letters, digits, _)
    """
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {item}: expected NAME=VALUE")
        name = name.strip().removeprefix("?")
        if not _PARAM_NAME.fullmatch(name):
            raise QueryError(f"--param {item}: the name must be a SPARQL variable name (letters, digits, _)")
        if not _encodable(value):
            raise QueryError(f"--param {name}: the value is not valid text (undecodable bytes)")
        out[name] = value.strip()
    return out


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:        # undecodable bytes on the command line arrive as lone surrogates
        return False


def bind_params(text: str, values: dict[str, str]) -> str:
    """Put each value into the query's ``VALUES ?name { … }`` clause, typed like its default.

    The value becomes one RDF term written by rdflib (quotes and backslashes escaped, numbers
    checked), so it cannot add SPARQL of its own; the name is matched as text, not as a pattern.
    """
    for name, value in values.items():
        if not _PARAM_NAME.fullmatch(name):
            raise QueryError(f"--param {name}: the name must be a SPARQL variable name (letters, digits, _)")
        m = re.search(_VALUES.format(name=re.escape(name)), text)
        if m is None:
            known = ", ".join(_params(text)) or "none"
            raise QueryError(f"--param {name}: the query has no such parameter (parameters: {known})")
        default = m.group(1)
        tagged = re.fullmatch(r'".*"@([\w-]+)', default)
        if tagged:                     # a label: written with its language, so that the store's index finds it
            term = Literal(value, lang=tagged.group(1)).n3()
        elif default.startswith('"'):
            term = Literal(value).n3()
        elif _NUMBER.fullmatch(value):
            term = Literal(Decimal(value), datatype=XSD.decimal).n3() if "." in value else str(int(value))
        else:
            raise QueryError(f"--param {name}={value}: expected a number")
        text = text[:m.start()] + f"VALUES ?{name} {{ {term} }}" + text[m.end():]
    return text


def resolve_query(query: str, params: dict[str, str] | None = None, forgiving: bool = False,
                  names: Graph | None = None) -> str:
    """Query text for a bundled name, a .rq path or SPARQL text, with ``params`` bound.

    With ``forgiving`` (the command line), region and initiative parameters are read by the one
    name resolver (``kg.serve.names``), against the graph ``names`` when given: ``region=皖``
    binds 安徽省, an ambiguous or unknown name is an error listing the candidates or the nearest names.
    """
    text = _query_text(query)
    if not params:
        return text
    if forgiving:
        try:
            params = resolve_params(params, names)
        except NameNotFound as exc:
            raise QueryError(str(exc)) from None
    return bind_params(text, params)


def _query_text(query: str) -> str:
    bundled = bundled_queries()
    if query in bundled:
        return bundled[query].text
    if query.endswith(".rq"):
        path = Path(query)
        if not path.is_file():
            raise QueryError(f"{query}: no such query file")
        try:
            return path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise QueryError(f"{query}: not UTF-8 text (byte {exc.start} is {exc.object[exc.start]:#04x}); "
                             "save the query as UTF-8") from None
    if not _encodable(query):
        raise QueryError("the query text is not valid text (undecodable bytes)")
    if not any(k in query.upper() for k in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
        raise QueryError(f"{query!r}: not a bundled query name (see kg query --list), a .rq file or SPARQL text")
    return query


def run_query(g: Graph, text: str, federation: bool = False) -> Result:
    """A query on a graph; unless ``federation``, one that names other data is refused."""
    _check(text, federation)
    try:
        return g.query(text)
    except Exception as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None


def query_store(store: pyoxigraph.Store, text: str, federation: bool = False) -> Table:
    """A query on an Oxigraph store, answered by Oxigraph without rdflib terms in between:
    the same table as :func:`run_query` on a graph over that store gives, several times sooner
    for long answers."""
    _check(text, federation)
    try:
        return table_from_oxigraph(store.query(text, prefixes=PREFIXES))
    except Exception as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None


def _check(text: str, federation: bool) -> None:
    if not federation:
        clause = federation_clause(text)
        if clause:
            raise QueryError(f"{clause}: a local query reads only the graph in hand (SERVICE, FROM, FROM NAMED "
                             "and LOAD are refused; --allow-federation allows them)")
    _check_syntax(text)


def _check_syntax(text: str) -> None:
    """rdflib's parser names the line and column of a mistake."""
    try:
        parseQuery(text)
    except RecursionError:
        raise QueryError("the query is too long or too deeply nested for the parser") from None
    except Exception as exc:
        raise QueryError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from None


# ---------------------------------------------------------------- what a query reaches

# The SPARQL 1.1 grammar's character classes (section 19.8), so that a variable, a local name or
# a blank node label ends exactly where a conforming parser ends it.
_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
         "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + r"\-0-9" + "\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_OPAQUE = re.compile("|".join([              # where a keyword is no keyword, matched left to right
    r"'''(?:[^'\\]|\\.|'(?!''))*'''", r'"""(?:[^"\\]|\\.|"(?!""))*"""',           # long strings
    r"'(?:[^'\\\n\r]|\\.)*'", r'"(?:[^"\\\n\r]|\\.)*"',                             # strings
    r'<[^<>"{}|^`\\\x00-\x20]*>',                                                  # IRIs
    r"#[^\n\r]*",                                                                  # comments
    f"[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*",         # variables
    f"_:[{_CHARS_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?",                               # blank node labels
    f":(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?",   # local names
    r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*",                                               # language tags
    r"(?i:PREFIX)\s+[^:\s]*:",                                                     # prefix declarations
]), re.S)
_FEDERATION = re.compile(r"SERVICE|FROM|LOAD", re.I)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _code(text: str) -> str:
    """The query with its strings, IRIs, comments, variables and names blanked out (same length)."""
    return _OPAQUE.sub(lambda m: " " * len(m.group()), text)


def _unescaped(text: str) -> str:
    r"""The query with its \u and \U escapes replaced, as SPARQL allows anywhere before parsing (19.2)."""
    def char(m):
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else " "
    return _UNICODE_ESCAPE.sub(char, text)


def federation_clause(text: str) -> str | None:
    r"""The first ``SERVICE``, ``FROM`` (``FROM NAMED``) or ``LOAD`` of a query with what it names, or None.

    A lexical scan that errs on the side of refusing: the keywords are looked for anywhere
    outside strings, IRIs, comments, variables and local names (``?from`` and ``hp:source``
    pass, a prefix called ``service:`` does not), in the text as written and with its \u
    escapes replaced, so that no spelling of them reaches the engine.
    """
    for source in (text, _unescaped(text)):
        m = _FEDERATION.search(_code(source))
        if m:
            rest = re.match(r"\s*(?:(SILENT|NAMED)\s*)?(<[^>\s]{0,200}>|[?$]\w+|[^\s{]{1,200})?",
                            source[m.end():], re.I)
            words = [m.group().upper(), (rest.group(1) or "").upper(), rest.group(2) or ""]
            return " ".join(w for w in words if w)
    return None


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query (its first such keyword), or None.

    >>> query_form('PREFIX ex: <http://example.org/select> CONSTRUCT { ?s ?p ?o } WHERE { SELECT * {} }')
    'CONSTRUCT'
    """
    m = _FORM.search(_code(_unescaped(text)))
    return m.group(1).upper() if m else None


Cell = Union[str, int, Decimal, None]      # text, a number (xsd:integer or xsd:decimal), or unbound


@dataclass(frozen=True)
class Table:
    """A query's answer as it is printed: column names and rows of cells."""
    names: list[str]
    rows: list[list[Cell]]


def table_from_result(result: Result) -> Table:
    """An rdflib query result as a table; ASK is one cell, CONSTRUCT and DESCRIBE one row per triple."""
    if result.type == "ASK":
        return Table(["ask"], [[str(bool(result.askAnswer)).lower()]])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return Table(["subject", "predicate", "object"], [[_rdflib_cell(t) for t in triple] for triple in result.graph])
    names = [str(v) for v in result.vars]
    return Table(names, [[_rdflib_cell(row[i]) for i in range(len(names))] for row in result])


def _rdflib_cell(term) -> Cell:
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype in (XSD.integer, XSD.decimal):
        number = term.toPython()
        if isinstance(number, (int, Decimal)):
            return number
    return str(term)


_INTEGER, _DECIMAL = pyoxigraph.NamedNode(str(XSD.integer)), pyoxigraph.NamedNode(str(XSD.decimal))


def table_from_oxigraph(result) -> Table:
    """A pyoxigraph query result as a table, the same cells as :func:`table_from_result` gives for it.

    Solutions are read from Oxigraph's own TSV of them rather than term by term: pyoxigraph makes a
    Python object of every term it hands out, which costs a long answer more than its text does
    (50,000 targets of 16 columns: about 1 s against 0.2 s), and a long answer repeats its regions,
    units, documents and sentences, so that each distinct term is read once.
    """
    if not isinstance(result, pyoxigraph.QuerySolutions) or not result.variables:
        names, rows = rows_from_oxigraph(result)
        return Table(names, list(rows))
    names = [v.value for v in result.variables]
    lines = result.serialize(format=pyoxigraph.QueryResultsFormat.TSV).decode("utf-8").split("\n")
    cell = _CellsOfTsvTerms().__getitem__
    return Table(names, [list(map(cell, line.split("\t"))) for line in lines[1:-1]])   # a header, and \n after each line


class _CellsOfTsvTerms(dict):
    r"""A term as Oxigraph's TSV writes it -> its cell, read on first sight.

    >>> cells = _CellsOfTsvTerms()
    >>> [cells[t] for t in ['<https://w3id.org/hpkg/id/plan/340000-2025>', '"安徽省"@zh', '2025', '0.5', '']]
    ['https://w3id.org/hpkg/id/plan/340000-2025', '安徽省', 2025, Decimal('0.5'), None]
    >>> cells['"90"^^<http://www.w3.org/2001/XMLSchema#decimal>'], cells['"达到\\"90%\\"\\t以上"']
    (Decimal('90'), '达到"90%"\t以上')
    """

    def __missing__(self, term: str) -> Cell:
        cell = self[term] = _tsv_cell(term)
        return cell


_TSV_INTEGER, _TSV_DECIMAL = re.compile(r"[+-]?[0-9]+"), re.compile(r"[+-]?[0-9]*\.[0-9]+")
_NUMBERS = {f"^^<{XSD.integer}>": int, f"^^<{XSD.decimal}>": Decimal}


def _tsv_cell(term: str) -> Cell:
    # the shapes that make up nearly every answer are read here; any other (an escaped string, a blank
    # node, a double, a triple term) by pyoxigraph's parser, so that its cell is the one the term gives
    if not term:
        return None
    if term[0] == "<" and term[1] != "<":
        return term[1:-1]
    if term[0] == '"' and "\\" not in term:
        end = term.rindex('"')
        number = _NUMBERS.get(term[end + 1:])
        if number is None:
            return term[1:end]
        try:
            return number(term[1:end])
        except (ValueError, InvalidOperation):
            return term[1:end]
    if _TSV_INTEGER.fullmatch(term):
        return int(term)
    if _TSV_DECIMAL.fullmatch(term):
        return Decimal(term)
    (solution,) = pyoxigraph.parse_query_results(f"?x\n{term}\n".encode("utf-8"),
                                                 format=pyoxigraph.QueryResultsFormat.TSV)
    return _oxigraph_cell(solution[0])


def rows_from_oxigraph(result) -> tuple[list[str], Iterator[list[Cell]]]:
    """The column names of a pyoxigraph query result and its rows of cells, one at a time (a long answer
    can go to a file without being held whole)."""
    if isinstance(result, pyoxigraph.QueryBoolean):
        return ["ask"], iter([[str(bool(result)).lower()]])
    if isinstance(result, pyoxigraph.QueryTriples):
        return (["subject", "predicate", "object"],
                ([_oxigraph_cell(t.subject), _oxigraph_cell(t.predicate), _oxigraph_cell(t.object)] for t in result))
    cell = _oxigraph_cell
    return [v.value for v in result.variables], ([cell(term) for term in row] for row in result)


def _oxigraph_cell(term) -> Cell:
    # called for every cell of a long answer: a labelled literal is text without asking for its
    # datatype, which pyoxigraph builds as a new object each time
    if type(term) is pyoxigraph.Literal:
        if term.language is None:
            datatype = term.datatype
            number = int if datatype == _INTEGER else Decimal if datatype == _DECIMAL else None
            if number is not None:
                try:
                    return number(term.value)
                except (ValueError, InvalidOperation):
                    pass
        return term.value
    if term is None:
        return None
    return term.value if hasattr(term, "value") else str(term)


def cell_text(cell: Cell) -> str:
    """A cell as text; decimals without a trailing ".0".

    >>> cell_text(Decimal("70.0")), cell_text(Decimal("0.50")), cell_text(2025), cell_text(None)
    ('70', '0.5', '2025', '')
    """
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        text = str(cell)
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(cell)


def _json_value(cell: Cell):
    """Numbers as JSON numbers, everything else as text."""
    if isinstance(cell, (int, Decimal)):
        return int(cell) if cell == int(cell) else float(cell)
    return cell_text(cell)


def _as_table(result: Result | Table) -> Table:
    return table_from_result(result) if isinstance(result, Result) else result


def result_rows(result: Result | Table) -> tuple[list[str], list[list[str]]]:
    table = _as_table(result)
    return table.names, [[c if type(c) is str else cell_text(c) for c in row] for row in table.rows]   # mostly text


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def format_result(result: Result | Table, fmt: str, lang: str = "en") -> str:
    """A table as text, CSV or JSON; with ``lang="zh"`` the table and CSV have Chinese column names
    (JSON keeps its keys, which scripts read)."""
    from kg.serve.lang import cell, column, rows_line

    table = _as_table(result)
    if fmt == "json":
        records = [{n: _json_value(c) for n, c in zip(table.names, row)} for row in table.rows]
        return json.dumps(records, ensure_ascii=False, indent=2)
    names, rows = result_rows(table)
    if lang != "en":
        rows = [[cell(n, c, lang) for n, c in zip(names, row)] for row in rows]
    names = [column(n, lang) for n in names]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    rows = [[" ".join(c.split()) for c in r] for r in rows]     # one line per row in a table
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]
    def line(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(rows_line(len(rows), lang))
    return "\n".join(out)


def within_time_limit(compute, seconds: float, grace: float = 0.0):
    """compute() in a forked child, killed after ``seconds``; its value, or QueryError.

    A query engine cannot be interrupted from Python, so the query runs in a process of its own
    that shares the loaded graph copy-on-write. ``seconds <= 0`` means no limit. ``grace`` gives
    a child that keeps the time itself (a remote query) the chance to report its own error first.
    """
    if seconds <= 0:
        return compute()
    from kg.forked import Forked
    from kg.serve.remote import EndpointError

    def one_line_errors():
        try:
            return compute()
        except (QueryError, EndpointError):
            raise
        except Exception as exc:          # an engine error: reported as one line, like the others
            raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None

    try:
        return Forked(one_line_errors).result(seconds + grace)
    except TimeoutError:
        raise QueryError(f"the query did not finish within {seconds:g} s (raise the limit with --timeout)") from None
    except ChildProcessError as exc:
        raise QueryError(str(exc)) from None
