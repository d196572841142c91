"""A link's query parameters become valid filters; bad or stale values fall back with a notice."""

import pytest

from idm.filters import Filters, resolve
from tests.helpers import errors, open_page


class FakeCatalog:
    def provinces(self):
        return {"63": "Kalimantan Selatan", "62": "Kalimantan Tengah", "32": "Jawa Barat"}

    def years(self, province):
        return {"63": {2021: "publikasi", 2022: "publikasi", 2023: "desa", 2024: "desa"},
                "62": {2023: "desa", 2024: "desa"}, "32": {2024: "desa"}}.get(province, {})

    def regencies(self, province):
        return {"63": {"6301": "Tanah Laut", "6303": "Banjar"}}.get(province, {})

    def districts(self, regency):
        return {"6303": {"630301": "Aluh-Aluh"}}.get(regency, {})


@pytest.mark.parametrize("params, expected, notices", [
    ({}, {"province": "63", "year": 2024, "compare_year": 2023, "regency": None}, 0),
    ({"prov": "62"}, {"province": "62", "year": 2024, "compare_year": 2023}, 0),
    ({"prov": "32"}, {"province": "32", "year": 2024, "compare_year": None}, 0),
    ({"prov": "KAL"}, {"province": "KAL", "year": 2024, "compare_year": 2023, "area": "6"}, 0),
    ({"prov": "99"}, {"province": "63"}, 1),
    ({"tahun": "2022"}, {"year": 2022, "year_source": "publikasi", "compare_year": 2021}, 0),
    ({"tahun": "2030"}, {"year": 2024}, 1),
    ({"tahun": "abc"}, {"year": 2024}, 1),
    ({"tahun": "2024", "banding": "2021"}, {"compare_year": 2021, "compare_source": "publikasi"}, 0),
    ({"tahun": "2024", "banding": "2024"}, {"compare_year": 2023}, 1),
    ({"kab": "6303"},
     {"regency": "6303", "area": "6303", "area_name": "Kabupaten Banjar", "unit_word": "kecamatan"}, 0),
    ({"kab": "63.03"}, {"regency": "6303"}, 0),
    ({"kab": "6399"}, {"regency": None, "area": "63"}, 1),
    ({"kab": "6303", "kec": "630301"}, {"district": "630301", "area": "630301", "unit_word": "desa"}, 0),
    ({"kab": "6303", "kec": "639999"}, {"district": None, "area": "6303"}, 1),
    ({"prov": "62", "kab": "6303"}, {"province": "62", "regency": None}, 1),
])
def test_resolve(params, expected, notices):
    chosen, said = resolve(params, FakeCatalog())
    for name, value in expected.items():
        assert getattr(chosen, name) == value, name
    assert len(said) == notices, said


def test_params_round_trip():
    chosen, _ = resolve({"kab": "6303", "tahun": "2023"}, FakeCatalog())
    assert chosen.as_params() == {"prov": "63", "tahun": "2023", "banding": "2022", "kab": "6303"}
    again, notices = resolve(chosen.as_params(), FakeCatalog())
    assert again == chosen and not notices


def test_slug_and_context_name_what_is_shown():
    chosen, _ = resolve({"kab": "6303"}, FakeCatalog())
    assert chosen.slug == "kalsel-banjar-2024"
    assert chosen.context == "Kalimantan Selatan, Banjar, 2024 (pembanding 2023)"
    assert isinstance(chosen, Filters)


@pytest.mark.app
def test_choices_stay_across_pages_and_in_the_link(fixture_env):
    """2023 against 2022 and Kab. Banjar chosen on Ringkasan, then Tren, Kelola data (no filters there) and
    back: the same choices, in the sidebar and in the link; Peta's measure survives a trip to Tren."""
    app = open_page()
    app.sidebar.selectbox(key="tahun").set_value(2023).run()
    app.sidebar.selectbox(key="banding").set_value(2022).run()
    app.sidebar.selectbox(key="kab").set_value("6303").run()
    for page in ("tren", "kelola", "ringkasan"):
        app.switch_page(f"pages/{page}.py").run()
        assert not errors(app), page
    assert (app.sidebar.selectbox(key="tahun").value, app.sidebar.selectbox(key="banding").value,
            app.sidebar.selectbox(key="kab").value) == (2023, 2022, "6303")
    assert {name: str(app.query_params[name]).strip("[]'") for name in ("tahun", "banding", "kab")} == {
        "tahun": "2023", "banding": "2022", "kab": "6303"}
    app.switch_page("pages/peta.py").run()
    app.radio(key="ukuran").set_value("status").run()
    app.switch_page("pages/tren.py").run()
    app.switch_page("pages/peta.py").run()
    assert not errors(app)
    assert app.radio(key="ukuran").value == "status"
    assert str(app.query_params["ukuran"]).strip("[]'") == "status"
    assert app.sidebar.selectbox(key="kab").value == "6303"
