"""Reads for crime statistics: monthly counts per partnership, ward and type.

Every page reads the monthly aggregates, never the raw rows, in a fixed number
of queries whatever the number of months or rows.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from partnerships.models import LsoaLookup, Partnership
from plans.models import Plan
from priorities.models import Indicator, MonthlyCrimeCount

ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence "
    "v3.0 (data.police.uk; Office for National Statistics)."
)
# Thirteen months, so the same month a year earlier is in the table too.
MONTHS_SHOWN = 13


def _month_back(month: datetime.date, years: int = 0, months: int = 0) -> datetime.date:
    index = month.year * 12 + month.month - 1 - years * 12 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _percent(now: int, before: int) -> Decimal | None:
    if not before:
        return None
    return (Decimal(100 * (now - before)) / before).quantize(Decimal("0.1"))


def crime_statistics(*, partnership: Partnership) -> dict:
    """Everything the statistics page shows, for the partnership's own area."""
    area = partnership.area.code
    counts = list(
        MonthlyCrimeCount.objects.filter(area_code=area).values_list(
            "month", "crime_type", "count"
        )
    )
    if not counts:
        return {"has_data": False, "attribution": ATTRIBUTION}
    by_type_month: dict[str, dict[datetime.date, int]] = defaultdict(dict)
    for month, crime_type, count in counts:
        by_type_month[crime_type][month] = count
    latest = max(month for month, _, _ in counts)
    months = [_month_back(latest, months=n) for n in range(MONTHS_SHOWN - 1, -1, -1)]
    months = [m for m in months if any(m in v for v in by_type_month.values())]
    types = sorted(by_type_month)
    monthly_rows = [
        {"crime_type": t, "counts": [by_type_month[t].get(m, 0) for m in months]}
        for t in types
    ]
    totals = [sum(row["counts"][i] for row in monthly_rows) for i in range(len(months))]
    peak = max(totals) or 1
    year_before = _month_back(latest, years=1)
    targets = _targets(partnership=partnership)
    year_on_year = []
    for crime_type in types:
        now = by_type_month[crime_type].get(latest, 0)
        before = by_type_month[crime_type].get(year_before)
        change = None if before is None else now - before
        percent = None if before is None else _percent(now, before)
        target, direction = targets.get(crime_type, (None, Indicator.Direction.REDUCE))
        result = ""
        if target is not None and percent is not None:
            met = percent <= target if direction == "reduce" else percent >= target
            result = "achieved" if met else "missed"
        year_on_year.append(
            {
                "crime_type": crime_type,
                "offences": now,
                "before": before,
                "change": change,
                "percent": percent,
                "target": target,
                "result": result,
            }
        )
    return {
        "has_data": True,
        "latest": latest,
        "year_before": year_before,
        "months": months,
        "monthly_rows": monthly_rows,
        "monthly_totals": [
            {"month": m, "count": t, "share": round(100 * t / peak)}
            for m, t in zip(months, totals, strict=True)
        ],
        "year_on_year": year_on_year,
        "wards": (wards := _wards(partnership=partnership, month=latest)),
        "unplaced": max(
            0,
            sum(t[latest] for t in by_type_month.values() if latest in t)
            - sum(w["count"] for w in wards),
        ),
        "attribution": ATTRIBUTION,
    }


def _targets(*, partnership: Partnership) -> dict[str, tuple[Decimal, str]]:
    """Targets of the published crime-linked indicators, by crime type."""
    rows = Indicator.objects.filter(
        priority__plan__partnership=partnership,
        priority__plan__status=Plan.Status.PUBLISHED,
        priority__is_published=True,
        is_published=True,
        target_percent__isnull=False,
    ).exclude(crime_type="")
    return {i.crime_type: (i.target_percent, i.direction) for i in rows}


def _wards(*, partnership: Partnership, month: datetime.date) -> list[dict]:
    """Crimes per ward in ``month``, largest first, with the ward names."""
    names = dict(
        LsoaLookup.objects.filter(lad_code=partnership.area.code)
        .exclude(ward_code="")
        .values_list("ward_code", "ward_name")
        .distinct()
    )
    totals = dict(
        MonthlyCrimeCount.objects.filter(area_code__in=list(names), month=month)
        .values("area_code")
        .annotate(n=Sum("count"))
        .values_list("area_code", "n")
    )
    peak = max(totals.values(), default=0) or 1
    rows = [
        {"code": code, "name": name, "count": totals.get(code, 0)}
        for code, name in names.items()
    ]
    rows.sort(key=lambda r: (-r["count"], r["name"]))
    for row in rows:
        row["share"] = round(100 * row["count"] / peak)
    return rows
