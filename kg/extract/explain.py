"""How one document was read (``kg explain DOCUMENT``): its frame, each plan's region and year decision
with the candidates passed over, then each sentence's facts with their rule ids (the path of the rule entry
that fired, e.g. ``initiatives/suffixes/工程``; ``kg.rules.resolve_rule`` finds it) and what was dropped, and
by which rule. Offsets are the source file's, as in the graph's evidence.

>>> from kg.read.corpus import document_from_bytes
>>> text = "株洲市卫生健康委员会关于印发《2025年全市卫生健康工作要点》的通知\\n\\n一、全市推广三明医改经验,县域内就诊率达到90%以上。2024年新增托位2000个。\\n"
>>> report = explain(document_from_bytes("例.txt", text.encode()))
>>> "plan 1: 株洲市 (430200, prefecture) 2025" in report, "plans/drops/review" in report
(True, True)
"""
from __future__ import annotations

from kg.read.corpus import Document
from kg.extract.pipeline import Dropped, read_document
from kg.extract.regions import load_gazetteer
from kg.rules import resolve_rule

QUOTE_CHARS = 60


def _quote(text: str, start: int, end: int) -> str:
    body = " ".join(text[start:end].split())
    return body if len(body) <= QUOTE_CHARS else body[:QUOTE_CHARS - 1] + "…"


def _region(code: str | None) -> str:
    if not code:
        return "?"
    region = load_gazetteer().get(code)
    return f"{region.name} ({code})"


def _drop_description(rule: str) -> str:
    """A ``drops`` entry's description; other entries are patterns or word lists, described by their id."""
    entry = resolve_rule(rule)
    return entry if "/drops/" in rule and isinstance(entry, str) else ""


def _grouped(candidates) -> list:
    """Candidates with the same verdict, rule and region as one line: the words that named it, with counts."""
    groups: dict[tuple, dict[str, int]] = {}
    for c in candidates:
        words = groups.setdefault((c.verdict, c.rule, c.code), {})
        words[c.text] = words.get(c.text, 0) + 1
    return [(key, list(words.items())) for key, words in groups.items()]


def explain(doc: Document) -> str:
    """The reading of one document as text lines (offsets are into the cleaned text)."""
    trace: list[Dropped] = []
    reading = read_document(doc, trace=trace)
    text = doc.text

    def span(start: int, end: int) -> str:       # clean offsets -> the source's, as the graph writes them
        s, e = reading.clean.to_original(start, end)
        return f"[{s}-{e}] {_quote(text, s, e)}"
    lines = [f"{doc.name}: {len(reading.plans)} plan(s)"
             + (f"; no plan: {reading.no_plan}" if reading.no_plan else "")]
    lines.append("frame:")
    for clue in reading.frame.clues or ():
        what = _region(clue.code) if clue.code else ""
        year = f" year {clue.year}" if clue.year else ""
        lines.append(f"  {clue.rule:<22} {span(clue.start, clue.end)}"
                     f"{' -> ' + what if what else ''}{year}")
    if not reading.frame.clues:
        lines.append("  (no issuer, signature, title region, document number or date)")
    for i, facts in enumerate(reading.plans, 1):
        plan = facts.plan
        start, end = reading.clean.to_original(plan.start, plan.end)
        lines.append(f"plan {i}: {plan.region_name} ({plan.region_code or 'anonymous'}, {plan.level}) {plan.year}"
                     f"  [{start}-{end}] rule {plan.rule}")
        lines.append(f"  header: {span(*plan.header)}")
        lines.append("  region candidates:")
        grouped = _grouped(plan.candidates)
        width = max([26] + [len(rule) for (_, rule, _), _ in grouped])      # rule ids are paths: plans/decisions/…
        for (verdict, rule, code), texts in grouped:
            words = "、".join(f"{t}×{n}" if n > 1 else t for t, n in texts)
            lines.append(f"    taken    {rule:<{width}} {words} -> {_region(code)}" if verdict == "taken"
                         else f"    passed   {rule:<{width}} {words} -> {_region(code)}: {verdict}")
        lines.append(f"  year: {plan.year} by {plan.year_rule}")
        lines.append(f"  review sentences: {len(plan.review)}")
        lines.append(f"  facts: {len(facts.initiatives)} initiative mentions, {len(facts.targets)} targets")
        events = [(f.evidence.start, "initiative", f"{f.mention.name}  (rule {f.mention.rule})")
                  for f in facts.initiatives]
        events += [(f.evidence.start, "target",
                    f"{f.mention.indicator} {f.mention.comparator} {f.mention.value:g}{f.mention.unit} "
                    f"({f.mention.year})  (rule {f.mention.rule})") for f in facts.targets]
        for start, kind, what in sorted(events):
            lines.append(f"    {kind:<10} @{start:<6} {what}")
        dropped = [d for d in trace if plan.start <= d.start < plan.end]
        if dropped:
            lines.append("  dropped:")
        explained: set[str] = set()
        width = max(len(d.rule) for d in dropped) if dropped else 0
        for d in dropped:          # a rule's reason is printed the first time it drops something
            what = d.what if d.what != reading.clean.text[d.start:d.end] else _drop_description(d.rule)
            why = what if what and what not in explained else ""
            explained.add(what)
            lines.append(f"    {d.rule:<{width}} {span(d.start, d.end)}" + (f"  ({why})" if why else ""))
    if reading.misses:
        lines.append("passages that gave no plan:")
        for miss in reading.misses:
            lines.append(f"  [{miss.start}-{miss.end}] {miss.header_rule}: {miss.reason}: "
                         f"{_quote(text, miss.start, miss.end)}")
    return "\n".join(lines)
