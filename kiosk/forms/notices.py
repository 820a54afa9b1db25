"""What is printed after a submission: which document, filled from the platform's answer.

- the platform asks for more (``need_more``) → 补正材料通知书 listing every missing material;
- materials deferred under 容缺 → 容缺受理通知书 with the deferred list and the deadline;
- ``accepted`` → 受理通知书; ``received`` → 收件凭证;
- kept on the kiosk (platform unreachable) → 待提交凭证.

Each has a QR code of the progress-lookup address. Documents are Chinese, as issued.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.flows.citizen_services import local_time
from kiosk.forms.checklist import Checklist, ChecklistItem
from kiosk.guides.model import Guide
from kiosk.guides.text import time_limit

SUPPLEMENT_DEADLINE = "自本通知书出具之日起5个工作日内"
DEFERRED_DEADLINE = "自受理之日起5个工作日内，逾期未补齐的按退办件处理"


@dataclass(frozen=True)
class NoticeSettings:
    centre_name: str
    centre_phone: str
    terminal_id: str
    progress_url: str = "https://zwfw.example.gov.cn/p/{receipt_no}"
    """Where the printed QR code leads; ``{receipt_no}`` is filled in."""


def _line(item: ChecklistItem) -> str:
    return f"{item.name}（{item.form}{item.copies}份）"


def notice(answer: Mapping[str, Any], guide: Guide, checklist: Checklist, applicant: str,
           settings: NoticeSettings, now: datetime) -> tuple[str, dict[str, str | Sequence[str]]]:
    """Layout name and data of the document for the platform's ``answer`` (an Application)."""
    receipt_no, when = answer["receipt_no"], local_time(now)
    common: dict[str, str | Sequence[str]] = {
        "centre_name": settings.centre_name, "applicant": applicant, "item_name": guide.name,
        "materials_received": [_line(i) for i in checklist.received()] or ["无"],
        "progress_url": settings.progress_url.format(receipt_no=receipt_no),
        "centre_phone": settings.centre_phone,
    }
    handled_by = f"自助终端 {settings.terminal_id}"
    issued = f"{when:%Y年%m月%d日}"
    if answer["status"] == "need_more":
        return "supplement_notice", {
            **common, "notice_no": receipt_no, "materials_missing": answer["missing_materials"],
            "supplement_deadline": SUPPLEMENT_DEADLINE, "handled_by": handled_by,
            "issued_at": issued}
    if deferred := checklist.deferred():
        return "tolerance_acceptance", {
            **common, "notice_no": receipt_no, "materials_deferred": [_line(i) for i in deferred],
            "deferred_deadline": DEFERRED_DEADLINE, "handled_by": handled_by, "issued_at": issued}
    if answer["status"] == "accepted":
        return "acceptance_notice", {
            **common, "notice_no": receipt_no, "accepted_by": handled_by,
            "accepted_at": f"{when:%Y年%m月%d日 %H:%M}",
            "promised_date": time_limit(guide, "zh_CN")}
    return "materials_receipt", {
        **common, "receipt_no": receipt_no, "received_by": handled_by,
        "received_at": f"{when:%Y年%m月%d日 %H:%M}"}


def pending_slip(seq: int, guide: Guide, applicant: str, settings: NoticeSettings,
                 now: datetime) -> dict[str, str | Sequence[str]]:
    """The 待提交凭证: saved on this kiosk, sent when the platform can be reached."""
    return {"centre_name": settings.centre_name, "entry_no": f"{settings.terminal_id}-{seq:06d}",
            "applicant": applicant, "item_name": guide.name,
            "saved_at": f"{local_time(now):%Y年%m月%d日 %H:%M}",
            "terminal_id": settings.terminal_id, "centre_phone": settings.centre_phone}
