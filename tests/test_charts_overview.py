"""Figures of the Ringkasan page, checked without a browser: traces, colours, legends, labels."""

import pandas as pd
import pytest

from idm import narrative, rules
from idm.charts import SMALLEST_NAME, heading_and_body, larger_type
from idm.charts import ringkasan as figures

UNITS = pd.DataFrame({
    "name": ["Tabalong", "Banjar", "Kotabaru", "Kota Banjarmasin"],
    "idm": [0.8349, 0.7743, 0.7400, None],
    "status": ["MANDIRI", "MAJU", "MAJU", None],
    "idm_compare": [0.80, 0.75, 0.70, None],
    "change": [0.0349, 0.0243, 0.04, None],
})
TREND = pd.DataFrame({
    "year": [2021, 2022, 2023, 2024], "idm": [0.6472, 0.7105, 0.7480, 0.7903],
    "status": ["BERKEMBANG", "MAJU", "MAJU", "MAJU"], "source": ["publikasi", "publikasi", "desa", "desa"],
    "mandiri": [28, 100, 294, 811], "maju": [398, 835, 1074, 839], "berkembang": [1334, 892, 501, 221],
    "tertinggal": [98, 34, 2, 0], "sangat_tertinggal": [6, 3, 0, 0],
})


def legend_names(figure) -> list[str]:
    return [t.name for t in figure.data if t.showlegend is not False and t.name]


def test_ranking_lists_all_five_statuses_and_names_kota_without_idm():
    figure = figures.ranking_bar(frame=UNITS, title="Peringkat", subtitle="Kalimantan Selatan, 2024",
                                 compare_year=2023)
    assert set(rules.STATUS_LABELS.values()) <= set(legend_names(figure))
    bars = {t.name: t for t in figure.data if t.type == "bar"}
    assert bars["Mandiri"].marker.color == rules.STATUS_COLOURS["MANDIRI"]
    assert sorted(bars["Maju"].text) == ["0,7400", "0,7743"]
    assert "Kota Banjarmasin" not in [y for t in figure.data if t.type == "bar" for y in t.y]
    assert any("Tanpa IDM (kelurahan): Kota Banjarmasin" in a.text for a in figure.layout.annotations)
    assert figure.layout.separators == ",."


@pytest.mark.parametrize("count", [20, 37])
def test_a_long_ranking_on_a_slide_names_every_bar(count):
    """On the 1366x768 slide (540 px) Plotly named every other of Kab. Banjar's 20 kecamatan; every name is
    set now, smaller where the rows are tight (the 37 provinces), never smaller than SMALLEST_NAME."""
    units = pd.DataFrame({"name": [f"Kecamatan {i}" for i in range(count)],
                          "idm": [0.6 + i / 200 for i in range(count)], "status": ["MAJU"] * count})
    _, body = heading_and_body(figures.ranking_bar(frame=units, title="Peringkat", subtitle="Banjar, 2024"))
    slide = larger_type(body, 1.15, height=540)
    axis = slide.layout.yaxis
    assert (axis.tickmode, axis.dtick) == ("linear", 1)
    plot = 540 - slide.layout.margin.t - slide.layout.margin.b
    assert SMALLEST_NAME <= axis.tickfont.size <= slide.layout.font.size
    assert axis.tickfont.size * count <= plot  # the names never touch
    assert body.layout.yaxis.dtick is None  # the page's figure, as tall as its rows, is left as it was
    # On a phone the legend takes the rows' room: Plotly thins the names there rather than writing them over
    # each other (ui.widgets.slide_chart asks for every name on other screens only).
    assert larger_type(body, 1.15, height=540, every_name=False).layout.yaxis.dtick is None


def test_too_many_bars_for_a_slide_keep_plotlys_thinning():
    units = pd.DataFrame({"name": [f"Desa {i}" for i in range(80)], "idm": [0.7] * 80, "status": ["MAJU"] * 80})
    _, body = heading_and_body(figures.ranking_bar(frame=units, title="Peringkat", subtitle="Banjar, 2024"))
    assert larger_type(body, 1.15, height=540).layout.yaxis.dtick is None


def test_trend_marks_published_years():
    figure = figures.trend_line(frame=TREND, title="Tren", subtitle="s")
    published = next(t for t in figure.data if t.marker.symbol == "circle-open" and t.x is not None and len(t.x))
    assert list(published.x) == [2021, 2022]
    assert list(published.text) == ["0,6472", "0,7105"]
    assert [a.text for a in figure.layout.annotations][:1] == ["Mandiri > 0,8155"]


def test_trend_label_of_the_last_year_stays_clear_of_the_threshold_label():
    """0,7903 in 2024 printed over 'Mandiri > 0,8155', which sits at the right edge; a value away from the
    thresholds keeps its label above the point."""
    positions = {}
    for frame in (TREND, TREND.assign(idm=[0.6472, 0.7105, 0.7480, 0.7600])):
        figure = figures.trend_line(frame=frame, title="Tren", subtitle="s")
        drawn = next(t for t in figure.data if t.marker.symbol == "circle" and t.x is not None and len(t.x))
        positions[frame["idm"].iloc[-1]] = dict(zip(drawn.x, drawn.textposition))
    assert positions[0.7903] == {2023: "top center", 2024: "bottom center"}
    assert positions[0.7600] == {2023: "top center", 2024: "top center"}


def test_status_stack_stars_published_years_and_keeps_every_status():
    figure = figures.status_stack(frame=TREND, title="Jumlah desa", subtitle="s")
    assert list(figure.data[0].x) == ["2021*", "2022*", "2023", "2024"]
    assert [t.name for t in figure.data] == [s.label for s in reversed(rules.STATUSES)]
    assert "angka yang dipublikasikan" in figure.layout.title.text


@pytest.mark.parametrize("idm, compare, mandiri, mandiri_compare, expected", [
    (0.7903, 0.7480, 811, 294, "IDM Kalimantan Selatan naik dari 0,7480 (2023) menjadi 0,7903 (2024), status Maju; "
                               "desa Mandiri bertambah 517 menjadi 811."),
    (0.7400, 0.7480, 290, 294, "IDM Kalimantan Selatan turun dari 0,7480 (2023) menjadi 0,7400 (2024), status Maju; "
                               "desa Mandiri berkurang 4 menjadi 290."),
    (0.7480, 0.74801, 294, 294, "IDM Kalimantan Selatan tetap 0,7480 pada 2023 dan 2024 (status Maju); "
                                "jumlah desa Mandiri tetap 294."),
])
def test_overview_sentence(idm, compare, mandiri, mandiri_compare, expected):
    text = narrative.overview(area_name="Kalimantan Selatan", year=2024, idm=idm, compare_year=2023,
                              idm_compare=compare, mandiri=mandiri, mandiri_compare=mandiri_compare,
                              units=UNITS.iloc[0:0], unit_word="kabupaten")
    assert text == expected


def test_overview_sentence_names_highest_lowest_and_falling_units():
    units = UNITS.assign(change=[0.03, -0.01, 0.02, None])
    text = narrative.overview(area_name="Kalimantan Selatan", year=2024, idm=0.79, compare_year=2023,
                              idm_compare=0.75, mandiri=10, mandiri_compare=5, units=units, unit_word="kabupaten")
    assert "IDM tertinggi di kabupaten Tabalong (0,8349), terendah di Kotabaru (0,7400, Maju)." in text
    assert "IDM turun di 1 kabupaten (Banjar); perlu dibahas." in text
