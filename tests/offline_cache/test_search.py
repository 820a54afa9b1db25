"""Search quality: what applicants really type finds the right item in the first three."""

from __future__ import annotations

import pytest

from offline_cache.search_keys import phrase_keys
from tests.kiosk.guides.demo import installed_store

# (query, expected item name): colloquial Chinese, full pinyin, initials, typos, synonyms.
QUERIES = [
    # colloquial Chinese
    ("社保卡丢了", "社会保障卡挂失"),
    ("居住证怎么办", "居住证申领"),
    ("身份证丢了", "居民身份证补领"),
    ("身份证过期了怎么办", "居民身份证换领"),
    ("驾照到期", "机动车驾驶证期满换证"),
    ("驾照丢了", "机动车驾驶证遗失补证"),
    ("宝宝上户口", "出生登记"),
    ("我要结婚", "内地居民结婚登记"),
    ("想开公司", "有限责任公司设立登记"),
    ("开个小店", "个体工商户设立登记"),
    ("失业了怎么办", "失业保险金申领"),
    ("外地看病报销", "异地就医备案"),
    ("看病报销", "零星医疗费用报销"),
    ("租房提取公积金", "租房提取住房公积金"),
    ("辞职取公积金", "离职销户提取住房公积金"),
    ("二手房过户", "国有建设用地使用权及房屋所有权转移登记（二手房买卖）"),
    ("还完房贷解押", "不动产抵押权注销登记"),
    ("房产证丢了", "不动产权证书遗失补证"),
    ("孩子上小学", "义务教育阶段入学登记"),
    ("开无犯罪证明", "无犯罪记录证明开具"),
    ("去香港", "往来港澳通行证首次申领"),
    ("办护照需要什么材料", "普通护照首次申领"),
    ("个税退税", "个人所得税综合所得汇算清缴"),
    ("车辆年检", "机动车检验合格标志核发"),
    ("处理违章", "交通违法处理"),
    ("开饭店", "食品经营许可"),
    ("办退休", "基本养老保险待遇申领（退休）"),
    ("老人去世领钱", "死亡人员丧葬补助金和抚恤金申领"),
    ("欠工资", "劳动人事争议仲裁申请"),
    ("免费律师", "法律援助申请"),
    ("噪音扰民", "环境污染投诉受理"),
    ("装充电桩", "充电桩报装"),
    ("办健康证", "健康证明（从业人员健康体检）"),
    ("养狗登记", "犬只登记"),
    ("刻公章", "公章刻制备案"),
    # synonyms
    ("社会保障卡挂失", "社会保障卡挂失"),
    ("社保卡补办", "社会保障卡补领换领"),
    ("住房公积金缴存证明", "住房公积金缴存证明"),
    ("公积金贷款", "住房公积金个人住房贷款申请"),
    ("低保", "最低生活保障申请"),
    ("残疾证", "第二代残疾人证新办"),
    ("出生证丢了", "出生医学证明补发"),
    ("户口本丢了", "户口簿补领"),
    # full pinyin
    ("shebaoka", "社会保障卡申领"),
    ("juzhuzheng", "居住证申领"),
    ("huzhao", "普通护照首次申领"),
    ("jiehun", "内地居民结婚登记"),
    ("zufangtiqu", "租房提取住房公积金"),
    ("yidijiuyi", "异地就医备案"),
    ("chushengdengji", "出生登记"),
    ("gerensuodeshui", "个人所得税综合所得汇算清缴"),
    # initials
    ("sbk", "社会保障卡申领"),
    ("jzz", "居住证申领"),
    ("ydjy", "异地就医备案"),
    ("gjj", "购买自住住房提取住房公积金"),
    ("wfzjl", "无犯罪记录证明开具"),
    ("cjz", "第二代残疾人证新办"),
    ("hz", "普通护照首次申领"),
    ("yyzz", "有限责任公司设立登记"),
    ("jsz", "机动车驾驶证期满换证"),
    # one typo in pinyin
    ("shebaoak", "社会保障卡申领"),
    ("juzhuzhen", "居住证申领"),
    ("jzhuzheng", "居住证申领"),
    ("zufnagtiqu", "租房提取住房公积金"),
    ("yidijuiyi", "异地就医备案"),
    # English and base codes
    ("passport", "普通护照首次申领"),
    ("residence permit", "居住证申领"),
    ("11019900102003", "居民身份证补领"),
]


@pytest.fixture(scope="module")
def index():
    return installed_store().store.search_index()


def test_there_are_at_least_sixty_queries():
    assert len(QUERIES) >= 60


@pytest.mark.parametrize("query, expected", QUERIES)
def test_expected_item_is_in_the_top_three(index, query, expected):
    names = [hit.name_zh for hit in index.search(query, limit=3)]
    assert expected in names, f"{query!r} → {names}"


def test_polyphones_are_read_as_words():
    assert "yhkcxsl" in phrase_keys("银行卡重新申领")[0]
    assert "xzfy" in phrase_keys("行政复议")[0]
    assert "zzjt" in phrase_keys("长者津贴")[0]  # 长者 zhǎng
    assert "cqhlbx" in phrase_keys("长期护理保险")[0]  # 长期 cháng


def test_other_readings_of_a_polyphone_are_indexed_too():
    head = phrase_keys("银行卡重新申领")[0]
    assert "yhqcxsl" in head  # 卡 read as qiǎ


def test_typos_are_marked_and_exact_matches_are_not(index):
    assert index.search("shebaoak")[0].typo
    assert not index.search("shebaoka")[0].typo


def test_results_follow_each_keystroke(index):
    seen = [index.search("jzz"[:n], limit=3)[0].name_zh for n in (1, 2, 3)]
    assert seen[-1] == "居住证申领" and all(seen)


def test_frequent_items_rank_above_rare_ones_for_the_same_words(index):
    names = [h.name_zh for h in index.search("护照", limit=3)]
    assert names[0] == "普通护照首次申领"  # 6800 a month against 3100 and 900


def test_nothing_matches_nonsense(index):
    assert index.search("xqzvkq") == []
    assert index.search("   ") == []
