"""The conduct date of a case: which rules govern it (an overlay applies only from its 施行日期) and
which dated provisions were in force both depend on it."""

from __future__ import annotations

import datetime


def stated_date(case) -> datetime.date | None:
    """The conduct date: a structured case's 发生日期, or the single 发生日期(案件, 日期) of a fact file
    (a dossier of several cases has no single date)."""
    date = getattr(case, "date", None)
    if isinstance(date, datetime.date):
        return date
    dates = {f.values[1] for f in case.facts if f.predicate == "发生日期" and len(f.values) == 2}
    if len(dates) == 1:
        (only,) = dates
        return only if isinstance(only, datetime.date) else None
    return None
