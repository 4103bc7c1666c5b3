"""Loading current geography: wards and LSOAs, their changes, people, outlines.

Each loader reads one published file, checks all of it before writing, and
writes in one transaction, changing only rows that differ: loading the same
file again changes nothing, and a wrong, empty, header-only or truncated file
is refused with a clear message (``GeographyFileError``) and loads nothing.

- ``ward_lookup_load``: ONS best-fit lookup, 2021 LSOA -> ward -> borough
  (``LSOA21CD, LSOA21NM, WDyyCD, WDyyNM, LADyyCD, LADyyNM``). Creates the
  boroughs and wards as areas; wards of those boroughs that are not in the
  lookup any more are ended (kept, with ``valid_to``), never deleted.
- ``lsoa_changes_load``: ONS 2011 LSOA -> 2021 LSOA (``CHGIND`` U, S, M, X).
- ``population_load``: Census 2021 TS007B per 2021 LSOA, as Nomis downloads it.
- ``boundaries_load``: ONS ward or LSOA boundaries (GeoJSON, WGS84).

Ward and borough populations are the sums of their LSOAs (best fit), worked out
again after each load; former wards are linked to the current wards they
overlap (by population, through the LSOA tables).
"""

import csv
import datetime
import io
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from partnerships.geometry import GeometryError, shape_from_geojson
from partnerships.models import (
    Area,
    Boundary,
    Lsoa,
    LsoaChange,
    LsoaLookup,
    Partnership,
)
from portal.core.search import search_partnership_changed

LSOA_CODE = re.compile(r"^[EW]01[0-9]{6}$")
WARD_CODE = re.compile(r"^[EW]05[0-9]{6}$")
LAD_CODE = re.compile(r"^[EW]0[6-9][0-9]{6}$")
# A former ward covers a current ward when this share of either's people is
# in the other (2011 LSOAs of the old ward, reaching 2021 LSOAs of the new).
COVER_SHARE = 0.25


class GeographyFileError(ValueError):
    """The file cannot be loaded; nothing from it has been written."""


# --- Reading files ---------------------------------------------------------------


def _text(raw: bytes, what: str) -> str:
    if not raw.strip():
        raise GeographyFileError("The file is empty.")
    if b"\x00" in raw[:8192]:
        raise GeographyFileError(f"This is not {what}: it looks like a binary file.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GeographyFileError(
            f"This is not {what} in UTF-8, as the ONS publishes it."
        ) from error


def _rows(text: str, *, what: str, skip_to: str | None = None):
    """(header, rows with their line numbers) of a CSV text, every row checked.

    A row with fewer cells than the header, or a quoted field left open, means
    the file was cut short or damaged: refused. Blank lines are ignored.
    """
    lines = io.StringIO(text, newline="")
    line_number = 0
    if skip_to is not None:
        # Nomis puts a title block of a few lines before the header.
        for line in lines:
            line_number += 1
            if line.lstrip('"').startswith(skip_to):
                lines = io.StringIO(line + lines.read(), newline="")
                line_number -= 1
                break
        else:
            raise GeographyFileError(
                f"This is not {what}: no header line starting with {skip_to!r}."
            )
    reader = csv.reader(lines, strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
        rows = []
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((line_number + reader.line_num, row))
    except StopIteration as error:
        raise GeographyFileError("The file is empty.") from error
    except csv.Error as error:
        raise GeographyFileError(
            f"The file is damaged or cut short and cannot be read ({error})."
        ) from error
    for number, row in rows:
        if len(row) < len(header):
            raise GeographyFileError(
                f"Line {number} has {len(row)} columns where the header has "
                f"{len(header)}: the file looks cut short or damaged."
            )
    if not rows:
        raise GeographyFileError("The file has a header but no rows.")
    return header, rows


def _column(header: list[str], pattern: str, what: str) -> int:
    for index, name in enumerate(header):
        if re.fullmatch(pattern, name):
            return index
    raise GeographyFileError(
        f"This is not {what}: it has no {pattern.replace('[0-9]{2}', 'yy')} column."
    )


def _check(value: str, pattern: re.Pattern, number: int, label: str) -> str:
    value = value.strip()
    if not pattern.match(value):
        raise GeographyFileError(
            f"Line {number}: {value[:20]!r} is not a {label}. Nothing was loaded."
        )
    return value


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise GeographyFileError(f"The file cannot be read ({error}).") from error


# --- Writing rows, only where they differ ------------------------------------


def _sync(model, rows: dict, fields: list[str]) -> tuple[int, int]:
    """Create or update ``rows`` (primary key -> field values); return counts."""
    existing = model.objects.in_bulk(list(rows))
    to_create, to_update = [], []
    for pk, values in rows.items():
        row = existing.get(pk)
        if row is None:
            to_create.append(model(pk=pk, **values))
        elif any(getattr(row, name) != values[name] for name in values):
            for name, value in values.items():
                setattr(row, name, value)
            to_update.append(row)
    model.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=2000)
    return len(to_create), len(to_update)


def _free_slug(name: str, taken: set[str]) -> str:
    base = slugify(name.replace("&", " and "))[:180] or "area"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


# --- The LSOA 2021 -> ward -> borough lookup ----------------------------------


def _lookup_year(header: list[str]) -> int:
    for name in header:
        match = re.fullmatch(r"WD([0-9]{2})CD", name)
        if match:
            return 2000 + int(match.group(1))
    return 0


@transaction.atomic
def ward_lookup_load(
    *,
    path: Path,
    in_force_from: datetime.date | None = None,
    boroughs: set[str] | None = None,
) -> dict[str, int]:
    """Load the 2021 LSOA -> ward -> borough lookup; return what changed.

    Boroughs and wards become areas (with slugs for their pages). A ward of a
    borough in the file that the file no longer lists is ended the day before
    ``in_force_from`` (when the new wards came in; without it, the day before
    1 May of the lookup's year, the latest it can have ended). New wards start
    on ``in_force_from`` where it is given. With ``boroughs`` (ONS codes) only
    their rows are loaded; the whole file is still checked.
    """
    what = "the ONS LSOA (2021) to ward lookup"
    header, rows = _rows(_text(_read(path), what), what=what)
    columns = {
        "lsoa": _column(header, "LSOA21CD", what),
        "lsoa_name": _column(header, "LSOA21NM", what),
        "ward": _column(header, "WD[0-9]{2}CD", what),
        "ward_name": _column(header, "WD[0-9]{2}NM", what),
        "lad": _column(header, "LAD[0-9]{2}CD", what),
        "lad_name": _column(header, "LAD[0-9]{2}NM", what),
    }
    only = boroughs
    lsoas, wards, boroughs = {}, {}, {}
    for number, row in rows:

        def cell(name, row=row):
            return row[columns[name]].strip()

        code = _check(cell("lsoa"), LSOA_CODE, number, "2021 LSOA code")
        ward = _check(cell("ward"), WARD_CODE, number, "ward code")
        lad = _check(cell("lad"), LAD_CODE, number, "local authority code")
        if not cell("ward_name") or not cell("lad_name"):
            raise GeographyFileError(f"Line {number} has no ward or borough name.")
        if only is not None and lad not in only:
            continue
        lsoas[code] = {
            "name": cell("lsoa_name")[:100],
            "ward_code": ward,
            "ward_name": cell("ward_name")[:100],
            "lad_code": lad,
            "lad_name": cell("lad_name")[:100],
        }
        wards[ward] = (cell("ward_name")[:200], lad)
        boroughs[lad] = cell("lad_name")[:200]

    report = Counter()
    # Keep populations already loaded (the census loader may have run first).
    known = Lsoa.objects.in_bulk(list(lsoas))
    for code, values in lsoas.items():
        values["population"] = known[code].population if code in known else None
    report["lsoas_created"], report["lsoas_updated"] = _sync(
        Lsoa, lsoas, ["name", "ward_code", "ward_name", "lad_code", "lad_name"]
    )

    borough_areas = _boroughs_sync(boroughs, report)
    year = _lookup_year(header)
    ends = (in_force_from or datetime.date(year, 5, 1)) - datetime.timedelta(days=1)
    _wards_sync(wards, borough_areas, in_force_from, ends, report)
    former_wards_link()
    area_populations_refresh()
    wards_changed = (
        "wards_created",
        "wards_updated",
        "wards_ended",
        "boroughs_updated",
    )
    if any(report[key] for key in wards_changed):
        # Hosted partnerships' ward entries in the search index follow.
        for partnership_id in (
            Partnership.objects.public()
            .filter(area__in=list(borough_areas.values()))
            .values_list("pk", flat=True)
        ):
            search_partnership_changed(partnership_id=partnership_id)
    return dict(report)


def _boroughs_sync(boroughs: dict[str, str], report: Counter) -> dict[str, Area]:
    areas = {a.code: a for a in Area.objects.filter(code__in=list(boroughs))}
    taken = set(
        Area.objects.filter(parent__isnull=True)
        .exclude(slug="")
        .values_list("slug", flat=True)
    )
    names = set(Area.objects.filter(parent__isnull=True).values_list("name", flat=True))
    new = []
    for code, name in sorted(boroughs.items()):
        area = areas.get(code)
        if area is None:
            if name in names:
                raise GeographyFileError(
                    f"An area called {name!r} already exists with another code; "
                    f"give it the code {code} in the admin first."
                )
            area = Area(
                code=code,
                name=name,
                kind=Area.Kind.LOCAL_AUTHORITY,
                slug=_free_slug(name, taken),
            )
            new.append(area)
            areas[code] = area
        elif not area.slug:
            area.slug = _free_slug(area.name, taken)
            area.save(update_fields=["slug"])
            report["boroughs_updated"] += 1
    # Codes and slugs are checked above; the database checks the rest.
    Area.objects.bulk_create(new)
    report["boroughs_created"] += len(new)
    return areas


def _wards_sync(wards, boroughs, in_force_from, ends, report) -> None:
    existing = {
        a.code: a
        for a in Area.objects.filter(
            kind=Area.Kind.WARD, parent__code__in=list(boroughs)
        )
    }
    existing.update({a.code: a for a in Area.objects.filter(code__in=list(wards))})
    # End the wards that are gone first: their names and slugs are then free
    # for the new wards (a new "Norbiton" replaces the old one).
    for area in existing.values():
        if area.code not in wards and area.valid_to is None and area.parent_id:
            area.valid_to = ends
            if area.valid_from and area.valid_from > ends:
                area.valid_from = None
            area.save(update_fields=["valid_to", "valid_from"])
            report["wards_ended"] += 1
    taken = defaultdict(set)
    for parent_id, slug in (
        Area.objects.current()
        .filter(parent_id__in=[b.pk for b in boroughs.values()])
        .exclude(slug="")
        .exclude(code__in=list(wards))
        .values_list("parent_id", "slug")
    ):
        taken[parent_id].add(slug)
    new = []
    for code, (name, lad) in sorted(wards.items(), key=lambda item: item[1]):
        borough = boroughs[lad]
        area = existing.get(code)
        if area is None:
            new.append(
                Area(
                    code=code,
                    name=name,
                    kind=Area.Kind.WARD,
                    parent=borough,
                    slug=_free_slug(name, taken[borough.pk]),
                    valid_from=in_force_from,
                )
            )
            continue
        wanted = {"name": name, "parent_id": borough.pk, "valid_to": None}
        if not area.slug or area.valid_to is not None or area.parent_id != borough.pk:
            wanted["slug"] = _free_slug(name, taken[borough.pk])
        else:
            taken[borough.pk].add(area.slug)
        changed = [k for k, v in wanted.items() if getattr(area, k) != v]
        if changed:
            for k in changed:
                setattr(area, k, wanted[k])
            area.save(update_fields=[k.removesuffix("_id") for k in changed])
            report["wards_updated"] += 1
    try:
        with transaction.atomic():
            Area.objects.bulk_create(new)
    except IntegrityError as error:
        raise GeographyFileError(
            "Two current wards of one borough would have the same name. Nothing "
            "was loaded."
        ) from error
    report["wards_created"] += len(new)


# --- The LSOA 2011 -> 2021 changes -------------------------------------------


@transaction.atomic
def lsoa_changes_load(
    *, path: Path, boroughs: set[str] | None = None
) -> dict[str, int]:
    """Load the 2011 -> 2021 LSOA lookup; return what changed.

    Pairs are added and their change marker kept up to date; for each 2011 LSOA
    in the file, pairs the file no longer gives are removed. With ``boroughs``
    only their rows are loaded.
    """
    what = "the ONS LSOA (2011) to LSOA (2021) lookup"
    header, rows = _rows(_text(_read(path), what), what=what)
    old = _column(header, "LSOA11CD", what)
    new = _column(header, "LSOA21CD", what)
    marker = _column(header, "CHGIND", what)
    lad = _column(header, "LAD[0-9]{2}CD", what) if boroughs is not None else None
    pairs = {}
    for number, row in rows:
        code11 = _check(row[old], LSOA_CODE, number, "2011 LSOA code")
        code21 = _check(row[new], LSOA_CODE, number, "2021 LSOA code")
        change = row[marker].strip().upper()
        if change not in LsoaChange.Change.values:
            raise GeographyFileError(
                f"Line {number}: {change[:5]!r} is not a change marker (U, S, M or X)."
            )
        if lad is not None and row[lad].strip() not in boroughs:
            continue
        pairs[code11, code21] = change
    existing = {
        (c.lsoa11_code, c.lsoa21_code): c
        for c in LsoaChange.objects.filter(lsoa11_code__in={p[0] for p in pairs})
    }
    report = Counter()
    gone = [c.pk for key, c in existing.items() if key not in pairs]
    if gone:
        report["removed"] = LsoaChange.objects.filter(pk__in=gone).delete()[0]
    to_create, to_update = [], []
    for (code11, code21), change in pairs.items():
        row = existing.get((code11, code21))
        if row is None:
            to_create.append(
                LsoaChange(lsoa11_code=code11, lsoa21_code=code21, change=change)
            )
        elif row.change != change:
            row.change = change
            to_update.append(row)
    LsoaChange.objects.bulk_create(to_create, batch_size=2000)
    LsoaChange.objects.bulk_update(to_update, ["change"], batch_size=2000)
    report["created"], report["updated"] = len(to_create), len(to_update)
    former_wards_link()
    return dict(report)


# --- Census 2021 population --------------------------------------------------


@transaction.atomic
def population_load(*, path: Path, boroughs: set[str] | None = None) -> dict[str, int]:
    """Load usual residents per 2021 LSOA (Census 2021 TS007B, from Nomis).

    With ``boroughs``, only the LSOAs the ward lookup places in them.
    """
    what = "the Census 2021 table TS007B by LSOA, as Nomis downloads it"
    header, rows = _rows(_text(_read(path), what), what=what, skip_to="Area")
    code_column = _column(header, "mnemonic", what)
    total_column = _column(header, "Total", what)
    area_column = _column(header, "Area", what)
    wanted = (
        set(Lsoa.objects.filter(lad_code__in=boroughs).values_list("code", flat=True))
        if boroughs is not None
        else None
    )
    people = {}
    for number, row in rows:
        code = _check(row[code_column], LSOA_CODE, number, "2021 LSOA code")
        total = row[total_column].strip()
        if not total.isdigit():
            raise GeographyFileError(
                f"Line {number}: the total {total[:12]!r} is not a whole number."
            )
        if wanted is not None and code not in wanted:
            continue
        name = row[area_column].strip().removeprefix("lsoa2021:")
        people[code] = (int(total), name[:100])
    if not people:
        raise GeographyFileError("The file has no LSOA rows.")
    existing = Lsoa.objects.in_bulk(list(people))
    to_create, to_update = [], []
    for code, (total, name) in people.items():
        row = existing.get(code)
        if row is None:
            to_create.append(Lsoa(code=code, name=name, population=total))
        elif row.population != total:
            row.population = total
            to_update.append(row)
    Lsoa.objects.bulk_create(to_create, batch_size=2000)
    Lsoa.objects.bulk_update(to_update, ["population"], batch_size=2000)
    report = {"created": len(to_create), "updated": len(to_update)}
    report["areas_updated"] = area_populations_refresh()
    former_wards_link()
    return report


def area_populations_refresh() -> int:
    """Each ward's and borough's population: the sum of its 2021 LSOAs."""
    by_ward, by_lad = Counter(), Counter()
    complete_wards, complete_lads = set(), set()
    missing_wards, missing_lads = set(), set()
    for ward, lad, people in Lsoa.objects.values_list(
        "ward_code", "lad_code", "population"
    ):
        for code, sums, complete, missing in (
            (ward, by_ward, complete_wards, missing_wards),
            (lad, by_lad, complete_lads, missing_lads),
        ):
            if not code:
                continue
            if people is None:
                missing.add(code)
            else:
                sums[code] += people
                complete.add(code)
    totals = {c: by_ward[c] for c in complete_wards - missing_wards}
    totals.update({c: by_lad[c] for c in complete_lads - missing_lads})
    changed = []
    for area in Area.objects.filter(code__in=list(totals)):
        if area.population != totals[area.code]:
            area.population = totals[area.code]
            changed.append(area)
    Area.objects.bulk_update(changed, ["population"])
    return len(changed)


# --- Former wards and the current wards they cover ----------------------------


def former_wards_link() -> int:
    """Link each ended ward to the current wards it overlaps; return how many
    ended wards changed.

    The overlap is counted in people: the 2011 LSOAs of the old ward (from the
    2011 lookup) reach 2021 LSOAs (LSOA changes) whose current ward and
    population are known. A current ward is covered when at least
    ``COVER_SHARE`` of the old ward's people, or of its own, are in both.
    Needs all three tables; until then it links nothing.
    """
    ended = {
        a.code: a
        for a in Area.objects.filter(kind=Area.Kind.WARD, valid_to__isnull=False)
        .exclude(code="")
        .prefetch_related("covers")
    }
    if not ended:
        return 0
    old_lsoas = defaultdict(set)
    for code, ward in LsoaLookup.objects.filter(
        ward_code__in=list(ended), census_year=2011
    ).values_list("code", "ward_code"):
        old_lsoas[ward].add(code)
    successors = defaultdict(set)
    for code11, code21 in LsoaChange.objects.filter(
        lsoa11_code__in={c for codes in old_lsoas.values() for c in codes}
    ).values_list("lsoa11_code", "lsoa21_code"):
        successors[code11].add(code21)
    lsoas = {
        code: (ward, people or 0)
        for code, ward, people in Lsoa.objects.values_list(
            "code", "ward_code", "population"
        )
    }
    ward_people = Counter()
    for ward, people in lsoas.values():
        ward_people[ward] += people
    current = {a.code: a for a in Area.objects.current().filter(kind=Area.Kind.WARD)}
    changed = 0
    for code, area in ended.items():
        overlap = Counter()
        for code21 in {s for c in old_lsoas.get(code, ()) for s in successors[c]}:
            ward, people = lsoas.get(code21, ("", 0))
            overlap[ward] += people
        total = sum(overlap.values())
        if not total:
            continue
        wanted = {
            current[ward].pk
            for ward, people in overlap.items()
            if ward in current
            and (
                people >= COVER_SHARE * total
                or people >= COVER_SHARE * (ward_people[ward] or 1)
            )
        }
        if {a.pk for a in area.covers.all()} != wanted:
            area.covers.set(wanted)
            changed += 1
    return changed


# --- Boundaries ----------------------------------------------------------------


def _boundary_columns(properties: dict) -> tuple[str, str, str]:
    """(kind, code property, name property) from a feature's property names."""
    for name in properties:
        match = re.fullmatch(r"WD([0-9]{2})CD", name)
        if match:
            return Boundary.Kind.WARD, name, f"WD{match.group(1)}NM"
    if "LSOA21CD" in properties:
        return Boundary.Kind.LSOA, "LSOA21CD", "LSOA21NM"
    raise GeographyFileError(
        "This is not an ONS ward or LSOA boundary file: its features need a WDyyCD "
        "or LSOA21CD property."
    )


def _lad_of(properties: dict) -> str:
    for name, value in properties.items():
        if re.fullmatch(r"LAD[0-9]{2}CD", name) and value:
            return str(value)
    return str(properties.get("LADCD_ACTIVE") or "")


@transaction.atomic
def boundaries_load(*, path: Path) -> dict[str, int]:
    """Load ward or LSOA outlines from ONS GeoJSON; return what changed.

    Each outline is projected and simplified now (``partnerships.geometry``),
    so pages only print stored paths.
    """
    text = _text(_read(path), "a GeoJSON file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise GeographyFileError(
            f"This is not complete GeoJSON: it may be cut short ({error.msg} at "
            f"line {error.lineno})."
        ) from error
    features = data.get("features") if isinstance(data, dict) else None
    if data.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise GeographyFileError("This is not a GeoJSON FeatureCollection.")
    if not features:
        raise GeographyFileError("The file has no boundaries in it.")
    crs = str(((data.get("crs") or {}).get("properties") or {}).get("name", ""))
    if crs and not crs.endswith(("CRS84", "4326")):
        raise GeographyFileError(
            f"The boundaries are in {crs}; load the longitude and latitude (WGS84) "
            "version of the file."
        )
    kind, code_property, name_property = _boundary_columns(
        features[0].get("properties") or {}
    )
    pattern = WARD_CODE if kind == Boundary.Kind.WARD else LSOA_CODE
    rows = {}
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") or {}
        code = str(properties.get(code_property) or "").strip()
        if not pattern.match(code):
            raise GeographyFileError(
                f"Boundary {number} has no {code_property} code. Nothing was loaded."
            )
        try:
            shape = shape_from_geojson(feature.get("geometry"))
        except GeometryError as error:
            raise GeographyFileError(
                f"Boundary {number} ({code}) cannot be drawn: {error}."
            ) from error
        rows[code] = {
            "kind": kind,
            "name": str(properties.get(name_property) or code)[:200],
            "lad_code": _lad_of(properties)[:9],
            "path": shape.path,
            "min_x": shape.min_x,
            "min_y": shape.min_y,
            "max_x": shape.max_x,
            "max_y": shape.max_y,
            "label_x": shape.label_x,
            "label_y": shape.label_y,
            "source": Path(path).name[:200],
        }
    created, updated = _sync(Boundary, rows, list(next(iter(rows.values()))))
    return {"created": created, "updated": updated, "kind": kind}


# --- A folder laid out as ONS and OS publish them ----------------------------------


def geography_files(folder: Path) -> dict[str, list[Path]]:
    """The files of each kind in ``folder``, by the names ONS, Nomis and OS use."""
    folder = Path(folder)

    def found(pattern: str) -> list[Path]:
        return sorted(p for p in folder.glob(pattern) if p.is_file())

    return {
        "ward_lookup": found("LSOA21_WD*_LAD*.csv"),
        "lsoa_changes": found("LSOA11_LSOA21_*.csv"),
        "population": found("census-2021-TS007B*.csv"),
        "boundaries": found("wards-*/*.geojson") + found("lsoa-*/*.geojson"),
        "postcodes": [folder / "codepoint-open"]
        if (folder / "codepoint-open").is_dir()
        else [],
    }


def geography_folder_load(
    *,
    folder: Path,
    in_force_from: datetime.date | None = None,
    boroughs: set[str] | None = None,
    log=None,
) -> None:
    """Load every geography file in ``folder``, in the order they depend on.

    ``boroughs`` (ONS codes) limits the lookups and population to them.
    ``log(text)`` hears about each file. Refusals raise, naming the file.
    """
    from partnerships.postcodes import PostcodeFileError, postcodes_load

    log = log or (lambda text: None)
    files = geography_files(folder)
    steps = [
        *((p, lambda p: ward_lookup_load(path=p, in_force_from=in_force_from,
                                         boroughs=boroughs))
          for p in files["ward_lookup"]),
        *((p, lambda p: lsoa_changes_load(path=p, boroughs=boroughs))
          for p in files["lsoa_changes"]),
        *((p, lambda p: population_load(path=p, boroughs=boroughs))
          for p in files["population"]),
        *((p, lambda p: boundaries_load(path=p)) for p in files["boundaries"]
          if boroughs is None or _boundary_file_borough(p) in boroughs | {""}),
    ]  # fmt: skip
    for path, load in steps:
        try:
            log(f"{path.name}: {load(path)}")
        except GeographyFileError as error:
            raise GeographyFileError(f"{path.name}: {error}") from error
    for path in files["postcodes"]:
        try:
            report = postcodes_load(path=path, allow_smaller=True)
        except PostcodeFileError as error:
            raise GeographyFileError(f"{path.name}: {error}") from error
        log(f"{path.name}: {report.rows} postcodes, loaded={report.loaded}")


def _boundary_file_borough(path: Path) -> str:
    """The borough code a boundary file is named after (E09000021.geojson), if any."""
    return path.stem if LAD_CODE.match(path.stem) else ""
