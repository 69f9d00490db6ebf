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
    "cleanup": {"boilerplate_lines", "debris_line_max", "heading_start", "page_break_min_line", "repeat_min_chars",
                "salutation_line", "sentence_terminals", "title_line_end"},
    "segments": {"clause_ends", "item_markers", "max_sentence_chars", "sentence_ends"},
    "scope": {"health_terms", "other_sector_terms", "question_turn", "section_heading_max", "top_level_heading"},
    "plans": {"anaphora_levels", "anonymous_marker", "autonomous_region", "commitment", "level_suffix", "meeting_header",
              "official_header", "period_last_year", "region_colon_header", "region_section_header", "review_end", "review_section",
              "review_start", "section_header", "section_heading", "year_pattern", "year_window"},
    "initiatives": {"bundle_list_item", "bundle_not_before", "bundle_part_kinds", "bundle_pattern",
                    "centre_not_contains", "centre_pattern", "clause_verb_min_rest", "conjunct_ends",
                    "coordinated_levels", "fallback_theme", "general_theme", "lexicon", "lexicon_not_before",
                    "max_len", "min_body", "min_len", "modifiers", "name_period", "numbered_name",
                    "numeral_in_name", "own_institution", "quote_extend_heads", "quote_extend_max", "quote_heads",
                    "quote_not_after", "quote_pair_joiners", "quote_triggers", "regional_canonical",
                    "regional_pattern", "slogan_item_max", "slogan_patterns", "stop_contains", "stop_flags",
                    "stop_names", "strip_prefixes", "strip_suffixes", "suffix_not_before", "suffixes", "synonyms",
                    "themes", "triggers", "weak_triggers"},
    "frame": {"date", "document_number", "issuer", "name_after", "name_before", "signature", "title",
              "year_words"},
    "regions": {"abbreviation_stop_words", "abbreviations", "colloquial", "ethnic_names", "groups", "suffix_word_after",
                "short_name_levels", "short_suffixes", "stop_full_names", "stop_short_names"},
    "targets": {"actions", "arabic_only_units", "at_least", "at_most", "bare_scale_units", "change_verbs",
                "chinese_count_closes", "chinese_numeral_units", "cue_gap", "cue_only_after", "cue_only_extra",
                "cue_only_units", "cue_or_bound_units", "exactly", "full_coverage", "full_coverage_verb",
                "indicator_cue_lead", "indicator_cues", "indicator_joiners", "indicator_max_chars",
                "indicator_not_stop", "indicator_stop_flags", "indicator_stop_words", "indicator_words",
                "list_joiners", "not_before", "not_units_after", "past_clause", "pieces", "predicate_lead",
                "predicate_words", "quote_pairs", "same_indicator_dice", "small_chinese_numeral_units",
                "table", "table_row",
                "unit_kinds", "unit_names", "unitless", "units", "years"},
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
