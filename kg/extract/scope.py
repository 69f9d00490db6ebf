"""Which sentences are about health: one that names another sector and nothing of health
holds no health initiative or target (a 政府工作报告 mixes sectors).

>>> about_health("新建县域医疗卫生次中心30个。"), about_health("地区生产总值增长5.5%左右。")
(True, False)
>>> about_health("新增普惠托位1万个。")     # names no sector: kept
True
"""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick_rs

from kg.rules import load_rules


@lru_cache(maxsize=1)
def _matchers() -> tuple[ahocorasick_rs.AhoCorasick, ahocorasick_rs.AhoCorasick]:
    rules = load_rules("scope")
    return ahocorasick_rs.AhoCorasick(rules.health_terms), ahocorasick_rs.AhoCorasick(rules.other_sector_terms)


def about_health(sentence: str) -> bool:
    """False only for a sentence that names another sector and no health term (one inside another sector's
    term is that sector's: 养老床位).

    >>> about_health("新增养老床位300张。"), about_health("新增医养结合机构床位300张。")
    (False, True)
    """
    health, other = _matchers()
    others = other.find_matches_as_indexes(sentence)
    if not others:
        return True
    return any(not any(s <= start and end <= e for _, s, e in others)
               for _, start, end in health.find_matches_as_indexes(sentence))


@lru_cache(maxsize=1)
def _question_turn():
    import re
    return re.compile(load_rules("scope").question_turn)


@lru_cache(maxsize=1)
def _turns() -> tuple[re.Pattern, re.Pattern]:
    rules = load_rules("scope")
    return re.compile(rules.turn_label_line), re.compile(rules.turn_opening)


@lru_cache(maxsize=1)
def _letter_sections() -> tuple[re.Pattern, re.Pattern]:
    rules = load_rules("scope")
    return re.compile(rules.question_section), re.compile(rules.answer_section)


@lru_cache(maxsize=1)
def _voices_section() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    rules = load_rules("scope").voices_section
    return re.compile(rules.pattern), re.compile(rules.end), re.compile(rules.comment)


def asking_after(line_start_sentence: str, asking: str | None) -> str | None:
    """Who asks from this line on: "turn" (an interview's question, this line), "label" (a question under its label on
    a line of its own, up to the next turn), "letter" (a resident's letter, up to
    the answer), "voices" (deputies or residents speaking under their bracketed heading, up to the next), "comment" (a
    commentator's paragraph: "专家点评：…") or None.

    >>> state = asking_after("【来信内容】", None); state
    'letter'
    >>> state = asking_after("我们小区有住户2300余户。", state); state
    'letter'
    >>> asking_after("【回复内容】", state), asking_after("记者：今年有何打算？", None)
    (None, 'turn')
    >>> state = asking_after("【记者】", None); state, asking_after("全国儿科医生缺口约有20万名，我市有何打算？", state)
    ('label', 'label')
    >>> asking_after("【王晓燕】", state), asking_after("王晓燕：谢谢您的提问。", state)
    (None, None)
    """
    opening, answer = _letter_sections()
    if opening.match(line_start_sentence):
        return "letter"
    voices, voices_end, comment = _voices_section()
    if voices.match(line_start_sentence) or asking == "voices" and not voices_end.match(line_start_sentence):
        return "voices"
    if comment.match(line_start_sentence):
        return "comment"
    if asking == "letter" and not answer.match(line_start_sentence):
        return "letter"
    label_line, turn_opening = _turns()
    if opens_question_turn(line_start_sentence):
        return "label" if label_line.match(line_start_sentence) else "turn"
    if asking == "label" and not turn_opening.match(line_start_sentence):
        return "label"          # the question under its label "记者：" or "【记者】", up to the next turn
    return None


def opens_question_turn(line_start_sentence: str) -> bool:
    """Whether a line is a turn of the one who asks in an interview or a press conference.

    >>> opens_question_turn("记者：2025年全县就诊率达到91.6%。"), opens_question_turn("答：今年要达到92%。")
    (True, False)
    """
    return _question_turn().match(line_start_sentence) is not None


def section_scope(heading: str, current: str | None) -> str | None:
    """The scope a section heading opens: "health", "other" (another sector's section) or None (unknown);
    a sub-heading that names neither keeps the section's scope.

    >>> section_scope("三、推进城镇老旧小区改造", None), section_scope("（一）加快进度", "other")
    ('other', 'other')
    >>> section_scope("四、提升基层医疗服务能力", "other"), section_scope("五、其他事项", "other")
    ('health', None)
    """
    health, other = _matchers()
    if health.find_matches_as_indexes(heading):
        return "health"
    if other.find_matches_as_indexes(heading):
        return "other"
    return None if re.match(load_rules("scope").top_level_heading, heading) else current


def is_section_heading(text: str, item: str | None, paragraph_start: bool = False) -> bool:
    """A short line opened by an enumeration marker ("三、推进城镇老旧小区改造"), or the short sentence a paragraph of a
    report opens with as its topic ("深入推进健康焦作建设。").

    >>> is_section_heading("深入推进健康焦作建设。", None, paragraph_start=True)
    True
    """
    rules = load_rules("scope")
    if item is not None:
        return len(text) <= rules.section_heading_max
    return paragraph_start and len(text) <= rules.topic_sentence_max and text.rstrip().endswith("。")


def health_terms_in(sentence: str) -> int:
    """How many health terms a sentence names."""
    return len(_matchers()[0].find_matches_as_indexes(sentence))


def names_only_health(text: str) -> bool:
    """Whether a text names health work and no other sector (a title: 三亚市2026年爱国卫生和健康城市建设工作方案).

    >>> names_only_health("三亚市2026年爱国卫生和健康城市建设工作方案"), names_only_health("2026年政府工作报告")
    (True, False)
    """
    health, other = _matchers()
    return bool(health.find_matches_as_indexes(text)) and not other.find_matches_as_indexes(text)


def leans_to_health(sentence: str) -> bool:
    """Whether a sentence names more health terms than other sectors' (read in another sector's section).

    >>> leans_to_health("新建改建农村公路5000公里,改造桥梁300座,推动较大人口规模自然村通硬化路。")
    False
    """
    health, other = _matchers()
    return len(health.find_matches_as_indexes(sentence)) > len(other.find_matches_as_indexes(sentence))


def restating_proposal(sentence: str, restating: bool) -> bool:
    """Whether a sentence restates a deputy's proposal that an answer goes on to answer: one that opens the restatement
    ("您建议：一是…；"), or one of the restatement that runs on after it (``restating``) up to its full stop.

    >>> restating_proposal("您建议：一是每个乡镇卫生院配备至少2名儿科医生；", False)
    True
    >>> restating_proposal("二是将儿科医疗服务价格提高30%。", True), restating_proposal("2026年，全市新增儿科医生500名。", False)
    (True, False)
    """
    return restating or bool(_proposal_restated().match(sentence))


def runs_on(sentence: str) -> bool:
    """Whether a sentence leaves its statement running on past its end (a restatement's, a list of the year's targets):
    it ends in ；, not a full stop.

    >>> runs_on("一是每个乡镇卫生院配备至少2名儿科医生；"), runs_on("二是将儿科医疗服务价格提高30%。")
    (True, False)
    """
    return not sentence.rstrip().endswith(("。", "！", "？"))


@lru_cache(maxsize=1)
def _proposal_restated():
    return re.compile(load_rules("scope").proposal_restated)
