"""The service guide (办事指南) of one item, with every element of C0109.2-2018 and more.

Field names follow the standard's elements (see REQUIREMENTS.md §2.1); money is in fen, time
limits in working or natural days. Models are frozen and reject unknown keys, so a catalogue
that the platform and the kiosk read differently fails loudly instead of losing a field.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Text = Annotated[str, Field(min_length=1, max_length=4000)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Phone = Annotated[str, Field(pattern=r"^[0-9][0-9-]{2,19}$")]
BaseCode = Annotated[str, Field(pattern=r"^[0-9A-Z]{8,40}$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ItemType(str, Enum):
    """事项类型 of the national basic catalogue."""

    LICENSING = "行政许可"
    BENEFIT = "行政给付"
    CONFIRMATION = "行政确认"
    LEVY = "行政征收"
    AWARD = "行政奖励"
    ADJUDICATION = "行政裁决"
    FILING = "行政备案"
    OTHER_POWER = "其他行政权力"
    PUBLIC_SERVICE = "公共服务"


class HandlingForm(str, Enum):
    """办理形式."""

    WINDOW = "窗口办理"
    ONLINE = "网上办理"
    MAIL = "邮寄办理"
    KIOSK = "自助终端办理"
    MOBILE = "移动端办理"


class Scope(str, Enum):
    """通办范围: where else the same item can be handled."""

    NATIONWIDE = "全国通办"
    CROSS_PROVINCE = "跨省通办"
    PROVINCE = "全省通办"
    CITY = "全市通办"
    LOCAL = "不通办"


class MaterialForm(str, Enum):
    ORIGINAL = "原件"
    COPY = "复印件"
    ORIGINAL_AND_COPY = "原件和复印件"
    ELECTRONIC = "电子证照"


class DayKind(str, Enum):
    WORKING = "工作日"
    NATURAL = "自然日"


class Department(_Frozen):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")]
    name_zh: ShortText
    name_en: ShortText


class LegalBasis(_Frozen):
    """设定依据: a law or regulation and the article that sets the item up."""

    title: ShortText
    clause: Text


class TimeLimit(_Frozen):
    """A completion limit; ``days == 0`` means handled on the spot (即办)."""

    days: Annotated[int, Field(ge=0, le=3650)]
    kind: DayKind = DayKind.WORKING
    note: str = ""


class Fee(_Frozen):
    """收费标准 and 收费依据; free items say so in ``standard`` and have ``amount_fen == 0``."""

    charged: bool
    amount_fen: Annotated[int, Field(ge=0, le=100_000_000)] = 0
    standard: Text
    basis: Text


class Material(_Frozen):
    """One application material (申请材料), as the applicant must bring it."""

    name: ShortText
    form: MaterialForm
    copies: Annotated[int, Field(ge=0, le=20)] = 1
    required: bool = True
    source: ShortText
    blank_form: str = ""
    sample_text: str = ""
    error_example: str = ""
    note: str = ""


class Step(_Frozen):
    name: ShortText
    description: Text


class Situation(_Frozen):
    """业务情形: a case of the item that changes the conditions or the materials."""

    name: ShortText
    conditions: str = ""
    extra_materials: tuple[ShortText, ...] = ()


class Faq(_Frozen):
    question: Text
    answer: Text


class GuideResult(_Frozen):
    """结果名称, 结果样本 and how the result reaches the applicant (结果送达)."""

    name: ShortText
    sample: Text
    delivery: Text


class Guide(_Frozen):
    """One item of the implementation list with its complete guide."""

    code: BaseCode
    name: ShortText
    """Item name in Chinese (事项名称); the platform contract calls it ``name``."""
    name_en: ShortText
    item_type: ItemType
    department: Department
    implementing_body: ShortText
    legal_basis: Annotated[tuple[LegalBasis, ...], Field(min_length=1)]
    statutory_limit: TimeLimit
    promised_limit: TimeLimit
    result: GuideResult
    fee: Fee
    conditions: Annotated[tuple[Text, ...], Field(min_length=1)]
    materials: Annotated[tuple[Material, ...], Field(min_length=1)]
    process: Annotated[tuple[Step, ...], Field(min_length=1)]
    handling_forms: Annotated[tuple[HandlingForm, ...], Field(min_length=1)]
    review_standard: Text
    scope: Scope
    booking: bool
    online_payment: bool
    logistics: bool
    location: Text
    hours: Text
    consultation_phone: Phone
    supervision_phone: Phone
    situations: tuple[Situation, ...] = ()
    faq: tuple[Faq, ...] = ()
    themes: tuple[ShortText, ...] = ()
    life_events: tuple[ShortText, ...] = ()
    online_depth: Annotated[int, Field(ge=1, le=4)]
    """网办深度 1–4: 1 information online … 4 fully online, no visit."""
    keywords: tuple[ShortText, ...] = ()
    """Everyday words applicants use for this item (社保卡丢了, 补办驾照 …)."""
    popularity: Annotated[int, Field(ge=0)] = 0
    """Items handled per month across the platform; ranks frequent items first."""
    online_url: Annotated[str, Field(pattern=r"^https://\S+$")]
