"""Loading the real ONS and Census files: wards, LSOAs, people, boundaries."""

import csv
import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partnerships.geography import (
    GeographyFileError,
    boundaries_load,
    lsoa_changes_load,
    population_load,
    ward_lookup_load,
)
from partnerships.lookups import lsoa_lookups_load
from partnerships.models import Area, Boundary, Lsoa, LsoaChange
from tests.conftest import (
    GEOGRAPHY,
    KINGSTON,
    LSOA_CHANGES,
    POPULATION,
    WARD_LOOKUP,
    WESTMINSTER,
)
from tests.partnerships.factories import AreaFactory, WardFactory
from tests.priorities.conftest import LOOKUPS

pytestmark = pytest.mark.django_db

MAY_2022 = datetime.date(2022, 5, 5)


def kingston_town_population_from_the_files() -> int:
    """Kingston Town's residents, added up straight from the two CSV files."""
    with WARD_LOOKUP.open(encoding="utf-8-sig", newline="") as lookup:
        lsoas = {
            row["LSOA21CD"]
            for row in csv.DictReader(lookup)
            if row["WD24NM"] == "Kingston Town"
        }
    with POPULATION.open(encoding="utf-8", newline="") as census:
        lines = census.read().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('"Area"'))
    rows = csv.DictReader(lines[start:])
    return sum(int(row["Total"]) for row in rows if row["mnemonic"] in lsoas)


def _snapshot():
    return (
        list(Area.objects.order_by("pk").values()),
        list(Lsoa.objects.order_by("pk").values()),
        list(LsoaChange.objects.order_by("pk").values()),
        list(Boundary.objects.order_by("pk").values()),
        list(Area.covers.through.objects.order_by("pk").values()),
    )


def test_current_wards_belong_to_their_borough_with_a_start_date(geography):
    """Kingston has 19 current wards, Westminster 18, each with its page slug."""
    kingston = Area.objects.get(code=KINGSTON)
    wards = Area.objects.current().filter(parent=kingston, kind=Area.Kind.WARD)
    assert wards.count() == 19
    assert (
        Area.objects.current().filter(parent__code=WESTMINSTER, kind="ward").count()
        == 18
    )
    town = wards.get(name="Kingston Town")
    assert (town.code, town.slug, town.valid_from) == (
        "E05013938",
        "kingston-town",
        MAY_2022,
    )
    assert kingston.slug == "kingston-upon-thames"
    assert (
        wards.get(name="St Mark's & Seething Wells").slug
        == "st-marks-and-seething-wells"
    )


def test_population_is_the_sum_of_the_wards_lsoas(geography):
    """Kingston Town: the Census totals of its best-fit 2021 LSOAs."""
    town = Area.objects.get(code="E05013938")
    assert town.population == kingston_town_population_from_the_files() == 9927
    kingston = Area.objects.get(code=KINGSTON)
    assert kingston.population == sum(
        Lsoa.objects.filter(lad_code=KINGSTON).values_list("population", flat=True)
    )


def test_old_wards_are_ended_and_linked_to_the_wards_that_replaced_them():
    """Beverley, Grove and Tolworth and Hook Rise end on 4 May 2022 and stay."""
    lsoa_lookups_load(path=LOOKUPS / "LSOA11_WD19_LAD19_LONDON.csv")
    kingston = AreaFactory(code=KINGSTON, name="Kingston upon Thames")
    grove = WardFactory(code="E05000408", name="Grove", parent=kingston)
    norbiton = WardFactory(code="E05000409", name="Norbiton", parent=kingston)
    ward_lookup_load(path=WARD_LOOKUP, in_force_from=MAY_2022)
    lsoa_changes_load(path=LSOA_CHANGES)
    population_load(path=POPULATION)
    grove.refresh_from_db()
    norbiton.refresh_from_db()
    assert grove.valid_to == norbiton.valid_to == datetime.date(2022, 5, 4)
    # A new Norbiton takes the old one's name; both exist, one current.
    assert Area.objects.filter(parent=kingston, name="Norbiton").count() == 2
    assert Area.objects.current().get(parent=kingston, name="Norbiton").code == (
        "E05013941"
    )
    assert "Kingston Town" in {w.name for w in grove.covers.all()}
    assert all(w.is_current for w in grove.covers.all())


def test_loading_the_same_files_again_changes_nothing(geography, three_boroughs):
    """Not a row, not a link."""
    before = _snapshot()
    ward_lookup_load(path=three_boroughs["ward_lookup"], in_force_from=MAY_2022)
    lsoa_changes_load(path=three_boroughs["lsoa_changes"])
    population_load(path=three_boroughs["population"])
    boundaries_load(path=GEOGRAPHY / "wards-2025" / f"{KINGSTON}.geojson")
    assert _snapshot() == before


def test_lsoa_changes_reach_2021_codes(db):
    """Every pair of the London file; a split gives several 2021 LSOAs."""
    assert lsoa_changes_load(path=LSOA_CHANGES)["created"] == 5016
    split = LsoaChange.objects.filter(change="S").values_list("lsoa11_code", flat=True)
    code = split.first()
    assert LsoaChange.objects.filter(lsoa11_code=code).count() >= 2


def test_boundaries_are_stored_projected_and_simplified(geography):
    """Every Kingston ward has a path; the borough is about 6 km by 12 km."""
    kingston_wards = Area.objects.current().filter(parent__code=KINGSTON, kind="ward")
    boundaries = Boundary.objects.filter(code__in=kingston_wards.values("code"))
    assert boundaries.count() == 19
    width = max(b.max_x for b in boundaries) - min(b.min_x for b in boundaries)
    height = max(b.max_y for b in boundaries) - min(b.min_y for b in boundaries)
    # Web Mercator units are ground metres / cos(latitude): about 1.6 in London.
    assert 5_000 < width / 1.6 < 8_000
    assert 10_000 < height / 1.6 < 14_000
    assert all(b.path.startswith("M") and b.path.endswith("z") for b in boundaries)


def test_lsoa_boundaries_load_too(db):
    report = boundaries_load(path=GEOGRAPHY / "lsoa-2021" / f"{KINGSTON}.geojson")
    assert report["created"] == 99
    assert Boundary.objects.filter(kind="lsoa").count() == 99


# --- Refusals: nothing loaded ------------------------------------------------------


def _refused(load, path, message):
    before = _snapshot()
    with pytest.raises(GeographyFileError, match=message):
        load(path=path)
    assert _snapshot() == before


@pytest.mark.parametrize("load", [ward_lookup_load, lsoa_changes_load, population_load])
def test_junk_empty_and_binary_files_are_refused(tmp_path, load):
    empty, junk, binary = tmp_path / "e.csv", tmp_path / "j.csv", tmp_path / "b.csv"
    empty.write_text("")
    junk.write_text("name,colour\nKingston,blue\n")
    binary.write_bytes(b"PK\x03\x04\x00\x00binary zip")
    _refused(load, empty, "empty")
    _refused(load, junk, "This is not")
    _refused(load, binary, "binary")


def test_a_header_only_lookup_is_refused(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text(WARD_LOOKUP.read_text(encoding="utf-8-sig").splitlines()[0] + "\n")
    _refused(ward_lookup_load, path, "header but no rows")


def test_a_truncated_lookup_is_refused_and_loads_nothing(tmp_path):
    """Cut in the middle of a row, the file loads nothing at all."""
    text = WARD_LOOKUP.read_text(encoding="utf-8-sig")
    path = tmp_path / "cut.csv"
    path.write_text(text[: len(text) // 2])
    _refused(ward_lookup_load, path, "cut short")
    assert not Lsoa.objects.exists()


def test_a_truncated_census_file_is_refused(tmp_path):
    text = POPULATION.read_text(encoding="utf-8")
    path = tmp_path / "cut.csv"
    path.write_text(text[: len(text) - 30])
    _refused(population_load, path, "cut short")


def test_a_bad_code_is_refused_with_its_line(tmp_path):
    lines = WARD_LOOKUP.read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3].replace("E01", "X01", 1)
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n")
    _refused(ward_lookup_load, path, "Line 4")


def test_truncated_or_foreign_geojson_is_refused(tmp_path):
    text = (GEOGRAPHY / "wards-2025" / f"{KINGSTON}.geojson").read_text()
    cut = tmp_path / "cut.geojson"
    cut.write_text(text[: len(text) // 3])
    _refused(boundaries_load, cut, "cut short")
    grid = tmp_path / "bng.geojson"
    grid.write_text(
        '{"type": "FeatureCollection", "crs": {"type": "name", "properties": '
        '{"name": "urn:ogc:def:crs:EPSG::27700"}}, "features": [{"type": '
        '"Feature", "properties": {"WD24CD": "E05013938"}, "geometry": null}]}'
    )
    _refused(boundaries_load, grid, "27700")


def test_the_commands_report_and_refuse(tmp_path, capsys):
    call_command("load_ward_lookup", WARD_LOOKUP, "--in-force-from", "2022-05-05")
    assert "wards created" in capsys.readouterr().out
    junk = tmp_path / "junk.csv"
    junk.write_text("nothing,here\n1,2\n")
    with pytest.raises(CommandError, match=r"junk\.csv"):
        call_command("load_population", junk)
