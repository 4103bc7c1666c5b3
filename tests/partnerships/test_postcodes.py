"""Postcodes: Royal Mail's format, loading Code-Point Open, one-read lookups."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from partnerships.models import Postcode, PostcodeRelease
from partnerships.postcodes import (
    PostcodeFileError,
    postcode_normalise,
    postcodes_load,
)
from partnerships.selectors import postcode_lookup
from tests.conftest import CODEPOINT, GEOGRAPHY, KINGSTON
from tests.partnerships.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("kt1 1ae", "KT1 1AE"),
        ("KT11AE", "KT1 1AE"),
        ("  Kt1   1aE ", "KT1 1AE"),
        ("sw1a0aa", "SW1A 0AA"),
        ("w21ab", "W2 1AB"),
        ("W10 4AA", "W10 4AA"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_postcodes_are_written_the_royal_mail_way(typed, expected):
    """Outward code, one space, three-character inward code, capitals."""
    assert postcode_normalise(typed) == expected


@pytest.mark.parametrize(
    "typed", ["", "KT1", "KT1 1A", "KT1 1AEE", "1KT 1AE", "KT1 AAE", "Norbiton", "%"]
)
def test_what_is_not_a_postcode_is_not_one(typed):
    assert postcode_normalise(typed) is None


def test_the_three_borough_release_loads(postcodes):
    """Every row of the shared file, each in Royal Mail's format."""
    rows = sum(1 for line in CODEPOINT.read_text().splitlines() if line)
    assert Postcode.objects.count() == rows == 20948
    assert Postcode.objects.get(pk="KT1 1AE").ward_code == "E05013938"
    assert Postcode.objects.get(pk="SW1A 0AA").lad_code == "E09000033"
    assert PostcodeRelease.objects.get().rows == rows


def test_a_lookup_is_one_query(geography, postcodes, django_assert_num_queries):
    """Postcode, ward, borough and whether a partnership covers it: one read."""
    PartnershipFactory(area=_kingston())
    with django_assert_num_queries(1):
        place = postcode_lookup(postcode="KT1 1AE")
    assert place.ward_name == "Kingston Town"
    assert place.borough_name == "Kingston upon Thames"
    assert place.ward_url == "/areas/kingston-upon-thames/kingston-town/"
    assert place.hosted


def test_a_lookup_uses_the_primary_key_index(postcodes):
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT * FROM partnerships_postcode WHERE postcode = 'KT1 1AE'"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "partnerships_postcode_pkey" in plan


def test_unknown_postcodes_are_not_found(postcodes):
    assert postcode_lookup(postcode="ZZ9 9ZZ") is None


def test_the_same_release_again_changes_nothing(postcodes):
    release = PostcodeRelease.objects.get()
    report = postcodes_load(path=CODEPOINT)
    assert not report.loaded
    assert PostcodeRelease.objects.get() == release


def test_a_new_release_replaces_the_old_one_whole(postcodes, tmp_path):
    """Postcodes gone from the new release are gone; new ones arrive."""
    lines = CODEPOINT.read_text().splitlines()
    kept = [line for line in lines if not line.startswith('"KT1 1A')]
    new = '"KT1 0QQ",10,517814,169535,"E92000001","","","","E09000021","E05013938"'
    path = tmp_path / "next-release.csv"
    path.write_text("\n".join([*kept, new]) + "\n")
    report = postcodes_load(path=path)
    assert report.loaded
    assert report.replaced == len(lines)
    assert not Postcode.objects.filter(pk="KT1 1AE").exists()
    assert Postcode.objects.filter(pk="KT1 0QQ").exists()
    assert Postcode.objects.count() == len(kept) + 1
    assert PostcodeRelease.objects.first().name == "next-release.csv"


def test_a_much_smaller_release_needs_to_be_meant(postcodes, tmp_path):
    """A cut-short national file must not quietly replace the whole country."""
    path = tmp_path / "part.csv"
    path.write_text("\n".join(CODEPOINT.read_text().splitlines()[:500]) + "\n")
    with pytest.raises(PostcodeFileError, match="--allow-smaller"):
        postcodes_load(path=path)
    assert Postcode.objects.count() == 20948
    assert postcodes_load(path=path, allow_smaller=True).rows == 500


def test_postcodes_written_other_ways_are_loaded_the_royal_mail_way(db, tmp_path):
    """Older releases pad to seven characters ("N1  6XE", "AB101AA")."""
    rest = ',10,517814,169535,"E92000001","","","","E09000021","E05013938"'
    path = tmp_path / "padded.csv"
    path.write_text(
        "\n".join(f'"{pc}"{rest}' for pc in ("N1  6XE", "AB101AA", "KT1 1AE")) + "\n"
    )
    postcodes_load(path=path)
    assert set(Postcode.objects.values_list("pk", flat=True)) == {
        "N1 6XE",
        "AB10 1AA",
        "KT1 1AE",
    }
    assert Postcode.objects.get(pk="AB10 1AA").eastings == 517814


def test_a_folder_of_area_files_is_one_release(tmp_path):
    """The product is one file per postcode area under Data/CSV."""
    folder = tmp_path / "Data" / "CSV"
    folder.mkdir(parents=True)
    lines = CODEPOINT.read_text().splitlines()
    (folder / "kt.csv").write_text("\n".join(lines[:100]))  # no final newline
    (folder / "sw.csv").write_text("\n".join(lines[100:300]) + "\n")
    (tmp_path / "Doc").mkdir()
    (tmp_path / "Doc" / "Code-Point_Open_Column_Headers.csv").write_text("PC,PQ\n")
    assert postcodes_load(path=tmp_path).rows == 300


# --- Refusals: the postcodes already loaded stay -------------------------------


def _refused(path, message):
    before = list(Postcode.objects.order_by("pk").values_list("pk", flat=True)[:50])
    count = Postcode.objects.count()
    with pytest.raises(PostcodeFileError, match=message):
        postcodes_load(path=path, allow_smaller=True)
    assert Postcode.objects.count() == count
    assert list(Postcode.objects.order_by("pk").values_list("pk", flat=True)[:50]) == (
        before
    )


def test_the_header_file_is_not_a_release(postcodes):
    """Code-Point Open has no header row: a header is a wrong file."""
    _refused(GEOGRAPHY / "codepoint-open" / "Code-Point_Open_Column_Headers.csv",
             "columns|postcode")  # fmt: skip


def test_a_truncated_release_is_refused(postcodes, tmp_path):
    text = CODEPOINT.read_text()
    path = tmp_path / "cut.csv"
    path.write_text(text[: len(text) // 2 - 7])
    _refused(path, "cut short|columns")


def test_junk_empty_and_binary_files_are_refused(postcodes, tmp_path):
    empty, junk, binary = tmp_path / "e.csv", tmp_path / "j.csv", tmp_path / "b.csv"
    empty.write_text("")
    junk.write_text("a,b,c,d,e,f,g,h,i,j\n1,2,3,4,5,6,7,8,9,10\n")
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    _refused(empty, "empty")
    _refused(junk, "postcode")
    _refused(binary, "UTF-8|columns")


def test_a_release_with_a_postcode_twice_is_refused(postcodes, tmp_path):
    lines = CODEPOINT.read_text().splitlines()
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([*lines, lines[0]]) + "\n")
    _refused(path, "twice")


def test_the_command_reports_and_refuses(db, tmp_path, capsys):
    call_command("load_postcodes", CODEPOINT)
    assert "20,948 postcodes loaded" in capsys.readouterr().out
    call_command("load_postcodes", CODEPOINT)
    assert "already the current release" in capsys.readouterr().out
    junk = tmp_path / "junk.csv"
    junk.write_text("hello\n")
    with pytest.raises(CommandError, match=r"junk\.csv"):
        call_command("load_postcodes", junk, "--allow-smaller")


def _kingston():
    from partnerships.models import Area

    return Area.objects.get(code=KINGSTON)
