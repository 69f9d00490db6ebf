"""The rule files: each loads and means what its schema says; a broken one fails in one line naming file and key;
every rule id in the seeds graph names an entry of a rule file."""
import re
import shutil
from dataclasses import FrozenInstanceError, fields

import pytest
import yaml

import kg.rules as rules
from kg.cli import main
from kg.rdf.vocab import HP
from kg.rules import KINDS, SCHEMAS, RuleError, load_rules, pieces, resolve_rule


def _clear_caches():
    for cached in (rules._load, rules.load_all, rules.pieces):
        cached.cache_clear()


@pytest.fixture
def rule_dir(tmp_path, monkeypatch):
    """A copy of the rule files the loader reads instead of the package's; caches cleared before and after."""
    folder = tmp_path / "data"
    shutil.copytree(rules.data_path("rules"), folder / "rules")
    real = rules.data_path

    def data_path(*parts):
        return folder.joinpath(*parts) if parts and parts[0] == "rules" else real(*parts)
    monkeypatch.setattr(rules, "data_path", data_path)
    _clear_caches()
    yield folder / "rules"
    monkeypatch.undo()
    _clear_caches()


def _edit(folder, kind, change):
    path = folder / f"{kind}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _error(kind: str) -> str:
    """The one-line message of loading the rules (the loader checks every file on first use)."""
    with pytest.raises(RuleError) as caught:
        load_rules(kind) if kind != "pieces" else pieces()
    message = str(caught.value)
    assert "\n" not in message
    return message


def _first(kind: str, wanted: str) -> str | None:
    return next((k for k, spec in SCHEMAS[kind].items() if spec == wanted), None)


@pytest.mark.parametrize("kind", KINDS)
def test_every_rule_file_loads_and_every_regex_compiles(kind):
    data = load_rules(kind)
    assert {f.name for f in fields(data)} == {k.rstrip("?") for k in SCHEMAS[kind]}

    def regexes(spec, value):
        if spec == "regex":
            yield value
        elif isinstance(spec, str) and spec.startswith(("list[regex]", "dict[regex]")):
            yield from (value.values() if hasattr(value, "values") else value)
        elif isinstance(spec, dict):
            for k, s in spec.items():
                if k.rstrip("?") in value:
                    yield from regexes(s, value[k.rstrip("?")])
        elif isinstance(spec, tuple):
            for v in (value.values() if spec[0] == "each" else value):
                yield from regexes(spec[1], v)
    for pattern in regexes(SCHEMAS[kind], data):
        re.compile(pattern)
        assert not re.search(r"\{(?:Numeral|Year|ClauseMark|FiveYearPeriod)\}", pattern)     # pieces put in


def test_the_rules_are_frozen_dataclasses():
    plans, targets = load_rules("plans"), load_rules("targets")
    assert type(plans).__name__ == "PlanRules" and plans.meeting_header.max_offset == 25
    assert isinstance(targets.units, tuple) and targets.unit_kinds["ratio"].suffix == "比例"
    with pytest.raises(FrozenInstanceError):
        plans.year_window = 1
    with pytest.raises(TypeError):
        targets.unit_names["/万"] = "x"


def test_the_shared_pieces_are_put_into_the_rules():
    assert "[一二三四五六七八九十]+" in load_rules("scope")["top_level_heading"]
    assert pieces()["five_year_periods"] == {"十三五": 2020, "十四五": 2025, "十五五": 2030}
    assert "十三五|十四五|十五五" in load_rules("targets")["years"]["period_end"]
    assert "{Region}" in load_rules("initiatives")["regional_pattern"]      # no piece: left for the code


def test_a_malformed_regex_names_file_and_key(rule_dir):
    _edit(rule_dir, "plans", lambda d: d.update(forward_cue="将|(要"))
    assert _error("plans") == ("rules/plans.yaml: forward_cue: not a valid regular expression "
                               "(missing ), unterminated subpattern at position 2)")


def test_a_wrong_type_names_file_and_key(rule_dir):
    _edit(rule_dir, "initiatives", lambda d: d.update(min_len="three"))
    assert _error("initiatives") == "rules/initiatives.yaml: min_len: expected an integer, got str 'three'"


def _breaks(kind: str):
    """(name, change, the key the error names) for a few ways of breaking one rule file."""
    data = yaml.safe_load(rules.data_path("rules", f"{kind}.yaml").read_text(encoding="utf-8"))
    first = next(iter(data))
    yield "unknown key", lambda d: d.update(no_such_rule=1), "no_such_rule"
    yield "missing key", lambda d: d.pop(first), first
    yield "wrong type", lambda d: d.update({first: 3.5}), first
    regex = _first(kind, "regex")
    if regex:
        yield "bad regex", lambda d: d.update({regex: "将|(要"}), regex
    integer = _first(kind, "int")
    if integer:
        yield "not an integer", lambda d: d.update({integer: "three"}), integer
    nested = next((k for k, spec in SCHEMAS[kind].items() if isinstance(spec, dict)), None)
    if nested:
        inner = next(k for k, s in SCHEMAS[kind][nested].items() if not k.endswith("?"))
        yield "nested missing key", lambda d: d[nested].pop(inner), f"{nested}.{inner}"
        yield "nested unknown key", lambda d: d[nested].update(extra="x"), f"{nested}.extra"
    lists = _first(kind, "list[str]")
    if lists:
        yield "an empty string in a list", lambda d: d[lists].append(""), f"{lists}[{len(data[lists])}]"


CASES = [(kind, name, change, key) for kind in ("pieces",) + KINDS for name, change, key in _breaks(kind)]


@pytest.mark.parametrize("kind, name, change, key", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_breaking_a_rule_file_gives_one_line_naming_file_and_key(rule_dir, kind, name, change, key):
    _edit(rule_dir, kind, change)
    message = _error(kind)
    assert message.startswith(f"rules/{kind}.yaml: {key}: "), message


def test_invalid_yaml_is_one_line(rule_dir):
    (rule_dir / "scope.yaml").write_text("health_terms: [卫生\n  other: {", encoding="utf-8")
    assert _error("scope").startswith("rules/scope.yaml: not valid YAML (")


def test_an_entry_id_must_be_its_path(rule_dir):
    _edit(rule_dir, "frame", lambda d: d["issuer"].update(id="frame-issuer"))
    assert _error("frame") == ("rules/frame.yaml: issuer.id: expected frame/issuer (the entry's path), "
                               "got 'frame-issuer'")


def test_a_broken_rule_file_stops_the_cli_with_one_line(rule_dir, capsys, tmp_path):
    _edit(rule_dir, "targets", lambda d: d.update(cue_gap="two"))
    doc = tmp_path / "plan.txt"
    doc.write_text("2025年全市卫生健康工作要点\n县域内就诊率达到90%以上。\n", encoding="utf-8")
    assert main(["explain", str(doc)]) != 0
    err = capsys.readouterr().err.strip()
    assert err.endswith("rules/targets.yaml: cue_gap: expected an integer, got str 'two'") and "\n" not in err


@pytest.mark.parametrize("rid, entry", [
    ("plans/meeting_header", dict), ("frame/issuer", dict), ("targets/full_coverage", str),
    ("initiatives/lexicon/千县工程", str), ("initiatives/synonyms/医疗卫生强基工程", list),
    ("targets/units//10万", str), ("segments/item_markers/section", dict), ("plans/decisions/region_inferred", str),
])
def test_a_rule_id_resolves_to_its_yaml_entry(rid, entry):
    assert isinstance(resolve_rule(rid), entry)


@pytest.mark.parametrize("rid", ["initiatives/lexicon/没有这个词", "nowhere/x", "targets/units/%/more", "plans/no_key"])
def test_an_unknown_rule_id_does_not_resolve(rid):
    with pytest.raises(KeyError):
        resolve_rule(rid)


def unresolved(ids: set[str]) -> list[str]:
    """The ids that name no rule entry."""
    missing = []
    for rid in sorted(ids):
        try:
            resolve_rule(rid)
        except KeyError:
            missing.append(rid)
    return missing


def test_every_rule_id_in_the_seeds_graph_names_a_rule_entry(seeds_graph):
    ids = {str(o) for o in seeds_graph.objects(None, HP.rule)}
    assert len(ids) > 50              # entries, not a handful of families
    assert not unresolved(ids)


def test_every_rule_kg_explain_names_is_a_rule_entry():
    """Drops, year decisions and region candidates of the seeds and written documents: each names its entry."""
    from pathlib import Path

    from kg.extract.pipeline import read_document
    from kg.read.corpus import find_text_files
    from kg.read.corpus import read_document as read_file

    root = Path(__file__).parent
    ids: set[str] = set()
    for path in find_text_files([root.parent / "seeds", root / "data" / "written" / "docs"]):
        trace = []
        reading = read_document(read_file(path), trace=trace)
        ids |= {d.rule for d in trace}
        ids |= {p.plan.year_rule for p in reading.plans} | {p.plan.rule for p in reading.plans}
        ids |= {c.rule for p in reading.plans for c in p.plan.candidates}
        ids |= {m.header_rule for m in reading.misses}
    assert {"plans/drops/review", "targets/not_units_after", "plans/decisions/year_near_header"} <= ids
    assert not unresolved(ids)
