"""Bandingkan on the fixture database: KPIs per area equal pandas on the fixture's rows, the choice travels
in the link (?bandingkan=6303,6301) and back, codes the page does not offer are left out with a notice,
never more than four areas; the indicator section on the indicator fixture and without scores."""

from __future__ import annotations

import pandas as pd
import pytest

from tests import fixtures
from tests.helpers import errors, markdown, open_interactive, open_page, unescape
from tests.test_indicators import VILLAGES, build_indicator_fixture

pytestmark = pytest.mark.app  # runs the dashboard in AppTest


def decimal(value: float, *, sign: bool = False) -> str:
    """0.7480 -> '0,7480' (+0,0423 with sign), written here rather than with idm.fmt: the oracle."""
    return (f"{value:+.4f}" if sign else f"{value:.4f}").replace(".", ",")


def rows_of(area: str, year: int) -> pd.DataFrame:
    rows = fixtures.village_rows()
    return rows[(rows["year"] == year) & rows["village_code"].str.startswith(area)]


def cards(app) -> list[dict[str, object]]:
    """The KPI row: per area (in order) its three metrics, label -> (value, delta)."""
    shown = [(m.label, m.value, m.delta) for m in app.metric]
    return [{label: (value, delta) for label, value, delta in shown[i:i + 3]} for i in range(0, len(shown), 3)]


def link(app) -> str | None:
    value = app.query_params.get("bandingkan")
    return value[0] if isinstance(value, list) else value


def notices(app) -> str:
    return unescape("\n".join([c.value for c in app.caption] + [t.value for t in app.toast]))


@pytest.mark.parametrize("areas", [("6301", "6303"), ("6303", "63"), ("6302", "6301", "6303", "63")])
def test_kpis_equal_the_fixture_rows(fixture_env, areas):
    app = open_page("bandingkan", tahun="2024", banding="2023", bandingkan=",".join(areas))
    assert not errors(app)
    shown = cards(app)
    assert len(shown) == len(areas)
    for area, card in zip(areas, shown):
        now, before = rows_of(area, 2024), rows_of(area, 2023)
        value, delta = card["IDM 2024"]
        assert value == decimal(now["idm"].mean())
        assert delta == f"{decimal(now['idm'].mean() - before['idm'].mean(), sign=True)} dari 2023"
        mandiri = int((now["status"] == "MANDIRI").sum())
        assert card["Desa Mandiri"][0] == str(mandiri)
        assert card["Desa Mandiri"][1] == f"{mandiri - int((before['status'] == 'MANDIRI').sum()):+d} dari 2023"
        assert card["Jumlah desa"][0] == str(len(now))
    headers = [m.value for m in app.markdown if m.value.startswith("##### ")]
    names = {"6301": "Kab. Tanah Laut", "6302": "Kab. Kotabaru", "6303": "Kab. Banjar", "63": "Rata-rata provinsi"}
    assert [unescape(h.removeprefix("##### ")) for h in headers] == [names[a] for a in areas]


def test_sentence_names_the_leader(fixture_env):
    app = open_page("bandingkan", tahun="2024", bandingkan="6301,6303")
    means = {area: rows_of(area, 2024)["idm"].mean() for area in ("6301", "6303")}
    top = max(means, key=means.get)
    name = {"6301": "Kab. Tanah Laut", "6303": "Kab. Banjar"}[top]
    assert f"IDM 2024 tertinggi {name} {decimal(means[top])}" in markdown(app)


def test_link_round_trip(fixture_env):
    app = open_page("bandingkan", bandingkan="6303,6301")
    assert not errors(app)
    chosen = app.multiselect(key="bandingkan")
    assert chosen.value == ["6303", "6301"]
    assert link(app) == "6303,6301"
    chosen.set_value(["6302", "63"]).run()
    assert not errors(app)
    assert link(app) == "6302,63"
    assert [m.value for m in app.markdown if m.value.startswith("##### ")][:2] == ["##### Kab\\. Kotabaru",
                                                                                 "##### Rata\\-rata provinsi"]
    # Another page and back: the choice is kept for the session and written to the link again.
    app.switch_page("pages/tren.py").run()
    app.switch_page("pages/bandingkan.py").run()
    assert not errors(app)
    assert app.multiselect(key="bandingkan").value == ["6302", "63"]
    assert link(app) == "6302,63"


def test_one_area_asks_for_a_second_and_none_leaves_the_link(fixture_env):
    app = open_page("bandingkan", bandingkan="6303")
    assert not errors(app)
    assert any("Pilih 2 sampai 4 wilayah" in i.value for i in app.info)
    assert not app.metric
    app.multiselect(key="bandingkan").set_value([]).run()
    assert link(app) is None
    assert any("Pilih 2 sampai 4 wilayah" in i.value for i in app.info)


@pytest.mark.parametrize("written, kept, bad", [
    ("6303,9999,6301", "6303,6301", "9999"),
    ("6371,6301,63", "6301,63", "6371"),  # the kota without desa is not offered
    ("6201,6301,6302", "6301,6302", "6201"),  # a regency of another province
    ("<b>x</b>,6301,6302", "6301,6302", "<b>x</b>"),
])
def test_a_bad_code_is_ignored_with_a_notice(fixture_env, written, kept, bad):
    app = open_page("bandingkan", bandingkan=written)
    assert not errors(app)
    assert link(app) == kept
    assert f"Nilai '{bad}' untuk 'bandingkan' di tautan tidak tersedia dan diabaikan." in notices(app)
    assert len(cards(app)) == len(kept.split(","))
    # The notice stays in the sidebar for the session, as the filters' notices do.
    app.run()
    assert any(bad in unescape(c.value) for c in app.sidebar.caption)


def test_at_most_four(fixture_env):
    app = open_page("bandingkan", bandingkan="63,6301,6302,6303,6301")
    assert not errors(app)
    chosen = app.multiselect(key="bandingkan")
    assert chosen.proto.max_selections == 4
    assert chosen.value == ["63", "6301", "6302", "6303"]  # the repeated code counted once
    assert len(cards(app)) == 4


def test_more_than_four_in_the_link_are_cut_with_a_notice(bundle_db, monkeypatch):
    monkeypatch.setenv("IDM_DB", str(bundle_db))
    app = open_page("bandingkan", prov="63", tahun="2024", bandingkan="6301,6302,6303,6304,6305,6306")
    assert not errors(app)
    assert link(app) == "6301,6302,6303,6304"
    assert "Paling banyak 4 pilihan untuk 'bandingkan'; '6305, 6306' di tautan diabaikan." in notices(app)
    assert len(cards(app)) == 4


def test_regency_filter_is_the_default_beside_the_province(fixture_env):
    app = open_page("bandingkan", kab="6302")
    assert not errors(app)
    assert app.multiselect(key="bandingkan").value == ["6302", "63"]
    assert link(app) == "6302,63"


def test_provinces_in_the_kalimantan_view(fixture_env):
    app = open_page("bandingkan", prov="KAL", bandingkan="63,62")
    assert not errors(app)
    assert app.multiselect(key="bandingkan").options == ["Kalimantan Selatan", "Kalimantan Tengah"]
    shown = cards(app)
    for area, card in zip(("63", "62"), shown):
        assert card["IDM 2024"][0] == decimal(rows_of(area, 2024)["idm"].mean())


def test_a_published_year_says_which_areas_have_no_figures(fixture_env):
    app = open_page("bandingkan", tahun="2021", bandingkan="6301,63")
    assert not errors(app)
    assert any("Tidak ada angka 2021 untuk Kab. Tanah Laut" in i.value.replace("\\", "") for i in app.info)
    assert cards(app)[0]["IDM 2021"][0] == "0,6012"  # the province's published figure
    assert any("IKS, IKE dan IKL 2021 tidak tersedia" in unescape(i.value) for i in app.info)


def test_no_indicator_scores_said_plainly(fixture_env):
    app = open_page("bandingkan", bandingkan="6301,6303")
    assert not errors(app)
    assert any("tidak memiliki skor 50 indikator" in unescape(i.value) for i in app.info)


@pytest.fixture(scope="module")
def indicator_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("page-bandingkan") / "indicators.duckdb"
    build_indicator_fixture(path)
    return path


def test_indicators_where_the_areas_differ_most(indicator_path, monkeypatch):
    monkeypatch.setenv("IDM_DB", str(indicator_path))
    app = open_interactive("bandingkan", bandingkan="6301,6302")
    assert not errors(app)
    [table] = [d.value for d in app.dataframe if "Selisih" in d.value.columns]
    means = pd.DataFrame({code: chosen for code, (_, chosen, _) in VILLAGES.items()}).T
    by_area = means.groupby(means.index.str[:4]).mean().T
    spread = (by_area["6301"] - by_area["6302"]).abs().round(2)
    expected = spread[spread > 0].sort_values(ascending=False, kind="stable")
    assert len(table) == min(10, len(expected))
    assert list(table["Selisih"]) == pytest.approx(list(expected.iloc[:len(table)]))
    first = table.iloc[0]
    assert first["Skor Kab. Tanah Laut"] == pytest.approx(round(by_area.loc[first["Kode"], "6301"], 2))
    assert first["Skor Kab. Kotabaru"] == pytest.approx(round(by_area.loc[first["Kode"], "6302"], 2))


def test_an_indeks_desa_year_compares_counts_never_idm_values(bundle_db, monkeypatch):
    """The real bundle's 2025: Kabupaten Banjar's published Indeks Desa counts, none for Tabalong."""
    monkeypatch.setenv("IDM_DB", str(bundle_db))
    app = open_page("bandingkan", prov="63", tahun="2025", bandingkan="6303,6309")
    assert not errors(app)
    shown = {(m.label, m.value, m.delta) for m in app.metric}
    assert shown == {("Desa Mandiri", "114", "+28 dari 2024"), ("Jumlah desa", "277", "")}  # no IDM 2025
    text = notices(app)
    assert "2025 diukur dengan Indeks Desa: tanpa nilai IDM dan tanpa status wilayah (IDM 2024: 0,7743, Maju)." in text
    assert any("Tidak ada angka 2025 untuk Kab. Tabalong" in unescape(i.value) for i in app.info)
    assert "Pilih tahun 2024 di samping untuk membandingkan nilai IDM." in text
