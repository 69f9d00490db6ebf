"""One cached loader for the rule files in ``kg/data/rules/*.yaml``.

Each file holds one kind of rule; a malformed file fails loudly with its name
and the missing key.

>>> load_rules("cleanup")["repeat_min_chars"] > 0
True
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

REQUIRED_KEYS = {
    "cleanup": {"boilerplate_lines", "repeat_min_chars", "page_break_min_line", "sentence_terminals",
                "heading_start"},
    "segments": {"sentence_ends", "clause_ends", "item_markers"},
    "scope": {"health_terms", "other_sector_terms"},
    "plans": {"meeting_header", "official_header", "section_header", "region_section_header", "year_window",
              "review_start", "period_last_year", "review_end", "autonomous_region", "anaphora_levels",
              "year_pattern", "anonymous_marker", "level_suffix",
              "review_section", "section_heading"},
    "initiatives": {"suffixes", "triggers", "modifiers", "stop_names", "stop_contains", "synonyms",
                    "lexicon", "bundle_list_item", "strip_suffixes", "themes", "max_len", "min_len",
                    "suffix_not_before", "weak_triggers", "stop_flags", "numeral_in_name", "min_body",
                    "clause_verb_min_rest", "strip_prefixes", "numbered_name", "quote_extend_heads",
                    "quote_extend_max", "quote_triggers", "quote_heads", "quote_not_after", "slogan_patterns",
                    "slogan_item_max", "lexicon_not_before", "coordinated_levels", "centre_pattern",
                    "centre_not_contains", "own_institution", "regional_pattern", "regional_canonical",
                    "bundle_pattern", "bundle_part_kinds", "bundle_not_before", "fallback_theme", "general_theme", "conjunct_ends"},
    "regions": {"short_suffixes", "ethnic_names", "short_name_levels", "stop_short_names", "stop_full_names",
                "abbreviations", "abbreviation_stop_words", "colloquial", "groups"},
    "targets": {"pieces", "units", "cue_only_units", "cue_or_bound_units", "cue_only_extra", "cue_only_after",
                "chinese_numeral_units", "small_chinese_numeral_units", "chinese_count_closes", "arabic_only_units",
                "bare_scale_units", "unit_kinds",
                "at_least", "at_most", "exactly", "cue_gap", "not_units_after", "not_before", "quote_pairs",
                "past_clause", "indicator_stop_words", "indicator_not_stop", "indicator_stop_flags",
                "indicator_joiners", "indicator_max_chars", "indicator_words", "list_joiners", "predicate_lead",
                "predicate_words", "actions", "same_indicator_dice", "change_verbs", "indicator_cues",
                "indicator_cue_lead", "unitless", "full_coverage", "full_coverage_verb", "years"},
}


class RuleError(Exception):
    pass


def data_path(*parts: str):
    return resources.files("kg").joinpath("data", *parts)


@lru_cache(maxsize=None)
def load_rules(kind: str) -> dict:
    path = data_path("rules", f"{kind}.yaml")
    try:
        rules = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError(f"rules/{kind}.yaml: no such rule file") from None
    except yaml.YAMLError as exc:
        raise RuleError(f"rules/{kind}.yaml: not valid YAML ({exc})") from None
    if not isinstance(rules, dict):
        raise RuleError(f"rules/{kind}.yaml: expected a mapping at the top level")
    missing = REQUIRED_KEYS.get(kind, set()) - rules.keys()
    if missing:
        raise RuleError(f"rules/{kind}.yaml: missing key(s) {', '.join(sorted(missing))}")
    return rules
