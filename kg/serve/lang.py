"""The language of what the commands print: English, or Chinese with ``--lang zh`` (or ``LANG=zh_CN*``).

Chinese column names and messages come from ``kg/data/lang/zh.yaml``; labels in the data are
Chinese already and are never printed in two languages at once.

>>> column("plan_year", "zh"), column("plan_year", "en"), rows_line(3, "zh")
('计划年份', 'plan_year', '(共 3 行)')
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

import yaml

from kg.rules import data_path

LANGUAGES = ("en", "zh")


def default_language(environ=None) -> str:
    """zh when the locale asks for Chinese (LC_ALL, LC_MESSAGES or LANG zh_CN.UTF-8 …), else en.

    >>> default_language({"LANG": "zh_CN.UTF-8"}), default_language({"LANG": "C.UTF-8"}), default_language({})
    ('zh', 'en', 'en')
    """
    environ = os.environ if environ is None else environ
    for key in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(key)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


@lru_cache(maxsize=1)
def _zh() -> dict:
    return yaml.safe_load(data_path("lang", "zh.yaml").read_text(encoding="utf-8"))


def column(name: str, lang: str) -> str:
    return _zh()["columns"].get(name, name) if lang == "zh" else name


def cell(name: str, value: str, lang: str) -> str:
    """A cell in the chosen language: the level province is 省级 in Chinese."""
    return _zh()["values"].get(name, {}).get(value, value) if lang == "zh" else value


def message(key: str, lang: str, default: str) -> str:
    return _zh()["messages"].get(key, default) if lang == "zh" else default


def rows_line(n: int, lang: str) -> str:
    return message("rows", lang, "({n} rows)").format(n=n)


def error_text(text: str, lang: str) -> str:
    """An error message in the chosen language; one without a Chinese pattern stays as it is.

    >>> error_text("no region named 安微; did you mean 安徽省、六安市?", "zh")
    '没有名为 安微 的地区;是不是:安徽省、六安市?'
    """
    if lang != "zh":
        return text
    data = _zh()
    for entry in data["errors"]:
        m = re.match(entry["pattern"], text, flags=re.S)
        if m:
            groups = [data["words"].get(g) or (error_text(g, lang) if g != text else g) for g in m.groups()]
            return re.sub(r"\{(\d)\}", lambda k: groups[int(k.group(1)) - 1], entry["zh"])
    return text
