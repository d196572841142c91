"""Region names: the Kemendagri gazetteer first, then the boundary files, a file's own spelling last."""

from __future__ import annotations

import pandas as pd
import pytest

from idm.importers.gazetteer import official_names
from idm.importers.regions import region_table, same_place


@pytest.mark.parametrize("one,other,level,same", [
    ("Daerah Khusus Ibukota Jakarta", "DKI JAKARTA", "provinsi", True),
    ("Kabupaten Tanah Laut", "TANAH LAUT", "kabupaten", True),
    ("Kota Banjarmasin", "BANJARMASIN", "kabupaten", True),
    ("Administrasi Kepulauan Seribu", "Adm. Kep. Seribu", "kabupaten", True),  # abbreviations
    ("Labuhanhaji Timur", "Labuhan Haji Timur", "kecamatan", True),
    ("Pepas Asa", "Pepes Asa", "desa", True),  # one letter apart
    ("Simpang Empat", "Simpang Empat Sungai Baru", "desa", True),  # renamed, words kept
    ("Kotawaringin Lama", "Kotawaringin Selatan", "kecamatan", False),  # a neighbour, not a spelling
    ("Sungai Raya Utara", "Sungai Raya Selatan", "desa", False),
    ("Kabupaten Tambrauw", "Sorong Selatan", "kabupaten", False),  # Papua Barat Daya renumbered
    ("Aifat Utara", "Waigeo Utara", "kecamatan", False),
])
def test_same_place(one, other, level, same):
    assert same_place(one, other, level) is same


def table(codes: dict[str, str], *, boundary: dict[str, str] = (), given: dict[str, str] = ()) -> dict[str, tuple]:
    frame = pd.DataFrame({"code": list(codes), "level": list(codes.values())})
    names = lambda found: pd.DataFrame({"code": list(dict(found)), "name": list(dict(found).values())})  # noqa: E731
    regions, problems = region_table(codes=frame, gazetteer=official_names(), boundary_names=names(boundary),
                                     file_names=names(given))
    return {row.code: (row.name, row.kind, None if pd.isna(row.parent) else row.parent)
            for row in regions.itertuples()}, problems


def test_the_gazetteer_names_what_it_knows_and_the_kind_says_kabupaten_or_kota():
    regions, problems = table(
        {"31": "provinsi", "63": "provinsi", "6303": "kabupaten", "6371": "kabupaten", "630301": "kecamatan",
         "6303012001": "desa", "6371011001": "desa"},
        boundary={"31": "DKI JAKARTA"},
        given={"63": "", "6303": "BANJAR", "630301": "", "6303012001": "BAKAMBAT BARU"},  # blanked, re-typed
    )
    assert regions["31"] == ("Daerah Khusus Ibukota Jakarta", "provinsi", None)  # not 'Dki Jakarta'
    assert regions["63"] == ("Kalimantan Selatan", "provinsi", None)
    assert regions["6303"] == ("Banjar", "kabupaten", "63")
    assert regions["6371"][:2] == ("Kota Banjarmasin", "kota")
    assert regions["630301"][0] == "Aluh Aluh"
    assert regions["6303012001"] == ("Bakambat", "desa", "630301")
    assert regions["6371011001"][1] == "kelurahan"
    assert problems == []


def test_a_file_spelling_names_only_what_nobody_else_knows():
    regions, _ = table({"63": "provinsi", "6303": "kabupaten", "630301": "kecamatan", "6303010999": "desa",
                        "6303019999": "desa"},
                       given={"6303010999": "DESA BARU SEKALI"})
    assert regions["6303010999"][0] == "Desa Baru Sekali"
    assert regions["6303019999"][0] == "Tanpa nama (6303019999)"


def test_a_region_the_gazetteer_numbers_otherwise_keeps_its_name_and_so_do_the_villages_below():
    """The IDM files number Papua Barat Daya as before its split: the gazetteer's 9604 is Tambrauw."""
    regions, problems = table(
        {"96": "provinsi", "9604": "kabupaten", "960401": "kecamatan", "9604012001": "desa"},
        boundary={"9604": "Sorong Selatan"},
        given={"9604": "SORONG SELATAN", "960401": "TEMINABUAN", "9604012001": "KAIBUS"},
    )
    assert [regions[code][0] for code in ("96", "9604", "960401", "9604012001")] == [
        "Papua Barat Daya", "Sorong Selatan", "Teminabuan", "Kaibus"]
    assert [p.check for p in problems] == ["region_name"] * 3
    assert "9604 'Kabupaten Tambrauw' / 'Sorong Selatan'" in problems[0].message


def test_a_build_of_the_bundle_names_regions_from_the_gazetteer(bundle_db):
    import duckdb

    with duckdb.connect(str(bundle_db), read_only=True) as con:
        named = dict(con.execute("SELECT code, name || ' / ' || kind FROM regions WHERE code IN "
                                 "('31', '63', '6303', '6371', '6301022011', '9604')").fetchall())
    assert named == {
        "31": "Daerah Khusus Ibukota Jakarta / provinsi",
        "63": "Kalimantan Selatan / provinsi",
        "6303": "Banjar / kabupaten",
        "6371": "Kota Banjarmasin / kota",
        "6301022011": "Simpang Empat / desa",  # 'SIMPANG EMPAT SUNGAI BARU' in the 2024 file
        "9604": "Sorong Selatan / kabupaten",
    }
