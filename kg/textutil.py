"""jieba, loaded once with our domain dictionary.

The dictionary is ``kg/data/lexicon/domain.dict`` (jieba's ``词 频率 词性``
lines) plus every fixed initiative term and suffix word of the rule files, so
that no known term is split.

>>> [t.word for t in tokenizer().cut("落实医疗卫生强基工程")]
['落实', '医疗卫生强基工程']
"""
from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import jieba.posseg

from kg.rules import data_path, load_rules

jieba.setLogLevel(logging.WARNING)


def domain_words() -> list[tuple[str, int, str]]:
    words = []
    for line in data_path("lexicon", "domain.dict").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and not line.startswith("#"):
            words.append((parts[0], int(parts[1]) if len(parts) > 1 else 2000, parts[2] if len(parts) > 2 else "nz"))
    rules = load_rules("initiatives")
    for canonical, spellings in rules["synonyms"].items():
        for w in [canonical, *spellings]:
            if "、" not in w and "“" not in w:
                words.append((w, 3000, "nz"))
    words += [(w, 3000, "nz") for w in rules["lexicon"]]
    words += [(w, 5000, "n") for w in rules["suffixes"]]
    return words


@lru_cache(maxsize=1)
def tokenizer() -> jieba.posseg.POSTokenizer:
    base = jieba.Tokenizer()
    base.initialize()
    for word, freq, tag in domain_words():
        base.add_word(word, freq, tag)
    return jieba.posseg.POSTokenizer(base)
