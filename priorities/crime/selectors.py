"""Reads for crime statistics: monthly counts per partnership, ward and type.

Every page reads the monthly aggregates, never the raw rows, in a fixed number
of queries whatever the number of months or rows.
"""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import F, Lookup, Max, Q, Sum

from partnerships.models import Area, Lsoa, LsoaLookup, Partnership
from plans.models import Plan
from priorities.crime.coverage import coverage
from priorities.models import (
    Indicator,
    MetWardCrimeCount,
    MetWardImport,
    MonthlyCrimeCount,
)

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
    types_by_month: dict[datetime.date, set[str]] = defaultdict(set)
    for month, crime_type, count in counts:
        by_type_month[crime_type][month] = count
        types_by_month[month].add(crime_type)
    latest = max(types_by_month)
    window = _window(latest, MONTHS_SHOWN)
    months = [m for m in window if m in types_by_month]
    covered = coverage(
        types_by_month=types_by_month, months_shown=window, source=POLICE_UK_AREA_SOURCE
    )
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
    # A comparison only between two months both held: a month never loaded is
    # not a month with no crime.
    comparable = year_before in types_by_month
    for crime_type in types if comparable else ():
        now = by_type_month[crime_type].get(latest, 0)
        before = by_type_month[crime_type].get(year_before, 0)
        change = None if before is None else now - before
        percent = None if before is None else _percent(now, before)
        indicator = targets.get(crime_type)
        target = indicator.target_percent if indicator else None
        result, result_note = target_result(
            indicator, percent=percent, latest=latest, year_before=year_before
        )
        year_on_year.append(
            {
                "crime_type": crime_type,
                "offences": now,
                "before": before,
                "change": change,
                "percent": percent,
                "target": target,
                "result": result,
                "result_note": result_note,
                "indicator": indicator,
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
        "comparable": comparable,
        "coverage": covered,
        "wards": (wards := _wards(partnership=partnership, month=latest)),
        "unplaced": max(
            0,
            sum(t[latest] for t in by_type_month.values() if latest in t)
            - sum(w["count"] for w in wards),
        ),
        "attribution": ATTRIBUTION,
    }


def _targets(*, partnership: Partnership) -> dict[str, Indicator]:
    """Targets of the published crime-linked indicators, by crime type."""
    rows = Indicator.objects.filter(
        priority__plan__partnership=partnership,
        priority__plan__status=Plan.Status.PUBLISHED,
        priority__is_published=True,
        is_published=True,
        target_percent__isnull=False,
    ).exclude(crime_type="")
    # What target_result and target_provenance.html read, not the whole row.
    rows = rows.only(
        "crime_type", "target_percent", "direction", "baseline_month",
        "measured_month", "period", "baseline_period", "set_by", "set_on",
        "is_assumption", "provenance_note",
    )  # fmt: skip
    return {i.crime_type: i for i in rows}


def target_result(indicator, *, percent, latest, year_before) -> tuple[str, str]:
    """(result, note) of a year-on-year change against a target.

    The rule residents are shown: a target is judged only for the two months it
    names (its baseline month and its measured month); "achieved" when the
    change is at or beyond the target in its direction, "missed" otherwise. For
    any other pair of months, or without both months' figures, there is no
    result, and the note says which months the target is for.
    """
    if indicator is None:
        return "", ""
    if (indicator.baseline_month, indicator.measured_month) != (year_before, latest):
        if indicator.baseline_month and indicator.measured_month:
            return "", (
                f"Target for {indicator.measured_month:%B %Y} against "
                f"{indicator.baseline_month:%B %Y}"
            )
        return "", "Target without its months"
    if percent is None:
        return "", "Not measurable: no offences in the earlier month"
    if indicator.direction == Indicator.Direction.REDUCE:
        met = percent <= indicator.target_percent
    else:
        met = percent >= indicator.target_percent
    return ("achieved" if met else "missed"), ""


def _wards(*, partnership: Partnership, month: datetime.date) -> list[dict]:
    """Crimes per ward in ``month``, largest first, with the ward names."""
    # Current wards where the 2021 lookup is loaded, else the 2019 wards.
    names = dict(
        Lsoa.objects.filter(lad_code=partnership.area.code)
        .exclude(ward_code="")
        .values_list("ward_code", "ward_name")
        .distinct()
    ) or dict(
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


# --- Wards: counts and rates per 1,000 residents, beside the borough ---------------

WARD_MONTHS = 12
MET_SOURCE = (
    "Metropolitan Police Service: MPS Ward Level Crime (most recent 24 months), "
    "London Datastore, Open Government Licence v3.0"
)
MET_TAXONOMY = (
    "Crime types are the Met's own categories (major, and minor within them), "
    "not police.uk's."
)
POLICE_UK_AREA_SOURCE = (
    "data.police.uk street-level crime, as loaded by the partnership's officers "
    "and placed in the borough by the lookups of the Office for National Statistics"
)
POLICE_UK_SOURCE = (
    "data.police.uk street-level crime, placed in wards through the ONS lookups, "
    "Open Government Licence v3.0"
)
POPULATION_SOURCE = (
    "Usual residents at the 2021 Census (ONS table TS007B), summed over the "
    "ward's 2021 LSOAs (best fit, so edges are approximate)"
)


def rate_per_1000(count: int | None, population: int | None) -> Decimal | None:
    """Crimes per 1,000 residents, to one decimal place; None without people."""
    if count is None or not population:
        return None
    return (Decimal(count) * 1000 / population).quantize(Decimal("0.1"))


def _window(latest: datetime.date, months: int) -> list[datetime.date]:
    return [_month_back(latest, months=n) for n in range(months - 1, -1, -1)]


def _newest_met_month(codes) -> datetime.date | None:
    """The newest month the Met's series holds for any of ``codes``.

    One index probe per ward (the newest row of each, read backwards along
    the (ward_code, month, ...) unique index) instead of reading every row
    of every ward: a borough's 19 wards hold some 11,000 rows.
    """
    codes = list(codes)
    if not codes or connection.vendor != "postgresql":
        return MetWardCrimeCount.objects.filter(ward_code__in=codes).aggregate(
            m=Max("month")
        )["m"]
    table = MetWardCrimeCount._meta.db_table
    with connection.cursor() as cursor:
        # The table name comes from the model; the codes are a parameter.
        cursor.execute(
            f"SELECT MAX((SELECT month FROM {table} WHERE ward_code = code "  # noqa: S608
            "ORDER BY ward_code DESC, month DESC LIMIT 1)) "
            "FROM unnest(%s::text[]) AS code",
            [codes],
        )
        return cursor.fetchone()[0]


def _met_latest(codes) -> dict | None:
    found = _newest_met_month(codes)
    if found is None:
        return None
    # The pages name the newest import's months and day, nothing more.
    imported = (
        MetWardImport.objects.filter(status=MetWardImport.Status.DONE)
        .order_by("-created_at", "-id")
        .values("created_at", "last_month")
        .first()
    )
    return {"latest": found, "imported": imported}


class _AnyOf(Lookup):
    """``field = ANY(array)``: the field equals one element of the array."""

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def _in_current_wards(borough: Area) -> Lookup | Q:
    """A filter on ``ward_code``: one of the borough's current wards.

    On PostgreSQL ``ward_code = ANY(ARRAY(SELECT code ...))`` rather than
    ``ward_code IN (SELECT code ...)``: PostgreSQL reads the array first (an
    InitPlan) and probes the (ward_code, month, ...) index with it, where the
    semi-join of IN, once the tables have statistics, misjudges the borough's
    19 wards and reads the whole table in parallel (some 60 ms instead of 3).
    Elsewhere (the quickstart's SQLite has no arrays) the IN it replaces.
    """
    codes = (
        Area.objects.current()
        .filter(parent=borough, kind=Area.Kind.WARD)
        .exclude(code="")
        .order_by()
        .values("code")
    )
    if connection.vendor != "postgresql":
        return Q(ward_code__in=codes)
    return _AnyOf(F("ward_code"), ArraySubquery(codes))


def ward_crime(*, ward: Area, borough: Area) -> dict:
    """Crime in a ward over the latest 12 months, by type and by month, as counts
    and rates per 1,000 residents, each beside the borough's figure.

    London wards read the Met's ward-level series (its own categories); other
    wards read the police.uk monthly counts. Every result names its source.
    A fixed number of queries, whatever the number of months or types.
    """
    met = _met_latest([ward.code])
    if met is not None:
        return _ward_crime_met(ward, borough, met)
    return _ward_crime_police_uk(ward, borough)


def _figures(ward_count, borough_count, ward, borough) -> dict:
    return {
        "ward_count": ward_count,
        "ward_rate": rate_per_1000(ward_count, ward.population),
        "borough_count": borough_count,
        "borough_rate": rate_per_1000(borough_count, borough.population),
    }


def _assemble(ward, borough, months, ward_rows, borough_rows, **extra) -> dict:
    """Build the tables from (month, type, subtype, count) rows."""
    by_type: dict[str, Counter] = defaultdict(Counter)
    by_subtype: dict[str, dict[str, Counter]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    ward_months, borough_months = Counter(), Counter()
    borough_types, borough_subtypes = Counter(), Counter()
    types_by_month: dict[datetime.date, set[str]] = defaultdict(set)
    for month, kind, subtype, count in ward_rows:
        by_type[kind]["ward"] += count
        if subtype:
            by_subtype[kind][subtype]["ward"] += count
        ward_months[month] += count
    for month, kind, subtype, count in borough_rows:
        types_by_month[month].add(kind)
        borough_types[kind] += count
        if subtype:
            borough_subtypes[kind, subtype] += count
        borough_months[month] += count
    types = []
    for kind in sorted(set(by_type) | set(borough_types)):
        subtypes = [
            {"name": sub, **_figures(
                by_subtype[kind][sub]["ward"], borough_subtypes[kind, sub],
                ward, borough)}
            for sub in sorted({s for k, s in borough_subtypes if k == kind}
                              | set(by_subtype[kind]))
        ]  # fmt: skip
        types.append(
            {
                "name": kind,
                **_figures(by_type[kind]["ward"], borough_types[kind], ward, borough),
                "subtypes": subtypes,
            }
        )
    types.sort(key=lambda t: (-t["ward_count"], t["name"]))
    peak = max(ward_months.values(), default=0) or 1
    by_month = [
        {
            "month": month,
            **_figures(ward_months[month], borough_months[month], ward, borough),
            "share": round(100 * ward_months[month] / peak),
        }
        for month in months
    ]
    total = _figures(
        sum(ward_months.values()), sum(borough_months.values()), ward, borough
    )
    return {
        "has_data": True,
        "months": months,
        "first": months[0],
        "latest": months[-1],
        "by_type": types,
        "by_month": by_month,
        "total": total,
        "population_source": POPULATION_SOURCE,
        "coverage": coverage(
            types_by_month=types_by_month,
            months_shown=months,
            source=extra["source"],
            complete_series=extra["source_kind"] == "met",
        ),
        **extra,
    }


def _ward_crime_met(ward, borough, met) -> dict:
    """The ward's counts and its borough's (the sum of the borough's current
    wards, the ward among them) in one pass over the borough's rows."""
    months = _window(met["latest"], WARD_MONTHS)
    rows = list(
        MetWardCrimeCount.objects.filter(_in_current_wards(borough), month__in=months)
        .values_list("month", "major_category", "minor_category")
        .annotate(in_ward=Sum("count", filter=Q(ward_code=ward.code)), n=Sum("count"))
        .values_list("month", "major_category", "minor_category", "in_ward", "n")
    )
    ward_rows = [(m, a, b, w) for m, a, b, w, _ in rows if w is not None]
    borough_rows = [(m, a, b, n) for m, a, b, _, n in rows]
    return _assemble(
        ward,
        borough,
        months,
        ward_rows,
        borough_rows,
        source=MET_SOURCE,
        source_kind="met",
        taxonomy=MET_TAXONOMY,
        imported=met["imported"],
    )


def _ward_crime_police_uk(ward, borough) -> dict:
    latest = MonthlyCrimeCount.objects.filter(area_code=ward.code).aggregate(
        m=Max("month")
    )["m"]
    if latest is None:
        return {"has_data": False, "population_source": POPULATION_SOURCE}
    months = _window(latest, WARD_MONTHS)
    rows = MonthlyCrimeCount.objects.filter(
        month__in=months, area_code__in=[ward.code, borough.code]
    ).values_list("area_code", "month", "crime_type", "count")
    ward_rows, borough_rows = [], []
    for code, month, kind, count in rows:
        # A ward and its borough never share a code (E05 and E06-E09).
        found = ward_rows if code == ward.code else borough_rows
        found.append((month, kind, "", count))
    return _assemble(
        ward,
        borough,
        months,
        ward_rows,
        borough_rows,
        source=POLICE_UK_SOURCE,
        source_kind="police_uk",
        taxonomy="Crime types are police.uk's.",
        imported=None,
    )


def ward_rates_for_borough(*, borough: Area, wards: list[Area]) -> dict:
    """Crimes in each ward over the latest 12 months, and per 1,000 residents.

    {"has_data", "first", "latest", "source", "by_ward": {code: {count, rate}}}
    """
    codes = [w.code for w in wards if w.code]
    met = _met_latest(codes)
    if met is not None:
        months = _window(met["latest"], WARD_MONTHS)
        totals = dict(
            MetWardCrimeCount.objects.filter(ward_code__in=codes, month__in=months)
            .values("ward_code")
            .annotate(n=Sum("count"))
            .values_list("ward_code", "n")
        )
        source, imported = MET_SOURCE, met["imported"]
    else:
        latest = MonthlyCrimeCount.objects.filter(area_code__in=codes).aggregate(
            m=Max("month")
        )["m"]
        if latest is None:
            return {"has_data": False, "by_ward": {}}
        months = _window(latest, WARD_MONTHS)
        totals = dict(
            MonthlyCrimeCount.objects.filter(area_code__in=codes, month__in=months)
            .values("area_code")
            .annotate(n=Sum("count"))
            .values_list("area_code", "n")
        )
        source, imported = POLICE_UK_SOURCE, None
    by_ward = {
        w.code: {
            "count": totals.get(w.code, 0),
            "rate": rate_per_1000(totals.get(w.code, 0), w.population),
        }
        for w in wards
    }
    borough_count = sum(v["count"] for v in by_ward.values())
    return {
        "has_data": True,
        "first": months[0],
        "latest": months[-1],
        "source": source,
        "imported": imported,
        "by_ward": by_ward,
        "borough_count": borough_count,
        "borough_rate": rate_per_1000(borough_count, borough.population),
        "population_source": POPULATION_SOURCE,
    }


def crime_series_loaded(*, area: Area | None) -> dict:
    """What an indicator of a partnership in ``area`` can count: the police.uk
    crime types and the Met's categories loaded for the area, and the months
    each taxonomy has.

    {"police_uk": [type, ...], "met": [(major, [minor, ...]), ...],
    "police_uk_months": {date}, "met_months": {date}}. With no area, what is
    loaded anywhere (the admin's check). Four queries.
    """
    police = MonthlyCrimeCount.objects.all()
    met = MetWardCrimeCount.objects.all()
    if area is not None:
        police = police.filter(area_code=area.code)
        met = met.filter(_in_current_wards(area))
    types = sorted(set(police.values_list("crime_type", flat=True).distinct()))
    police_months = set(police.values_list("month", flat=True).distinct())
    minors: dict[str, list[str]] = defaultdict(list)
    for major, minor in (
        met.values_list("major_category", "minor_category")
        .distinct()
        .order_by("major_category", "minor_category")
    ):
        minors[major].append(minor)
    met_months = set(met.values_list("month", flat=True).distinct())
    return {
        "police_uk": types,
        "met": sorted(minors.items()),
        "police_uk_months": police_months,
        "met_months": met_months,
    }
