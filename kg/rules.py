"""One cached loader for the rule files in ``kg/data/rules/*.yaml``, with a schema per file.

Each file holds one kind of rule. The loader checks what a file means, not only that its keys
exist: every key is declared in ``SCHEMAS`` with its type, every regex is compiled at load, unknown
keys are rejected, and each problem is one line naming the file and the key (a ``RuleError``)::

    rules/plans.yaml: forward_cue: not a valid regular expression (missing ), unterminated subpattern at position 2)

Shared regex pieces live in ``rules/pieces.yaml``; a rule names one as ``{Numeral}``, ``{Year}`` …
and the loader puts it in. ``load_rules`` returns one frozen dataclass per file (``PlanRules``,
``TargetRules``, ``InitiativeRules`` …, made from the schema): a nested mapping with fixed keys is a
dataclass too (``rules.meeting_header.max_offset``), lists are tuples, other mappings read-only;
regexes are their checked source text with the pieces put in. Item access (``rules["units"]``) reads
the same fields.

Every rule entry has an id, its path in the files: ``plans/meeting_header``, ``frame/issuer``,
``initiatives/lexicon/千县工程``, ``targets/at_least/after/以上``; ``resolve_rule`` finds its entry.

>>> load_rules("cleanup").repeat_min_chars > 0, type(load_rules("plans")).__name__
(True, 'PlanRules')
>>> load_rules("targets").unit_kinds["ratio"].ends[:2]
('率', '比例')
>>> resolve_rule("initiatives/suffixes/工程")
'工程'
>>> "{Numeral}" in load_rules("scope")["top_level_heading"]
False
"""
from __future__ import annotations

import re
from dataclasses import fields, make_dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

import yaml

from kg.errors import UserError

# Types: "str" (non-empty text), "regex" (compiled at load), "int", "number", "list[str]", "list[regex]",
# "dict[str]", "dict[int]", "dict[list[str]]" (any keys, values of that type), a dict (a nested mapping
# with these keys; a key ending in "?" may be left out), ("each", {...}) (any keys, each value such a
# mapping) and ("list", {...}) (a list of such mappings).
_ID = "str"
_PATTERN = {"id": _ID, "pattern": "regex"}
_BOUNDS = {"after": "list[str]", "before": "list[str]"}

SCHEMAS: dict[str, dict] = {
    "pieces": {
        "Numeral": "str", "NameWithheld": "regex", "Year": "regex", "ClauseMark": "str", "five_year_periods": "dict[int]",
    },
    "cleanup": {
        "boilerplate_lines": "list[regex]", "debris_line_max": "int", "repeat_min_chars": "int", "repeat_kept": "regex",
        "page_break_min_line": "int", "colon_heading": "regex", "hard_wrap_min_lines": "int", "hard_wrap_slack": "int", "sentence_terminals": "str", "title_line_end": "regex",
        "salutation_line": "regex", "metadata_line": "regex", "headline_gap": "regex", "heading_start": "regex", "bullet_line": "regex", "link_list_opening": "regex",
        "link_line_max": "int", "dropped_marks": ("list", _PATTERN), "linked_title": "regex",
        "letter_spacing_run": "regex", "letter_spacing_min_chinese": "int",
    },
    "segments": {
        "max_sentence_chars": "int", "sentence_ends": "str", "clause_ends": "str",
        "item_markers": ("list", _PATTERN),
    },
    "scope": {
        "health_terms": "list[str]", "other_sector_terms": "list[str]", "section_heading_max": "int",
        "topic_sentence_max": "int",
        "top_level_heading": "regex", "question_turn": "regex", "question_section": "regex", "answer_section": "regex",
        "voices_section": {"id": _ID, "pattern": "regex", "end": "regex", "comment": "regex"},
        "turn_label_line": "regex", "turn_opening": "regex", "proposal_restated": "regex",
    },
    "frame": {
        "title": {"id": _ID, "lines": "int", "line_max": "int", "contents_line": "regex"},
        "issuer": {"id": _ID, "organs": "list[str]", "national_organs": "list[str]", "national_report": "regex", "opening_max_offset": "int",
                   "joint_after": "regex"},
        "signature": {"id": _ID, "last_lines": "int", "line_max": "int"},
        "responsible_party": {"id": _ID, "line": "regex"},
        "document_number": {"id": _ID, "pattern": "regex", "provinces": "dict[list[str]]"},
        "date": _PATTERN,
        "outlet": {"id": _ID, "line": "regex", "name_after": "regex", "short_name": "regex",
                   "county_endings": "list[str]"},
        "name_after": _PATTERN,
        "name_before": _PATTERN,
        "year_words": "dict[int]",
    },
    "plans": {
        "meeting_header": {"id": _ID, "after_region": "regex", "max_offset": "int", "dateline": "regex", "says": "regex", "not_start": "regex",
                           "reference_before": "regex", "reference_after": "regex",
                           "year_before_region": "regex", "year_of_plan_part": "regex", "attending": "regex"},
        "official_header": _PATTERN,
        "speaker_header": {"id": _ID, "lead": "regex", "after_region": "regex", "points": "regex", "town_head": "regex", "turn_label": "regex",
                           "national": "regex", "forwarded": "regex", "forwarded_title": "regex",
                           "roster_line": "regex", "roster_min_lines": "int", "roster_attend": "regex", "national_organ": "regex"},
        "region_row": {"id": _ID, "note": "regex"},
        "subject_region": {"id": _ID, "lead": "regex", "after_region": "regex", "enumeration": "regex"},
        "region_dated_header": _PATTERN,
        "section_header": _PATTERN, "region_heading": {"id": _ID, "pattern": "regex", "ranks": "list[regex]"},
        "superior_meeting": {"id": _ID, "pattern": "regex", "levels": "dict[str]"},
        "own_paragraph": {"id": _ID, "pattern": "regex"},
        "meeting_aside": {"id": _ID}, "region_colon_line": _PATTERN,
        "topic_paragraph": {"id": _ID, "lead": "regex", "after_region": "regex", "past_after": "regex", "run_in": "regex",
                            "min_regions": "int"},
        "region_section_header": {"id": _ID, "pattern": "regex", "proposal": "regex"},
        "digest_section": {"id": _ID},
        "region_colon_header": _PATTERN,
        "decisions": "dict[str]", "drops": "dict[str]",
        "year_window": "int", "late_month": "int", "forward_cue": "regex", "title_chars": "int",
        "year_pattern": "regex", "title_year_pattern": "regex",
        "review_start": "regex", "review_announce": "regex", "clause_ahead": "regex", "review_end": "regex", "review_year_itself": "regex", "review_section": "regex",
        "year_ahead": {"this_year": "regex", "next_year": "regex"}, "targets_label": "regex",
        "forward_deadline": "regex", "first_half": "regex", "citing_before": "regex",
        "section_heading": "regex",
        "part_heading": "regex",
        "symbol_heading": "regex", "plain_heading": "regex", "plain_heading_ahead": "regex",
        "anaphora_levels": "dict[list[str]]", "level_in_rank": "regex",
        "autonomous_region": {"words": "list[str]", "cue": "regex", "prefecture_cue": "regex"},
        "anonymous_marker": "regex", "level_suffix": "dict[str]", "level_words": "dict[str]",
        "commitment": {"cue": "regex", "min_share": "number", "min_sentences": "int"},
        "institution_plan": "regex", "proposal_title": "regex", "proposal_answer": "regex", "housekeeping_title": "regex", "statistics_title": "regex", "min_chinese_share": "number",
        "report_title": "regex",
        "report_title_plans": "regex", "report_forward": "regex", "subject_lead": "regex", "clause_lead": "regex",
        "forwarded_title": "regex",
    },
    "initiatives": {
        "min_len": "int", "max_len": "int", "suffixes": "list[str]", "suffix_not_before": "list[str]",
        "triggers": "list[str]", "weak_triggers": "dict[int]", "conjunct_ends": "list[str]",
        "modifiers": "list[str]", "stop_flags": "list[str]", "numeral_in_name": "regex",
        "count_inside_name": "regex", "generic_name": "regex",
        "clause_verb_min_rest": "int", "strip_prefixes": "list[str]", "office_before": "regex", "strip_suffixes": "list[str]",
        "min_body": "int", "numbered_name": "regex", "quote_extend_heads": "list[str]",
        "quote_extend_max": "int", "quote_triggers": "list[str]", "quote_heads": "list[str]",
        "quote_brand": {"id": _ID, "pattern": "regex"},
        "quote_not_after": "list[str]", "quote_pair_joiners": "list[str]", "name_period": "regex",
        "slogan_patterns": "list[regex]", "slogan_item_max": "int", "quoted_list_min": "int", "quoted_list_item_max": "int", "synonyms": "dict[list[str]]",
        "lexicon": "list[str]", "lexicon_not_before": "list[str]", "coordinated_levels": "list[str]",
        "named_patterns": ("list", {"id": _ID, "pattern": "regex", "canonical": "str"}),
        "centre_pattern": "regex", "centre_not_contains": "list[str]", "heading_project": "regex", "heading_project_not_first": "list[str]", "regional_pattern": "regex",
        "regional_canonical": "str", "stop_names": "list[str]", "own_institution": "regex",
        "stop_contains": "list[str]", "bundle_pattern": "regex", "bundle_list_item": "regex",
        "bundle_part_kinds": "list[str]", "bundle_list_lead_words": "list[str]", "bundle_not_before": "list[str]",
        "themes": ("each", {"zh": "str", "en": "str", "keywords": "list[str]", "patterns?": "list[regex]"}),
        "fallback_theme": "str", "general_theme": {"zh": "str", "en": "str"},
    },
    "regions": {
        "short_suffixes": "dict[list[str]]", "ethnic_names": "list[str]", "short_name_levels": "list[str]",
        "stop_short_names": "list[str]", "suffix_word_after": "dict[str]", "stop_full_names": "list[str]",
        "abbreviations": "dict[list[str]]", "abbreviation_stop_words": "list[str]",
        "colloquial": "dict[list[str]]", "groups": "dict[list[str]]", "conjunction_before": "regex",
        "conjunction_first": "list[str]", "customary_names": "dict[str]",
    },
    "targets": {
        "pieces": {"Digits": "regex", "Chinese": "regex", "PercentWords": "regex", "Range": "regex",
                   "Scale": "regex", "Approx": "regex"},
        "drops": "dict[str]", "unit_names": "dict[str]", "units": "list[str]", "cue_only_units": "list[str]",
        "cue_or_bound_units": "list[str]", "cue_only_extra": "list[str]", "cue_only_after": "regex",
        "chinese_numeral_units": "list[str]", "chinese_count_closes": "regex", "chinese_count_verbs": "list[str]",
        "arabic_only_units": "list[str]",
        "small_chinese_numeral_units": "list[str]", "bare_scale_units": "list[str]",
        "unit_kinds": ("each", {"units": "list[str]", "suffix": "text", "ends": "list[str]"}),
        "at_least": _BOUNDS, "at_most": _BOUNDS, "exactly": _BOUNDS, "cue_gap": "int",
        "not_units_after": "regex", "not_before": "regex", "quote_pairs": "list[str]", "past_clause": "regex", "breakdown_clause": "regex",
        "uncommitted_clause": "regex", "gone_by_period": {"id": _ID, "opening": "regex", "until": "regex"},
        "rise_to_level": {"id": _ID, "before": "regex", "then": "regex"}, "accounting_clause": "regex", "institution_volume": "regex", "clause_count_verbs": "regex",
        "proposal_sentence": "regex",
        "from_baseline": {"before": "regex", "after": "regex"},
        "indicator_stop_words": "list[str]", "indicator_not_stop": "list[str]",
        "indicator_stop_flags": "list[str]", "indicator_joiners": "list[str]", "indicator_max_chars": "int",
        "indicator_frame_nouns": "list[str]", "indicator_list_marker": "regex",
        "indicator_words": "list[str]", "list_joiners": "list[str]", "predicate_lead": "list[str]",
        "predicate_words": "list[str]", "actions": "list[str]", "same_indicator_dice": "number",
        "change_verbs": "list[str]", "indicator_cues": "list[str]", "indicator_cue_lead": "regex",
        "unitless": {"after": "regex", "indicator_ends": "list[str]", "ratio_lead": "regex"},
        "table_row": "regex", "full_coverage": "regex", "period_plan_title": "regex", "full_coverage_verb": "regex", "share_of": "regex",
        "looks_ahead": "regex", "share_named_after": "regex",
        "years": {"explicit": "regex", "within": "regex", "this_year": "regex", "next_year": "regex", "last_year": "regex",
                  "period_end": "regex", "baseline_before": "regex", "baseline_phrase": "regex",
                  "baseline_after": "regex"},
        "table": {"id": _ID, "cell_split": "regex", "indicator": "regex", "unit": "regex", "baseline": "regex",
                  "target": "regex", "value": "regex", "whole": "regex", "row_value": "regex", "comparators": "dict[str]",
                  "unit_in_name": "regex", "bound_in_name": "regex", "region_column": "regex",
                  "header_in_brackets": "regex", "cell_unit_column": "regex", "cell_value": "regex",
                  "project_indicator": "regex", "quantity_column": "regex", "due_column": "regex",
                  "target_words": "regex"},
    },
}

KINDS = tuple(k for k in SCHEMAS if k != "pieces")
CLASS_NAMES = {"cleanup": "CleanupRules", "segments": "SegmentRules", "scope": "ScopeRules", "frame": "FrameRules",
               "plans": "PlanRules", "initiatives": "InitiativeRules", "regions": "RegionRules",
               "targets": "TargetRules"}
_PIECE = re.compile(r"\{([A-Z][A-Za-z]*)\}")


class RuleError(UserError):
    pass


def data_path(*parts: str):
    return resources.files("kg").joinpath("data", *parts)


def _read(kind: str) -> dict:
    path = data_path("rules", f"{kind}.yaml")
    try:
        rules = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError(f"rules/{kind}.yaml: no such rule file") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"rules/{kind}.yaml: not valid YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(rules, dict):
        raise RuleError(f"rules/{kind}.yaml: expected a mapping at the top level")
    return rules


def _describe(value) -> str:
    return f"{type(value).__name__} {value!r}" if len(repr(value)) <= 40 else type(value).__name__


class _Checker:
    """Checks one file's data against its schema; ``fail`` raises the one-line error."""

    def __init__(self, kind: str, pieces: dict[str, str]):
        self.kind, self.pieces = kind, pieces

    def fail(self, key: str, problem: str):
        raise RuleError(f"rules/{self.kind}.yaml: {key}: {problem}")

    def expand(self, key: str, text: str) -> str:
        return _PIECE.sub(lambda m: self.pieces.get(m.group(1), m.group()), text)

    def value(self, key: str, spec, value):
        if isinstance(spec, dict):
            return self.mapping(key, spec, value)
        if isinstance(spec, tuple):
            shape, inner = spec
            if shape == "each":
                if not isinstance(value, dict) or not value:
                    self.fail(key, f"expected a non-empty mapping, got {_describe(value)}")
                return {k: self.mapping(f"{key}.{k}", inner, v) for k, v in value.items()}
            if not isinstance(value, list) or not value:
                self.fail(key, f"expected a non-empty list, got {_describe(value)}")
            return [self.mapping(f"{key}[{i}]", inner, v) for i, v in enumerate(value)]
        if spec.startswith("list["):
            if not isinstance(value, list):
                self.fail(key, f"expected a list, got {_describe(value)}")
            return [self.value(f"{key}[{i}]", spec[5:-1], v) for i, v in enumerate(value)]
        if spec.startswith("dict["):
            if not isinstance(value, dict) or not value:
                self.fail(key, f"expected a non-empty mapping, got {_describe(value)}")
            return {k: self.value(f"{key}.{k}", spec[5:-1], v) for k, v in value.items()}
        return self.scalar(key, spec, value)

    def scalar(self, key: str, spec: str, value):
        if spec == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(key, f"expected an integer, got {_describe(value)}")
            return value
        if spec == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.fail(key, f"expected a number, got {_describe(value)}")
            return value
        if not isinstance(value, str) or (spec != "text" and not value):
            self.fail(key, f"expected {'a non-empty' if spec != 'text' else 'a'} string, got {_describe(value)}")
        if spec == "regex":
            value = self.expand(key, value)
            try:
                re.compile(value)
            except re.error as exc:
                self.fail(key, f"not a valid regular expression ({exc})")
        return value

    def mapping(self, key: str, schema: dict, value) -> dict:
        if not isinstance(value, dict):
            self.fail(key, f"expected a mapping, got {_describe(value)}")
        prefix = f"{key}." if key else ""
        known = {k.rstrip("?"): k for k in schema}
        for k in value:
            if k not in known:
                self.fail(f"{prefix}{k}", "unknown key")
        out = {}
        for name, declared in known.items():
            if name not in value:
                if not declared.endswith("?"):
                    self.fail(f"{prefix}{name}", "missing")
                continue
            out[name] = self.value(f"{prefix}{name}", schema[declared], value[name])
            if name == "id" and "[" not in key and out[name] != f"{self.kind}/{key}":
                self.fail(f"{prefix}id", f"expected {self.kind}/{key} (the entry's path), got {out[name]!r}")
        return out


@lru_cache(maxsize=1)
def pieces() -> dict:
    """The shared pieces (``rules/pieces.yaml``), with ``FiveYearPeriod``, the alternation of the periods.

    >>> pieces()["five_year_periods"]["十四五"], pieces()["FiveYearPeriod"]
    (2025, '十三五|十四五|十五五')
    """
    data = _Checker("pieces", {}).mapping("", SCHEMAS["pieces"], _read("pieces"))
    data["FiveYearPeriod"] = "|".join(map(re.escape, data["five_year_periods"]))
    return data


@lru_cache(maxsize=None)
def _load(kind: str) -> dict:
    if kind not in SCHEMAS:
        raise RuleError(f"rules/{kind}.yaml: no schema for this rule file")
    shared = {k: v for k, v in pieces().items() if isinstance(v, str)}
    return _Checker(kind, shared).mapping("", SCHEMAS[kind], _read(kind))


@lru_cache(maxsize=1)
def load_all() -> None:
    """Load and check every rule file, so that a broken one fails before any work starts."""
    for kind in KINDS:
        _load(kind)


_TYPES = {"int": int, "number": float, "str": str, "regex": str, "text": str}


class _Entry:
    """Item access to a rule dataclass's fields (``rules["units"]`` is ``rules.units``)."""

    def __getitem__(self, key: str):
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def get(self, key: str, default=None):
        value = getattr(self, key, None)
        return default if value is None else value

    def __contains__(self, key: str) -> bool:
        return getattr(self, key, None) is not None

    def keys(self):
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]


def _camel(key: str) -> str:
    return "".join(part.capitalize() for part in key.split("_"))


def _annotation(spec):
    if isinstance(spec, str):
        if spec.startswith("list["):
            return tuple
        return Mapping if spec.startswith("dict[") else _TYPES[spec]
    return Mapping if isinstance(spec, tuple) and spec[0] == "each" else tuple if isinstance(spec, tuple) else object


@lru_cache(maxsize=None)
def _dataclass(name: str, keys: tuple):
    """A frozen dataclass of the keys ((key, type), a key ending in "?" optional, None when left out)."""
    required = [(k, t) for k, t in keys if not k.endswith("?")]
    optional = [(k.rstrip("?"), t, None) for k, t in keys if k.endswith("?")]
    cls = make_dataclass(name, required + optional, bases=(_Entry,), frozen=True)
    cls.__module__ = __name__
    return cls


def _freeze(name: str, spec, value):
    if value is None:
        return None
    if isinstance(spec, dict):
        cls = _dataclass(name, tuple((k, _annotation(spec[k])) for k in spec))
        return cls(**{k: _freeze(_camel(k), spec[k if k in spec else k + "?"], v) for k, v in value.items()})
    if isinstance(spec, tuple):
        shape, inner = spec
        if shape == "each":
            return MappingProxyType({k: _freeze(name, inner, v) for k, v in value.items()})
        return tuple(_freeze(name, inner, v) for v in value)
    if spec.startswith("list["):
        return tuple(value)
    if spec.startswith("dict["):
        return MappingProxyType({k: tuple(v) if isinstance(v, list) else v for k, v in value.items()})
    return value


@lru_cache(maxsize=None)
def _frozen(kind: str):
    return _freeze(CLASS_NAMES[kind], SCHEMAS[kind], _load(kind))


def load_rules(kind: str):
    """The checked rules of one file as a frozen dataclass; the first call checks every rule file."""
    load_all()
    return _frozen(kind)


def rule_id(kind: str, *path: str) -> str:
    """The id of a rule entry: ``rule_id("targets", "at_least", "after", "以上")`` is ``targets/at_least/after/以上``."""
    return "/".join((kind, *path))


def resolve_rule(rid: str):
    """The YAML entry a rule id names (a value, a mapping or one item of a list); KeyError when none.

    >>> resolve_rule("plans/meeting_header")["max_offset"], resolve_rule("targets/units//10万")
    (25, '/10万')
    """
    kind, _, rest = rid.partition("/")
    if kind not in KINDS:
        raise KeyError(rid)
    load_all()
    node = _load(kind)
    while rest:
        if isinstance(node, dict):
            keys = sorted((k for k in map(str, node) if rest == k or rest.startswith(k + "/")), key=len, reverse=True)
            if not keys:
                raise KeyError(rid)
            node = {str(k): v for k, v in node.items()}[keys[0]]
            rest = rest[len(keys[0]) + 1:]
        elif isinstance(node, list):
            hit = [v for v in node if v == rest or (isinstance(v, dict) and v.get("id") == rest)]
            if not hit:
                raise KeyError(rid)
            return hit[0]
        else:
            raise KeyError(rid)
    return node
