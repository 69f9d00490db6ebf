"""jieba, loaded once with our domain dictionary.

The dictionary is ``kg/data/lexicon/domain.dict`` (jieba's ``词 频率 词性``
lines) plus every fixed initiative term and suffix word of the rule files and
the names of provinces, prefectures and counties (tagged ``ns``), so that no
known term is split. Parts of speech are slow (six times ``jieba.lcut``):
``tag`` is meant for short candidate spans, never whole documents.

>>> [t.word for t in tokenizer().cut("落实医疗卫生强基工程")]
['落实', '医疗卫生强基工程']
>>> tag("济源示范区")[0]
('济源', 'ns')
"""
from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import jieba.posseg

from kg.extract.places import load_regions
from kg.rules import data_path, load_rules

jieba.setLogLevel(logging.WARNING)


def domain_words() -> list[tuple[str, int, str]]:
    words = []
    for line in data_path("lexicon", "domain.dict").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and not line.startswith("#"):
            words.append((parts[0], int(parts[1]) if len(parts) > 1 else 2000, parts[2] if len(parts) > 2 else "nz"))
    rules = load_rules("initiatives")
    for canonical, spellings in rules.synonyms.items():
        for w in [canonical, *spellings]:
            if "、" not in w and "“" not in w:
                words.append((w, 3000, "nz"))
    words += [(w, 3000, "nz") for w in rules.lexicon]
    words += [(w, 5000, "n") for w in rules.suffixes]
    return words


def place_words() -> list[str]:
    names = set()
    for region in load_regions().values():
        if region.level in ("province", "prefecture", "county"):
            names.update(n for n in (region.name, region.short) if len(n) >= 2)
    return sorted(names)


@lru_cache(maxsize=1)
def tokenizer() -> jieba.posseg.POSTokenizer:
    base = jieba.Tokenizer()
    base.initialize()
    for word, freq, tag in domain_words():
        base.add_word(word, freq, tag)
    for word in place_words():
        if word not in base.FREQ or not base.FREQ[word]:
            base.add_word(word, 3000, "ns")
    # jieba.posseg read the default dictionary's parts of speech when it was imported; a new POSTokenizer
    # would read them again (about 45 MB and 0.3 s). Ours takes that table over: the project tags with
    # this tokenizer only, and jieba's own default tagger, never used here, shares our words' tags.
    tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer = base
    if not jieba.posseg.dt.word_tag_tab:           # let go of by let_go_of_tags: read again
        jieba.posseg.dt.load_word_tag(jieba.posseg.dt.tokenizer.get_dict_file())
    tagger.word_tag_tab = jieba.posseg.dt.word_tag_tab
    return tagger


def let_go_of_tags() -> None:
    """Drop the part-of-speech table jieba.posseg read at import (about 45 MB), in a process that tags no
    more: the next :func:`tokenizer` reads it again."""
    tokenizer.cache_clear()
    jieba.posseg.dt.word_tag_tab = {}


@lru_cache(maxsize=20000)
def tag(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech) pairs of a short span.

    >>> tag("实施人口高质量发展专项")[0]
    ('实施', 'v')
    """
    return tuple((t.word, t.flag) for t in tokenizer().cut(text, HMM=False)) if text else ()
