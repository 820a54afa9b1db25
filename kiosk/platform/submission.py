"""What a flow tells the citizen after a state-changing request: submitted, saved, or refused.

    outcome = submit(core.platform.outbox, "submitApplication", request)
    match outcome:
        case Submitted(answer=answer): ...      # print the notice with answer["receipt_no"]
        case SavedOffline(): ...                # print 待提交凭证 (``pending_submission``)
        case Refused(): ...                     # say why; staff see it parked

The request is on disk before this returns in every case. It then waits up to ``wait_s`` for
the worker's delivery, so an online kiosk can show the platform's answer at once; past that the
citizen is told, honestly, that it is saved and will be sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.platform.errors import Rejected
from offline_cache.outbox import EntryState, Outbox


@dataclass(frozen=True)
class Submitted:
    seq: int
    answer: dict[str, Any]
    message_key: str = "outbox.submitted"


@dataclass(frozen=True)
class SavedOffline:
    seq: int
    message_key: str = "outbox.saved_offline"


@dataclass(frozen=True)
class Refused:
    seq: int
    rejection: Rejected

    @property
    def message_key(self) -> str:
        return self.rejection.message_key


SubmissionOutcome = Submitted | SavedOffline | Refused


def submit(outbox: Outbox, operation: str, request: dict[str, Any],
           path_params: dict[str, str] | None = None, wait_s: float = 3.0) -> SubmissionOutcome:
    """Queue durably, wait briefly for delivery, and say which of the three happened."""
    entry = outbox.enqueue(operation, request, path_params)
    final = outbox.wait_until_final(entry.seq, wait_s) or entry
    if final.state == EntryState.DELIVERED:
        return Submitted(entry.seq, final.result or {})
    if final.state == EntryState.PARKED:
        status, _, error = (final.last_error or "400 rejected").partition(" ")
        return Refused(entry.seq, Rejected(int(status), error))
    return SavedOffline(entry.seq)
