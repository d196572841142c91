"""Status transitions: the matrix, the moved lists and the per-unit shares against counts made
independently (SQL on the fixture; pandas on the two official files for the real check)."""

import pandas as pd
import pytest

from idm import rules, transisi
from idm.charts import transisi as figures
from idm.filters import Filters
from tests import fixtures
from tests.helpers import read

INDEPENDENT = """
WITH a AS (SELECT village_code, status, idm FROM village_scores WHERE year = ? AND starts_with(village_code, ?)),
     b AS (SELECT village_code, status, idm FROM village_scores WHERE year = ? AND starts_with(village_code, ?))
SELECT coalesce(a.village_code, b.village_code) AS code,
       CASE WHEN a.village_code IS NULL THEN 'TIDAK TERCATAT' WHEN a.idm IS NULL THEN 'TANPA NILAI'
            ELSE a.status END AS f,
       CASE WHEN b.village_code IS NULL THEN 'TIDAK TERCATAT' WHEN b.idm IS NULL THEN 'TANPA NILAI'
            ELSE b.status END AS t,
       status_rank(b.status) - status_rank(a.status) AS change
FROM a FULL OUTER JOIN b ON a.village_code = b.village_code
"""


def filters_for(area: str, year: int, compare_year: int | None, *, source: str = "desa",
                compare_source: str | None = "desa") -> Filters:
    province = "KAL" if area == "6" else area[:2]
    return Filters(province=province, province_name="Prov", year=year, year_source=source,
                   compare_year=compare_year, compare_source=compare_source if compare_year else None,
                   regency=area[:4] if len(area) >= 4 else None, regency_name="Kab" if len(area) >= 4 else None,
                   district=area[:6] if len(area) >= 6 else None, district_name="Kec" if len(area) >= 6 else None)


@pytest.fixture(scope="module")
def con(fixture_db):
    with read(fixture_db) as connection:
        yield connection


def independent(con, area: str, first: int, last: int) -> pd.DataFrame:
    return con.execute(INDEPENDENT, [first, area, last, area]).df()


@pytest.mark.parametrize("area, year, compare_year", [
    ("63", 2024, 2023), ("63", 2023, 2024), ("63", 2024, 2022), ("6301", 2024, 2023), ("6302", 2024, 2023),
    ("6303", 2023, 2022), ("630101", 2024, 2023), ("630102", 2024, 2023),
])
def test_matrix_equals_independent_counts(con, area, year, compare_year, fixture_database):
    data = transisi.load(fixture_database, filters_for(area, year, compare_year))
    first, last = sorted((year, compare_year))
    assert data.ok and (data.from_year, data.to_year) == (first, last)
    expected = pd.crosstab(*(independent(con, area, first, last)[c] for c in ("f", "t")))
    expected = expected.reindex(index=list(transisi.CATEGORIES), columns=list(transisi.CATEGORIES), fill_value=0)
    pd.testing.assert_frame_equal(data.matrix, expected, check_names=False, check_dtype=False)
    pairs = independent(con, area, first, last)
    counts = data.counts
    assert counts["up"] == (pairs["change"] > 0).sum()
    assert counts["down"] == (pairs["change"] < 0).sum()
    assert counts["same"] == (pairs["change"] == 0).sum()
    assert counts["comparable"] + counts["outside"] == len(pairs)


@pytest.mark.parametrize("code, row, column", [
    (fixtures.NEW_IN_2024, transisi.NOT_LISTED, None),
    (fixtures.GONE_AFTER_2023, None, transisi.NOT_LISTED),
    (fixtures.NO_SCORE_2024, None, transisi.NO_SCORE),
])
def test_villages_outside_the_comparison_are_counted(con, code, row, column, fixture_database):
    data = transisi.load(fixture_database, filters_for("63", 2024, 2023))
    village = data.villages.set_index("village_code").loc[code]
    if row:
        assert village["from_category"] == row
        assert data.matrix.loc[row].sum() >= 1
    if column:
        assert village["to_category"] == column
        assert data.matrix[column].sum() >= 1
    assert pd.isna(village["change"])
    assert code not in set(data.moved("naik")["Kode"]) | set(data.moved("turun")["Kode"])
    counts = data.counts
    assert counts["new"] == 1 and counts["gone"] == 1 and counts["no_score_to"] == 1
    assert "1 desa baru tercatat di 2024" in transisi.sentence(counts, from_year=2023, to_year=2024, area_name="X")


@pytest.mark.parametrize("area, year, compare_year", [("63", 2024, 2023), ("63", 2024, 2022), ("6303", 2024, 2023)])
def test_moved_tables_hold_the_right_villages(con, area, year, compare_year, fixture_database):
    data = transisi.load(fixture_database, filters_for(area, year, compare_year))
    pairs = independent(con, area, *sorted((year, compare_year))).dropna(subset=["change"])
    for direction, chosen in (("naik", pairs["change"] > 0), ("turun", pairs["change"] < 0),
                              ("lompat", pairs["change"].abs() >= transisi.JUMP)):
        table = data.moved(direction)
        assert set(table["Kode"]) == set(pairs.loc[chosen, "code"]), direction
    dropped = {c for c in fixtures.DROPS if c.startswith(area)} & set(pairs.loc[pairs["change"] < 0, "code"])
    assert dropped <= set(data.moved("turun")["Kode"])
    risen = {c for c in fixtures.JUMPS if c.startswith(area)} & set(pairs.loc[pairs["change"] > 0, "code"])
    assert risen <= set(data.moved("naik")["Kode"])


def test_fixture_drops_and_jumps_are_found(con, fixture_database):
    """The fixture's DROPS villages fall one status, its JUMPS village rises two: each in its table."""
    data = transisi.load(fixture_database, filters_for("63", 2024, 2023))
    assert set(fixtures.DROPS) <= set(data.moved("turun")["Kode"])
    assert set(fixtures.JUMPS) <= set(data.moved("naik")["Kode"])
    assert set(data.moved("lompat")["Kode"]) == set(fixtures.JUMPS)
    down = data.moved("turun").set_index("Kode").loc["6303012001"]
    assert (down["Status 2023"], down["Status 2024"], down["Perubahan status"]) == ("Mandiri", "Maju", -1)
    jump = data.moved("lompat").set_index("Kode").loc["6302022003"]
    assert (jump["Status 2023"], jump["Status 2024"], jump["Perubahan status"]) == ("Tertinggal", "Maju", 2)


@pytest.mark.parametrize("area, unit_length, units", [("63", 4, 3), ("6301", 6, 3), ("630101", 6, 1), ("6", 2, 1)])
def test_unit_shares_add_up(con, area, unit_length, units, fixture_database):
    data = transisi.load(fixture_database, filters_for(area, 2024, 2023))
    assert transisi.unit_level(area) == unit_length
    shares = data.units(unit_length)
    assert len(shares) == units
    counts = data.counts
    assert shares["up"].sum() == counts["up"] and shares["down"].sum() == counts["down"]
    assert shares["comparable"].sum() == counts["comparable"]
    for row in shares.itertuples():
        assert row.share_up == pytest.approx(100 * row.up / row.comparable)
        assert row.share_down == pytest.approx(100 * row.down / row.comparable)


@pytest.mark.parametrize("chosen, words", [
    (filters_for("63", 2022, 2021, compare_source="publikasi"), "2021 hanya memiliki angka tingkat provinsi"),
    (filters_for("63", 2021, 2022, source="publikasi"), "2021 hanya memiliki angka tingkat provinsi"),
    (filters_for("62", 2024, None), "belum ada tahun pembanding"),
    (filters_for("6201", 2024, 2023), "Tidak ada data per desa"),
])
def test_years_that_cannot_be_compared_say_why(con, chosen, words, fixture_database):
    data = transisi.load(fixture_database, chosen)
    assert not data.ok and words in data.message


def test_kalimantan_group_leaves_out_provinces_without_both_years(con, fixture_database):
    data = transisi.load(fixture_database, filters_for("6", 2024, 2023))
    assert data.ok and "Kalimantan Tengah" in data.note
    assert set(data.villages["province_code"]) == {"63"}
    assert data.counts["new"] == 1


def test_figures(con, fixture_database):
    data = transisi.load(fixture_database, filters_for("63", 2024, 2023))
    sankey = figures.transition_sankey(matrix=data.matrix, from_year=2023, to_year=2024, title="t", subtitle="s")
    node = sankey.data[0].node
    left_total = data.matrix.sum(axis=1)
    assert f"Mandiri: {left_total['MANDIRI']}" in node.label
    assert "Tidak tercatat: 1" in node.label and "Tanpa nilai: 1" in node.label
    statuses_left = [label.split(":")[0] for label in node.label[:5]]
    assert statuses_left == [rules.STATUS_LABELS[c] for c in rules.STATUS_CODES if left_total[c]][:5]
    assert rules.STATUS_COLOURS["MANDIRI"] in node.color
    assert sum(sankey.data[0].link.value) == data.matrix.values.sum()
    heatmap = figures.transition_heatmap(matrix=data.matrix, from_year=2023, to_year=2024, title="t", subtitle="s")
    assert heatmap.data[0].z.shape[1] >= 5
    bars = figures.movement_bars(units=data.units(4), title="t", subtitle="s")
    assert list(bars.data[1].x) == sorted(bars.data[1].x)  # biggest share on top
    empty = figures.movement_bars(units=transisi.unit_shares(data.villages.iloc[0:0], unit_length=4),
                                  title="t", subtitle="s")
    assert len(empty.data) == 2


# --- the real bundle: the official files read straight with pandas -----------------------------

def official(bundle, name: str, sheet: str, code: str, status: str, idm: str) -> pd.DataFrame:
    frame = pd.read_excel(bundle / "idm" / name, sheet_name=sheet, dtype=str, engine="calamine")
    frame = frame[frame["KODE_PROV"].str.strip() == "63"]
    return pd.DataFrame({"code": frame[code].str.strip(), "status": frame[status].str.strip().str.upper(),
                         "scored": pd.to_numeric(frame[idm], errors="coerce").notna()})


def test_real_kalsel_2023_to_2024_equals_the_official_files(bundle, bundle_database):
    before = official(bundle, "IDM_2023_KALIMANTAN.xlsx", "Sheet1", "KODE_DESA_DAGRI", "STATUS_IDM_2023",
                      "NILAI_IDM_2023")
    after = official(bundle, "IDM_2024_NASIONAL.xlsx", "IDM 2024", "KODE_DESA", "STATUS_IDM_2024", "NILAI_IDM_2024")
    pairs = before.merge(after, on="code", how="outer", suffixes=("_from", "_to"), indicator=True)

    def category(side: str, listed: str) -> pd.Series:
        status = pairs[f"status_{side}"].where(pairs[f"scored_{side}"].fillna(False).astype(bool), transisi.NO_SCORE)
        return status.where(pairs["_merge"].isin(["both", listed]), transisi.NOT_LISTED)

    expected = pd.crosstab(category("from", "left_only"), category("to", "right_only"))
    expected = expected.reindex(index=list(transisi.CATEGORIES), columns=list(transisi.CATEGORIES),
                                fill_value=0)
    data = transisi.load(bundle_database, filters_for("63", 2024, 2023))
    pd.testing.assert_frame_equal(data.matrix, expected, check_names=False, check_dtype=False)
    assert data.matrix.loc["MAJU", "MANDIRI"] == 506
    assert data.counts["jumps"] == expected.loc["BERKEMBANG", "MANDIRI"] == 11



def test_biggest_moves_figure_lists_the_largest_changes_first(con, fixture_database):
    from idm.charts import transisi as figures

    data = transisi.load(fixture_database, filters_for("63", 2024, 2023))
    moved = pd.concat([data.moved("naik"), data.moved("turun")], ignore_index=True)
    figure = figures.biggest_moves(moved=moved, from_year=2023, to_year=2024, title="t", subtitle="s", limit=5)
    later = figure.data[-1 - 5]  # the coloured 2024 markers come before the five legend entries
    assert len(later.y) == 5
    largest = moved.loc[moved["Selisih IDM"].abs().idxmax()]
    assert later.y[-1].startswith(largest["Desa"])  # drawn at the top
    assert set(rules.STATUS_LABELS.values()) <= {t.name for t in figure.data}
