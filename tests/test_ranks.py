"""Where a regency (a district) stands among its province's regencies (its regency's districts), and the
table of every unit on Ringkasan: against an oracle computed here from the village rows with SQL of its
own, on the fixture database (three regencies and a kota in Kalimantan Selatan) and the real bundle."""

from __future__ import annotations

import pandas as pd
import pytest

from idm import ringkasan, rules
from tests.helpers import errors, markdown, open_page, read

ORACLE = """
SELECT left(village_code, ?) AS code, round(avg(idm), 4) AS value, count(idm) AS scored,
       count(*) FILTER (WHERE status = 'MANDIRI') AS mandiri, count(*) AS villages
FROM village_scores
WHERE year = ? AND starts_with(village_code, ?)
GROUP BY 1
"""


def oracle(con, *, parent: str, year: int) -> pd.DataFrame:
    """Units of `parent` with their mean IDM on four decimals and their place (equal values share it)."""
    units = con.execute(ORACLE, [len(parent) + 2, year, parent]).df().set_index("code")
    units = units[units["scored"] > 0]
    units["place"] = units["value"].rank(ascending=False, method="min").astype(int)
    return units


@pytest.mark.parametrize("parent, year", [("63", 2024), ("63", 2023), ("6303", 2024), ("6301", 2022)])
def test_each_unit_has_the_place_the_village_rows_give(fixture_db, fixture_database, parent, year):
    with read(fixture_db) as con:
        expected = oracle(con, parent=parent, year=year)
    word = "kabupaten" if len(parent) == 2 else "kecamatan"
    for code, row in expected.iterrows():
        rank = ringkasan.unit_rank(fixture_database, area=code, year=year)
        assert (rank.rank, rank.ranked, rank.by, rank.word) == (row["place"], len(expected), rules.IDM, word)
    assert ringkasan.unit_rank(fixture_database, area="6371", year=year) is None  # a kota without desa
    assert ringkasan.unit_rank(fixture_database, area="63", year=year) is None  # a province: its national rank


def test_the_table_holds_every_unit_with_its_changes(fixture_db, fixture_database):
    stats = fixture_database.unit_stats(area="63", years=[2024, 2023])
    table = ringkasan.unit_table(stats, year=2024, compare_year=2023, unit_word="kabupaten").set_index("Kabupaten")
    with read(fixture_db) as con:
        now, before = (oracle(con, parent="63", year=y) for y in (2024, 2023))
        names = dict(con.execute("SELECT code, name FROM regions WHERE length(code) = 4").fetchall())
    assert sorted(table.index) == sorted(names[code] for code in now.index)  # the kota has no desa: no row
    for code, row in now.iterrows():
        shown = table.loc[names[code]]
        assert shown["IDM 2024"] == pytest.approx(row["value"], abs=5e-5)
        assert shown["Perubahan IDM"] == pytest.approx(row["value"] - before.loc[code, "value"], abs=1e-4)
        assert shown["Peringkat 2024"] == row["place"]
        assert shown["Perubahan peringkat"] == before.loc[code, "place"] - row["place"]
        assert shown["Desa Mandiri"] == row["mandiri"]
        assert shown["Δ Mandiri"] == row["mandiri"] - before.loc[code, "mandiri"]
        assert shown["Porsi Mandiri (%)"] == pytest.approx(round(100 * row["mandiri"] / row["villages"], 1))
    assert list(table["Peringkat 2024"]) == sorted(table["Peringkat 2024"])  # first place first


def test_kab_banjar_2024_is_tenth_of_eleven(bundle_database):
    """The rakor's figure: Kab. Banjar 10th of the 11 regencies of Kalimantan Selatan with village scores."""
    rank = ringkasan.unit_rank(bundle_database, area="6303", year=2024)
    assert rank.text() == "10 dari 11 kabupaten"


def test_ringkasan_of_a_regency_says_its_place_and_lists_every_regency(fixture_env, fixture_db):
    with read(fixture_db) as con:
        expected = oracle(con, parent="63", year=2024)
        before = oracle(con, parent="63", year=2023)
    app = open_page(kab="6303", banding="2023")
    assert not errors(app)
    text = markdown(app)
    moved = before.loc["6303", "place"] - expected.loc["6303", "place"]
    said = "sama dengan 2023" if moved == 0 else f"{'naik' if moved > 0 else 'turun'} {abs(moved)} dari 2023"
    assert f"Peringkat {expected.loc['6303', 'place']} dari {len(expected)} kabupaten**" in text
    assert f"({said})" in text
    # The table of every kecamatan of Kab. Banjar: plain with the page, the sortable grid when asked for.
    [plain] = [m.value for m in app.markdown if "<div class='idm-table'>" in m.value]
    assert "<th class='n'>Peringkat 2024</th>" in plain and not app.dataframe
    [switch] = [toggle for toggle in app.toggle if toggle.key == "grid-tabel-kecamatan"]
    switch.set_value(True).run()
    table = [frame for frame in app.dataframe if "Peringkat 2024" in getattr(frame.value, "columns", [])]
    assert table, "the table of every kecamatan of Kab. Banjar"
    assert plain.count("<tr>") == len(table[0].value) + 1  # the header and one row per kecamatan
