"""Build the signed demo catalogue ``kiosk/data/catalogue/demo.json`` from ``demo_source``.

Run from the repository root: ``.venv/bin/python scripts/catalogue/make_demo.py``. The output
is deterministic, so re-running it on unchanged sources gives the same file. It is signed with
the reference platform's demo key (``platform_sim/demo``), whose public half is pinned in
``kiosk/data/demo.toml``; real terminals pin their province's key instead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from demo_source import COMMON_FAQ, DEPARTMENT_FAQ, DEPARTMENTS, FEES, MATERIALS, TYPES
from demo_source_more import EXTRA_ITEMS, ITEM_LAWS, MORE_DEPARTMENTS

from kiosk.guides.model import Guide
from kiosk.platform.catalogue import item_entry, sign_manifest
from platform_sim.catalogue import DEMO_SIGNING_KEY, key_id, load_signing_key

OUTPUT = ROOT / "kiosk" / "data" / "catalogue" / "demo.json"
VERSION = 1
PUBLISHED_AT = "2026-11-25T00:00:00Z"
REGION = "110199"
CENTRE = "示范区政务服务中心（示范大街1号）"
HOURS = "周一至周五 9:00—12:00、13:30—17:00（法定节假日除外）；24小时自助服务区全天开放"
ONLINE = "https://zwfw.example.gov.cn"
PERSONAL = {"gongan", "churujing", "jiaoguan", "minzheng", "huzheng"}

LIFE_EVENTS = [
    (("出生", "新生儿", "生育", "宝宝"), "新生儿出生一件事"),
    (("结婚", "婚姻登记"), "结婚一件事"),
    (("退休", "养老金", "养老保险待遇"), "退休一件事"),
    (("死亡", "丧葬", "继承", "殡葬", "注销户口"), "身后一件事"),
    (("设立登记", "公章", "发票领用", "纳税人信息", "名称自主申报"), "开办企业一件事"),
    (("二手房", "契税", "转移登记", "过户"), "二手房买卖一件事"),
    (("入学", "入园", "转学"), "上学一件事"),
    (("失业", "就业", "创业"), "就业创业一件事"),
    (("残疾",), "残疾人服务一件事"),
    (("退役", "军人", "烈士", "光荣牌"), "退役军人服务一件事"),
    (("餐饮", "食品经营", "消防安全检查", "排入排水管网"), "开餐馆一件事"),
    (("用电", "天然气", "燃气", "用水"), "水电气热报装一件事"),
]

CONDITIONS = {
    "行政许可": "申请人具备法律法规规定的许可条件，申请材料齐全、符合法定形式",
    "行政给付": "申请人符合本事项规定的给付对象和条件，未重复享受同类待遇",
    "行政确认": "申请事项真实，申请人与所确认的事实或身份相符",
    "行政征收": "纳税人或缴费人依法负有纳税或缴费义务",
    "行政奖励": "申请人符合奖励政策规定的对象和条件",
    "行政裁决": "有明确的被申请人、具体的请求和事实理由，属于受理范围",
    "行政备案": "备案人已依法取得相应主体资格，备案信息真实完整",
    "其他行政权力": "属于本机关职权范围，事实清楚",
    "公共服务": "申请人为本事项的服务对象，信息真实有效",
}


def material(key: str, code: str) -> dict:
    name, form, copies, source, sample, error = MATERIALS[key]
    return {
        "name": name,
        "form": form,
        "copies": copies,
        "required": key != "proxy",
        "source": source,
        "sample_text": sample,
        "error_example": error,
        "blank_form": f"{ONLINE}/forms/{code}.pdf" if key == "form" else "",
        "note": "由代理人办理时提交" if key == "proxy" else "",
    }


def steps(promised: int, window: str, result: str, logistics: bool) -> list[dict]:
    delivery = "窗口领取或邮寄送达" if logistics else "窗口领取"
    if promised == 0:
        return [
            {"name": "申请", "description": f"到{window}或通过网上、自助终端提交申请"},
            {"name": "受理办结", "description": "材料齐全、符合要求的当场办结"},
            {"name": "领取结果", "description": f"当场领取{result}"},
        ]
    return [
        {"name": "申请", "description": f"到{window}或通过网上提交申请材料"},
        {
            "name": "受理",
            "description": "窗口当场审查材料，齐全的出具受理通知书，不齐全的一次性告知需补正的材料",
        },
        {"name": "审查决定", "description": f"在{promised}个工作日内完成审查并作出决定"},
        {"name": "送达", "description": f"{result}通过{delivery}"},
    ]


def situations(dept: str) -> list[dict]:
    if dept in PERSONAL:
        return [
            {"name": "本人到场办理", "conditions": "需本人到场采集照片、指纹或签名"},
            {
                "name": "未成年人办理",
                "conditions": "由监护人陪同办理",
                "extra_materials": ["监护人居民身份证", "监护关系证明"],
            },
        ]
    return [
        {"name": "本人办理"},
        {"name": "委托他人办理", "extra_materials": ["授权委托书", "代理人居民身份证"]},
    ]


def build_item(dept: dict, number: int, seq: int, line: str) -> dict:
    name, name_en, kind, statutory, promised, fee_key, result, mats, words, volume = line.split("|")
    item_type = TYPES[kind]
    code = f"{REGION}{number:03d}{list(TYPES).index(kind):02d}{seq:03d}"
    amount, standard, basis = FEES[fee_key]
    popularity = int(volume)
    depth = 4 if popularity > 6000 else 3 if popularity > 1500 else 2 if popularity > 300 else 1
    logistics = dept["id"] not in {"minzheng"} and int(promised) > 0
    forms = (
        ["窗口办理"]
        + (["网上办理"] if depth >= 3 else [])
        + (["自助终端办理"] if depth >= 3 else [])
    )
    keys = list(dict.fromkeys(dept["base"].split(",") + mats.split(",") + ["proxy"]))
    events = [event for needles, event in LIFE_EVENTS if any(n in name + words for n in needles)]
    law_title, clause = ITEM_LAWS.get(name, dept["law"])
    faq = [DEPARTMENT_FAQ[dept["id"]]] if dept["id"] in DEPARTMENT_FAQ else []
    return {
        "code": code,
        "name": name,
        "name_en": name_en,
        "item_type": item_type,
        "department": {"id": dept["id"], "name_zh": dept["zh"], "name_en": dept["en"]},
        "implementing_body": dept["body"],
        "legal_basis": [{"title": law_title, "clause": clause}],
        "statutory_limit": {"days": int(statutory), "kind": "工作日"},
        "promised_limit": {
            "days": int(promised),
            "kind": "工作日",
            "note": "材料齐全当场办结" if promised == "0" else "",
        },
        "result": {
            "name": result,
            "sample": f"{result}样本见网上办事指南“结果样本”栏",
            "delivery": "窗口领取或免费邮寄送达" if logistics else "窗口领取",
        },
        "fee": {"charged": amount > 0, "amount_fen": amount, "standard": standard, "basis": basis},
        "conditions": [CONDITIONS[item_type], "申请人对所提交材料的真实性负责"],
        "materials": [material(k, code) for k in keys],
        "process": steps(int(promised), dept["window"], result, logistics),
        "handling_forms": forms,
        "review_standard": f"依据{law_title}审查：{CONDITIONS[item_type]}；材料内容真实、完整、一致。",
        "scope": "跨省通办" if popularity > 5000 else "全市通办" if popularity > 1000 else "不通办",
        "booking": True,
        "online_payment": amount > 0,
        "logistics": logistics,
        "location": f"{CENTRE}{dept['window']}",
        "hours": HOURS,
        "consultation_phone": f"010-6789{dept['phone']}00",
        "supervision_phone": "12345",
        "situations": situations(dept["id"]),
        "faq": [{"question": q, "answer": a} for q, a in faq + COMMON_FAQ],
        "themes": [dept["themes"]],
        "life_events": events,
        "online_depth": depth,
        "keywords": words.split(),
        "popularity": popularity,
        "online_url": f"{ONLINE}/guide/{code}",
    }


def build_items() -> list[dict]:
    items = []
    for number, dept in enumerate(DEPARTMENTS + MORE_DEPARTMENTS, start=1):
        text = dept["items"] + EXTRA_ITEMS.get(dept["id"], "")
        lines = [line for line in text.splitlines() if line.strip()]
        for seq, line in enumerate(lines, start=1):
            item = build_item(dept, number, seq, line.strip())
            Guide.model_validate(item)
            items.append(item)
    return items


def signed_file(items: list[dict], version: int, published_at: str) -> bytes:
    """A ``CatalogueFull`` document signed with the reference platform's demo key."""
    key = load_signing_key(DEMO_SIGNING_KEY)
    manifest = sign_manifest(
        {
            "version": version,
            "published_at": published_at,
            "key_id": key_id(key),
            "items": [item_entry(i) for i in items],
        },
        key,
    )
    return json.dumps({"manifest": manifest, "items": items}, ensure_ascii=False, indent=1).encode()


def main() -> None:
    items = build_items()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(signed_file(items, VERSION, PUBLISHED_AT))
    departments = len({i["department"]["id"] for i in items})
    print(f"wrote {OUTPUT}: {len(items)} items from {departments} departments")


if __name__ == "__main__":
    main()
