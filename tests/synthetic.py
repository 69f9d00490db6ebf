"""A generated graph shaped like a national build, for testing the view at scale."""
import random

from rdflib import RDF, RDFS, XSD, Graph, Literal
from rdflib.namespace import SKOS

from kg.rdf.vocab import HP, ID

THEMES = ["医改", "基层", "公共卫生", "中医药", "妇幼", "老龄", "数字健康", "人才", "医疗服务", "疾控", "药品", "综合", "监管"]


def synthetic_graph(nodes: int = 5000, seed: int = 7) -> Graph:
    """About ``nodes`` nodes: regions in three levels, one plan each, initiatives, targets and themes."""
    rng = random.Random(seed)
    g = Graph()
    n_regions = max(3, nodes // 15)
    n_targets = nodes // 5
    n_initiatives = nodes - 2 * n_regions - n_targets - len(THEMES)
    themes = [ID[f"theme/t{i}"] for i in range(len(THEMES))]
    for node, name in zip(themes, THEMES):
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.prefLabel, Literal(name, lang="zh")))
    inits = [ID[f"initiative/i{i:05d}"] for i in range(n_initiatives)]
    for i, node in enumerate(inits):
        g.add((node, RDF.type, HP.Initiative))
        g.add((node, RDFS.label, Literal(f"第{i}号健康行动", lang="zh")))
        for theme in rng.sample(themes, rng.choice([1, 1, 2])):
            g.add((node, HP.theme, theme))
    regions = []
    for r in range(n_regions):
        node = ID[f"region/{r:06d}"]
        level, cls = ("nation", HP.Nation) if r == 0 else (("province", HP.Province) if r <= 31 else ("prefecture", HP.Prefecture))
        g.add((node, RDF.type, HP.Region))
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(f"地区{r}", lang="zh")))
        g.add((node, HP.adminCode, Literal(f"{r:06d}")))
        if r:
            g.add((node, HP.partOf, regions[0] if r <= 31 else regions[rng.randint(1, min(31, r - 1))]))
        regions.append(node)
        plan = ID[f"plan/{r:06d}-2025"]
        g.add((plan, RDF.type, HP.Plan))
        g.add((plan, RDFS.label, Literal(f"地区{r}2025年卫生健康工作", lang="zh")))
        g.add((plan, HP.region, node))
        g.add((plan, HP.year, Literal(2025, datatype=XSD.integer)))
        for ini in sorted({inits[(r * 10 + k) % n_initiatives] for k in range(10)} | set(rng.sample(inits, 5))):
            g.add((plan, HP.includes, ini))
            g.add((node, HP.pursues, ini))
    for t in range(n_targets):
        node = ID[f"target/t{t:05d}"]
        plan = ID[f"plan/{t % n_regions:06d}-2025"]
        g.add((node, RDF.type, HP.Target))
        g.add((node, RDFS.label, Literal(f"指标{t} >= {t % 100}%", lang="zh")))
        g.add((node, HP.value, Literal(str(t % 100), datatype=XSD.decimal)))
        g.add((node, HP.unit, Literal("%")))
        g.add((plan, HP.hasTarget, node))
    return g
