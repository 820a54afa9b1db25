"""The materials checklist of one application, built from the guide and the form.

Each material is marked by the citizen: captured with the document camera, or deferred under
容缺受理 where the form allows it. The e-form itself stands in for the paper 申请表, and a
verified identity for the ID card (data sharing: no duplicate paper, REQUIREMENTS §2.6).
Captured images stay in memory until they are queued for upload.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import Enum

from kiosk.forms.model import FormSpec
from kiosk.guides.model import Guide


class MaterialStatus(str, Enum):
    MISSING = "missing"
    CAPTURED = "captured"  # photographed with the document camera
    DEFERRED = "deferred"  # 容缺: handed in later, under a signed commitment
    FILLED = "filled"  # this e-form is the material
    SHARED = "shared"  # obtained by data sharing with the verified identity


@dataclass
class Capture:
    material_id: str
    data: bytes = field(repr=False)
    media_type: str


@dataclass
class ChecklistItem:
    name: str
    form: str  # 原件 / 复印件 …
    copies: int
    required: bool
    sample_text: str = ""
    error_example: str = ""
    deferrable: bool = False
    status: MaterialStatus = MaterialStatus.MISSING
    captures: list[Capture] = field(default_factory=list)

    @property
    def settled(self) -> bool:
        return self.status is not MaterialStatus.MISSING


class Checklist:
    def __init__(self, items: list[ChecklistItem]) -> None:
        self.items = items

    @classmethod
    def build(cls, guide: Guide, spec: FormSpec, situation: str,
              identity_verified: bool) -> Checklist:
        items = [ChecklistItem(m.name, m.form.value, m.copies, m.required, m.sample_text,
                               m.error_example, m.name in spec.deferrable)
                 for m in guide.materials]
        for s in guide.situations:
            if s.name == situation:
                items += [ChecklistItem(name, "原件", 1, True) for name in s.extra_materials]
        for item in items:
            if item.name == spec.filled_material:
                item.status = MaterialStatus.FILLED
            elif identity_verified and item.name in spec.shared_materials:
                item.status = MaterialStatus.SHARED
        return cls(items)

    def item(self, name: str) -> ChecklistItem:
        return next(i for i in self.items if i.name == name)

    def capture(self, name: str, data: bytes, media_type: str) -> Capture:
        item = self.item(name)
        shot = Capture(uuid.uuid4().hex, data, media_type)
        item.captures.append(shot)
        item.status = MaterialStatus.CAPTURED
        return shot

    def defer(self, name: str) -> None:
        item = self.item(name)
        if not item.deferrable:
            raise ValueError(f"{name} cannot be deferred for this item")
        item.status, item.captures = MaterialStatus.DEFERRED, []

    def undo(self, name: str) -> None:
        """Back to missing (drops its photos)."""
        item = self.item(name)
        if item.status in (MaterialStatus.CAPTURED, MaterialStatus.DEFERRED):
            item.status, item.captures = MaterialStatus.MISSING, []

    def missing(self) -> list[ChecklistItem]:
        return [i for i in self.items if i.required and not i.settled]

    def deferred(self) -> list[ChecklistItem]:
        return [i for i in self.items if i.status is MaterialStatus.DEFERRED]

    def received(self) -> list[ChecklistItem]:
        return [i for i in self.items if i.status in (
            MaterialStatus.CAPTURED, MaterialStatus.FILLED, MaterialStatus.SHARED)]

    def captures(self) -> list[Capture]:
        return [c for i in self.items for c in i.captures]
