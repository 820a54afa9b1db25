"""The verified citizen, held in the session's :class:`~kiosk.session.PersonalData` only.

Field names other journeys read (pickup, forms): ``name``, ``id_number``, ``citizen_ref``,
``citizen_token`` and, when the card gave them, ``sex``, ``nation``, ``birth_date``, ``address``,
``authority``, ``valid_from``, ``valid_to``, ``card_number``, ``phone``; ``photo_wlt`` is the ID
card's vendor-compressed photo (base64), kept undecoded. ``personal.source`` says how:
``idcard``, ``sscard`` or ``qr``. Everything goes when the session ends.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.identity.id_number import mask_id_number, mask_name
from kiosk.session import PersonalData


@dataclass(frozen=True)
class VerifiedCitizen:
    """What the platform answered for a login (``CitizenLogin``), plus what the card said."""

    source: str
    name: str = field(repr=False)
    id_number: str = field(repr=False)
    citizen_ref: str = field(repr=False)
    citizen_token: str = field(repr=False)
    card: Mapping[str, str] = field(default_factory=dict, repr=False)
    photo: bytes = field(default=b"", repr=False)
    phone: str = field(default="", repr=False)

    @classmethod
    def from_login(
        cls,
        source: str,
        login: Mapping[str, Any],
        card: Mapping[str, str] | None = None,
        photo: bytes = b"",
    ) -> VerifiedCitizen:
        citizen = login["citizen"]
        return cls(
            source=source,
            name=citizen["name"],
            id_number=citizen.get("id_number") or (card or {}).get("id_number", ""),
            citizen_ref=citizen["citizen_ref"],
            citizen_token=login["citizen_token"],
            card=dict(card or {}),
            photo=photo,
            phone=citizen.get("phone", ""),
        )

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


def hold(personal: PersonalData, citizen: VerifiedCitizen) -> None:
    """Put ``citizen`` into the session (registering every value with the log redactor)."""
    personal.wipe()
    values = {
        **citizen.card,
        "name": citizen.name,
        "id_number": citizen.id_number,
        "citizen_ref": citizen.citizen_ref,
        "citizen_token": citizen.citizen_token,
    }
    if citizen.phone:
        values["phone"] = citizen.phone
    if citizen.photo:
        values["photo_wlt"] = base64.b64encode(citizen.photo).decode("ascii")
    for key, value in values.items():
        if value:
            personal.set(key, value)
    personal.source = citizen.source
