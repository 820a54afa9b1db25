"""Large synthetic catalogues for benchmarks: the demo items as templates, repeated across
implementing bodies and business cases the way a province's implementation list is.

    .venv/bin/python scripts/catalogue/make_synthetic.py --items 100000 --out /tmp/big.json

Item names repeat per body (as in a real provincial list), codes are unique, popularity is
spread so ranking has work to do. Writes a signed catalogue file (demo platform key); the
benchmark imports ``synthetic_items`` directly instead.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from make_demo import signed_file

from kiosk.guides import BUNDLED_CATALOGUE

CASES = [
    "",
    "（个人）",
    "（企业）",
    "（首次申请）",
    "（变更）",
    "（延续）",
    "（补办）",
    "（本市户籍）",
    "（非本市户籍）",
    "（港澳台居民）",
    "（外国人）",
    "（委托代理）",
    "（容缺受理）",
    "（告知承诺）",
    "（跨省通办）",
    "（全程网办）",
]
COUNTIES = [
    "东城",
    "西城",
    "南湖",
    "北山",
    "青河",
    "柳林",
    "石桥",
    "云台",
    "松江",
    "梅岭",
    "桃源",
    "长宁",
    "安平",
    "永和",
    "兴隆",
    "丰泽",
    "清水",
    "白沙",
    "金田",
    "龙泉",
    "凤山",
    "平湖",
    "新港",
    "临川",
    "玉溪",
    "明月",
    "宁远",
    "华阳",
    "双桥",
    "望江",
]


def synthetic_items(count: int, seed: int = 20261125, distinct: bool = False) -> list[dict]:
    """``count`` complete guide items derived from the demo catalogue. ``distinct`` adds the
    implementing body to each item's keywords, so no two items share their search keys."""
    templates = json.loads(BUNDLED_CATALOGUE.read_text(encoding="utf-8"))["items"]
    rng = random.Random(seed)
    items = []
    for number in range(count):
        template = templates[number % len(templates)]
        round_ = number // len(templates)
        case = CASES[round_ % len(CASES)]
        county = COUNTIES[(round_ // len(CASES)) % len(COUNTIES)]
        code = f"9{number:013d}"
        item = dict(template)
        body = template["implementing_body"].replace("示范区", f"{county}区")
        item.update(
            {
                "code": code,
                "name": template["name"] + case,
                "implementing_body": body,
                "keywords": template["keywords"] + ([f"{body}{number}"] if distinct else []),
                "materials": template["materials"][:3],
                "faq": template["faq"][:1],
                "popularity": int(template["popularity"] * rng.uniform(0.05, 1.0)),
                "online_url": f"https://zwfw.example.gov.cn/guide/{code}",
            }
        )
        items.append(item)
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--distinct", action="store_true", help="no two items share search keys")
    args = parser.parse_args()
    items = synthetic_items(args.items, distinct=args.distinct)
    args.out.write_bytes(signed_file(items, 1, "2026-11-25T00:00:00Z"))
    print(f"wrote {args.out}: {args.items} items")


if __name__ == "__main__":
    main()
