"""Bandingkan without a browser: the choices and the link's codes, what is compared (never an IDM value
in a year of the Indeks Desa), the figures, names from the files as text, and the deck's comparison slide."""

from __future__ import annotations

import io
import shutil

import duckdb
import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation

from idm import bandingkan, cli, deck, rules, views
from idm.charts import bandingkan as figures
from idm.database import Database
from idm.filters import resolve
from idm.specs import Chart, Missing
from tests import fixtures
from tests.test_names_in_figures import RENAMED, raw_markup
from ui.frame import choices_from_link


def chosen_for(db: Database, **link):
    return resolve({"tahun": "2024", "banding": "2023", **link}, db.catalog())[0]


# --- choices ----------------------------------------------------------------------------------------

def test_a_province_offers_its_average_and_its_regencies_with_desa(fixture_database):
    options = bandingkan.choices(fixture_database.catalog(), chosen_for(fixture_database, prov="63"))
    assert options == {"63": "Rata-rata provinsi", "6303": "Kab. Banjar", "6302": "Kab. Kotabaru",
                       "6301": "Kab. Tanah Laut"}  # Kota Banjarmasin has no desa


@pytest.mark.parametrize("province, offered", [("KAL", ["63", "62"]), ("00", ["63", "62"])])
def test_a_group_offers_its_provinces(fixture_database, province, offered):
    options = bandingkan.choices(fixture_database.catalog(), chosen_for(fixture_database, prov=province))
    assert list(options) == offered  # by name: Kalimantan Selatan, Kalimantan Tengah


@pytest.mark.parametrize("requested, kept", [
    (["6303", "6301"], ["6303", "6301"]),
    (["6303", "6303", "6301"], ["6303", "6301"]),
    (["9999", "6301"], ["6301"]),
    (["63", "6301", "6302", "6303"], ["63", "6301", "6302", "6303"]),
    ([], []),
])
def test_selected_keeps_offered_codes_once_in_order(requested, kept):
    options = {"63": "Rata-rata provinsi", "6301": "a", "6302": "b", "6303": "c"}
    assert bandingkan.selected(requested, options) == kept


@pytest.mark.parametrize("written, chosen, notices", [
    ("6303,6309", ["6303", "6309"], []),
    (" 6303 , 6309 ,", ["6303", "6309"], []),
    ("6303,9999", ["6303"], ["Nilai '9999' untuk 'bandingkan' di tautan tidak tersedia dan diabaikan."]),
    ("6303,6303,6309", ["6303", "6309"], []),
    ("6301,6302,6303,6304,6305", ["6301", "6302", "6303", "6304"],
     ["Paling banyak 4 pilihan untuk 'bandingkan'; '6305' di tautan diabaikan."]),
    ("", [], []),
    ("6" * 101, [], ["Nilai untuk 'bandingkan' di tautan terlalu panjang (101 karakter) dan diabaikan."]),
])
def test_link_values(written, chosen, notices):
    options = ["6301", "6302", "6303", "6304", "6305", "6309"]
    assert choices_from_link(written, options, param="bandingkan", limit=4) == (chosen, notices)


def test_view_never_compares_more_than_four(fixture_database):
    chosen = chosen_for(fixture_database, prov="63")
    view = views.bandingkan.build(fixture_database, chosen, areas=("63", "6301", "6302", "6303", "6301", "9999"))
    assert [a.code for a in view.areas] == ["63", "6301", "6302", "6303"]
    single = views.bandingkan.build(fixture_database, chosen, areas=("6301",))
    assert single.empty.startswith("Pilih 2 sampai 4 wilayah") and not single.items


# --- what is compared ----------------------------------------------------------------------------------

class _Trends:
    """A database stand-in whose area_trend gives an Indeks Desa year with an IDM value in it, as a
    malformed file might."""

    def area_trend(self, *, area: str) -> pd.DataFrame:
        counts = {column: [10, 12] for column in bandingkan.COUNT_COLUMNS}
        return pd.DataFrame({"year": [2024, 2025], "source": ["desa", "publikasi"], "idm": [0.78, 0.81],
                             "iks": [0.8, 0.7], "ike": [0.7, 0.7], "ikl": [0.8, 0.9], "status": ["MAJU", "MAJU"],
                             **counts})


def test_an_indeks_desa_year_never_carries_an_idm_value():
    frame = bandingkan.trend(_Trends(), [bandingkan.Area("6303", "Kab. Banjar")])
    later = frame[frame["year"] == 2025].iloc[0]
    assert pd.isna(later["idm"]) and pd.isna(later["iks"]) and pd.isna(later["status"])
    assert later["mandiri_share"] == pytest.approx(20.0)  # the counts continue
    figure = figures.trend_lines(frame=frame, areas=[bandingkan.Area("6303", "Kab. Banjar")], title="t", subtitle="s")
    on_idm_axis = [(x, y) for trace in figure.data if trace.yaxis == "y" and trace.x is not None
                   for x, y in zip(trace.x, trace.y) if x is not None and pd.notna(y)]
    assert on_idm_axis and all(x < rules.FIRST_INDEKS_DESA_YEAR for x, _ in on_idm_axis)
    assert bandingkan.dimension_year(frame, 2025) == 2024  # the last IDM year, said as such
    assert bandingkan.dimension_year(frame, 2023) is None


@pytest.mark.parametrize("years, year, expected", [
    ({"6303": {2024}, "6309": {2024}}, 2024, 2024),
    ({"6303": {2024}, "6309": set()}, 2025, 2024),
    ({"6303": {2024}}, 2023, 2024),
    ({"6303": {2022, 2024}}, 2023, 2022),
    ({"6303": set(), "6309": set()}, 2024, None),
])
def test_indicator_year(years, year, expected):
    assert bandingkan.indicator_year(years, year) == expected


def test_kpi_rows_equal_the_fixture_rows(fixture_database):
    chosen = chosen_for(fixture_database, prov="63")
    areas = bandingkan.areas_of(["6301", "63"], bandingkan.choices(fixture_database.catalog(), chosen), chosen)
    table = bandingkan.kpi_rows(bandingkan.load(fixture_database, chosen, areas)).set_index("Wilayah")
    rows = fixtures.village_rows()
    for area, name in (("6301", "Kab. Tanah Laut"), ("63", "Rata-rata provinsi")):
        now = rows[(rows["year"] == 2024) & rows["village_code"].str.startswith(area)]
        before = rows[(rows["year"] == 2023) & rows["village_code"].str.startswith(area)]
        assert table.loc[name, "IDM 2024"] == pytest.approx(now["idm"].mean())
        assert table.loc[name, "Δ IDM sejak 2023"] == pytest.approx(now["idm"].mean() - before["idm"].mean())
        assert table.loc[name, "Jumlah desa"] == len(now)
        assert table.loc[name, "Desa Mandiri"] == (now["status"] == "MANDIRI").sum()
        assert table.loc[name, "Status"] == rules.STATUS_LABELS[rules.classify(now["idm"].mean())]


def test_figures_of_a_comparison(fixture_database):
    chosen = chosen_for(fixture_database, prov="63")
    view = views.bandingkan.build(fixture_database, chosen, areas=("6301", "6303", "63"))
    items = view.items
    assert isinstance(items[views.bandingkan.INDICATORS], Missing)  # the fixture has no indicator scores
    dimensions = items[views.bandingkan.DIMENSIONS].figure
    assert list(dimensions.layout.yaxis.range) == [0, 1]
    assert [t.name for t in dimensions.data] == ["Kab. Tanah Laut", "Kab. Banjar", "Rata-rata provinsi"]
    shares = items[views.bandingkan.STATUS].figure
    totals = pd.DataFrame([t.x for t in shares.data]).fillna(0).sum()
    assert list(totals) == pytest.approx([100.0, 100.0, 100.0])
    assert [t.name for t in shares.data] == [s.label for s in rules.STATUSES]
    # One colour per area in every figure; the province's average is the dashed ink line.
    trend = items[views.bandingkan.TREND].figure
    legend = {t.name: t.line for t in trend.data if t.showlegend is not False and t.mode == "lines+markers"}
    assert legend["Rata-rata provinsi"].dash == "dash"
    assert legend["Kab. Tanah Laut"].color == dimensions.data[0].marker.color


def test_indicators_differ_on_the_indicator_fixture(tmp_path):
    from tests.test_indicators import VILLAGES, build_indicator_fixture

    path = tmp_path / "indicators.duckdb"
    build_indicator_fixture(path)
    db = Database(path)
    chosen = chosen_for(db, prov="63")
    view = views.bandingkan.build(db, chosen, areas=("6301", "6302"))
    chart = view.items[views.bandingkan.INDICATORS]
    assert isinstance(chart, Chart) and chart.title == "Indikator yang paling berbeda, 2024"
    table = view.items[views.bandingkan.INDICATOR_TABLE].frame
    scores = pd.DataFrame({code: chosen for code, (_, chosen, _) in VILLAGES.items()}).T
    means = scores.groupby(scores.index.str[:4]).mean().T
    top = table.iloc[0]
    assert top["Selisih"] == pytest.approx(round((means["6301"] - means["6302"]).abs().max(), 2))
    assert {top["Tertinggi"], top["Terendah"]} == {"Kab. Tanah Laut", "Kab. Kotabaru"}
    assert len(chart.figure.data[0].x) == 3 * len(table)  # one grey bar (two ends and a break) per indicator


# --- names from the files -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def evil_database(fixture_db, tmp_path_factory) -> Database:
    path = tmp_path_factory.mktemp("nama-banding") / "jahat.duckdb"
    shutil.copyfile(fixture_db, path)
    with duckdb.connect(str(path)) as con:
        for code, name in RENAMED.items():
            con.execute("UPDATE regions SET name = ? WHERE code = ?", [name, code])
    return Database(path)


@pytest.mark.db
def test_no_name_reaches_a_figure_as_markup(evil_database):
    view = views.bandingkan.build(evil_database, chosen_for(evil_database, prov="63"), areas=("6301", "6303", "63"))
    found = {key: raw_markup(item) for key, item in view.items.items()}
    assert not {key: texts for key, texts in found.items() if texts}
    assert any(isinstance(item, Chart) for item in view.items.values())


# --- the deck ----------------------------------------------------------------------------------------

@pytest.fixture
def drawn_elsewhere(monkeypatch):
    """Pictures as a blank PNG: what the deck says and holds, not how kaleido draws it."""
    buffer = io.BytesIO()
    Image.new("RGB", (1920, 1080), "white").save(buffer, format="PNG")
    monkeypatch.setattr(deck.export, "image", lambda figure, image_format="png", **kw: buffer.getvalue())


@pytest.mark.slow  # two decks
def test_deck_has_the_comparison_slide_only_when_chosen(fixture_database, drawn_elsewhere):
    chosen = deck.resolve(fixture_database, province="63", year=2024, compare_year=2023)
    plain_titles = [s.title for s in deck.build(fixture_database, chosen).slides]
    result = deck.build(fixture_database, chosen, compare_areas=("6303", "6301"))
    titles = [s.title for s in result.slides]
    assert "Perbandingan wilayah 2024" not in plain_titles
    assert titles.index("Perbandingan wilayah 2024") == titles.index("Peringkat kabupaten menurut IDM 2024") + 1
    assert len(titles) == len(plain_titles) + 1
    slide = result.slides[titles.index("Perbandingan wilayah 2024")]
    assert slide.picture is not None and "tertinggi" in slide.notes
    assert deck.file_stem(chosen, compare_areas=("6303", "6301")).endswith("-banding-6303-6301-bahan-rakor")


@pytest.mark.parametrize("written, problem", [
    ("6303,9999", "9999"), ("6303", "2 sampai 4"), ("6303,6303", "2 sampai 4"), ("62,63", "62"),
])
def test_deck_refuses_areas_it_cannot_compare(fixture_database, written, problem):
    chosen = deck.resolve(fixture_database, province="63", year=2024)
    with pytest.raises(LookupError, match=problem):
        deck.resolve_areas(fixture_database, chosen, written)


@pytest.mark.parametrize("areas, code", [("6303,6301", 0), ("63.03, 63", 0), ("6303,9999", 1)])
def test_cli_compare_areas(fixture_env, tmp_path, drawn_elsewhere, capsys, areas, code):
    out = tmp_path / "rakor.pptx"
    assert cli.main(["deck", "--province", "63", "--year", "2024", "--compare-areas", areas,
                     "--out", str(out)]) == code
    if code == 0:
        titles = [s.shapes.title.text for s in Presentation(str(out)).slides]
        assert "Perbandingan wilayah 2024" in titles
    else:
        assert "9999" in capsys.readouterr().err and not out.exists()
