"""Information-system fault grades of DB43/T 2422.4 §6.3.1.2, applied to critical alerts.

An outage that lasts more than one hour is grade I, one resolved within the hour grade II, one
resolved within 20 minutes grade III. While it lasts, its grade rises with its duration, so the
operator sees the response it now calls for (§6.3.2: grade I goes to the leadership).
"""

from __future__ import annotations

from datetime import datetime, timedelta

GRADE_III_WITHIN = timedelta(minutes=20)
GRADE_II_WITHIN = timedelta(hours=1)


def fault_grade(severity: str, opened_at: datetime, until: datetime) -> str | None:
    """ "I", "II" or "III" for a critical alert open from ``opened_at`` to ``until``; else None."""
    if severity != "critical":
        return None
    duration = until - opened_at
    if duration <= GRADE_III_WITHIN:
        return "III"
    if duration <= GRADE_II_WITHIN:
        return "II"
    return "I"
