"""Peta: where the villages stand, regency by regency, down to the village polygons."""

import streamlit as st

from idm import cache, fmt, maps
from ui import frame, widgets

chosen = frame.sidebar()
st.title(f"Peta IDM {chosen.area_name}")
st.caption(f"Indeks Desa Membangun {chosen.context}")
frame.banners(chosen)

if chosen.year_source == "publikasi":
    published = cache.published_summary(province=chosen.province, year=chosen.year)
    figure = f" (IDM provinsi {fmt.idm(published['idm'].iloc[0])})" if not published.empty else ""
    widgets.empty(f"Tahun {chosen.year} hanya memiliki angka provinsi yang dipublikasikan{figure}: tidak ada nilai per "
                  "kabupaten, kecamatan atau desa untuk dipetakan. Pilih tahun dengan data per desa di samping.")
    st.stop()

# The measure travels in the link too (?ukuran=status): taken from it once, then from the widget.
if "ukuran" not in st.session_state:
    st.session_state["ukuran"] = maps.measure(st.query_params.get("ukuran"))
measure = st.radio("Warnai peta menurut", list(maps.MEASURES), key="ukuran", format_func=maps.MEASURES.get,
                   horizontal=True)
st.query_params["ukuran"] = measure
has_change = chosen.compare_year is not None and chosen.compare_source == "desa"
if measure == "perubahan" and not has_change:
    widgets.empty(f"Perubahan IDM tidak dapat dipetakan: tahun pembanding {chosen.compare_year or '-'} tidak memiliki "
                  "data per desa. Peta di bawah diwarnai menurut IDM; pilih tahun pembanding lain di samping.")
    measure = "idm"

compare_year = chosen.compare_year if has_change else None
year_pair = dict(year=chosen.year, compare_year=compare_year or chosen.year)
source_note = "Sumber: IDM Kemendes PDTT; batas wilayah disederhanakan"


def pick(widget_key: str, target: str) -> None:
    """A click on a region sets the sidebar filter `target` ('prov', 'kab' or 'kec')."""
    points = st.session_state[widget_key]["selection"]["points"]
    code = next((p["customdata"][0] for p in points if p.get("customdata")), None)
    if code is None:
        return
    st.session_state[target] = code
    for finer in {"prov": ("kab", "kec"), "kab": ("kec",), "kec": ()}[target]:
        st.session_state[finer] = frame.ALL


top_area, top_level, top_word = ("6", "provinsi", "provinsi") if chosen.is_group else (chosen.province, "kabupaten",
                                                                                       "kabupaten/kota")
top_values = cache.unit_ranking(area=top_area, **year_pair)
top_shapes = cache.geojson(top_level, top_area)
title = f"{maps.measure_title(measure, chosen.year, compare_year)} per {top_word}"
top_figure = maps.choropleth(
    geojson=top_shapes, values=top_values, measure_name=measure, year=chosen.year, compare_year=compare_year,
    title=title, subtitle=f"{chosen.province_name} · {source_note}", highlight=chosen.regency,
    height=700 if not chosen.regency else 620, width_hint=1300 if not chosen.regency else 680)

if not chosen.regency:
    if not top_shapes["features"]:
        widgets.empty(f"Tidak ada batas wilayah untuk {chosen.province_name} di database.")
    else:
        widgets.chart(top_figure, name=f"peta-{top_level}", filters=chosen,
                      on_select=lambda: pick(f"chart-peta-{top_level}", "prov" if chosen.is_group else "kab"))
        st.caption(f":material/touch_app: Klik sebuah {top_word} di peta untuk melihat "
                   + ("kabupaten/kotanya." if chosen.is_group else "kecamatan dan desanya."))
    st.stop()

district_shapes = cache.geojson("kecamatan", chosen.regency)
left, right = st.columns(2)
with left:
    widgets.chart(top_figure, name="peta-kabupaten", filters=chosen,
                  on_select=lambda: pick("chart-peta-kabupaten", "kab"))
with right:
    if not district_shapes["features"]:
        widgets.empty(f"Batas kecamatan dan desa hanya tersedia untuk provinsi di Kalimantan; {chosen.area_name} "
                      "tidak dapat dirinci di peta. Angka per kecamatan dan desa ada di halaman Tren dan Desa.")
        st.stop()
    district_values = cache.unit_ranking(area=chosen.regency, **year_pair)
    widgets.chart(maps.choropleth(
        geojson=district_shapes, values=district_values, measure_name=measure, year=chosen.year,
        compare_year=compare_year, title=f"{maps.measure_title(measure, chosen.year, compare_year)} per kecamatan",
        subtitle=f"{chosen.regency_name} · {source_note}", highlight=chosen.district, height=620, width_hint=680,
    ), name="peta-kecamatan", filters=chosen, on_select=lambda: pick("chart-peta-kecamatan", "kec"))

village_area = chosen.district or chosen.regency
villages = cache.village_map_values(area=village_area, **year_pair)
st.markdown(f"#### {maps.measure_title(measure, chosen.year, compare_year)} per desa, {chosen.area_name}")
if villages.empty:
    widgets.empty(f"Tidak ada desa ber-IDM di {chosen.area_name} tahun {chosen.year}.")
    st.stop()
deck, legend = maps.village_deck(geojson=cache.geojson("desa", village_area), values=villages,
                                 measure_name=measure, year=chosen.year, compare_year=compare_year)
st.pydeck_chart(deck, height=620, key="peta-desa")
st.markdown(maps.legend_html(legend, measure_name=measure, year=chosen.year, compare_year=compare_year),
            unsafe_allow_html=True)
st.caption("Arahkan kursor ke sebuah desa untuk melihat nama, kecamatan, IDM, status dan perubahannya.")
with st.expander("Angka per desa di peta ini (untuk diunduh)"):
    widgets.table(maps.village_table(villages, year=chosen.year, compare_year=compare_year),
                  name="peta-desa", filters=chosen, height=360)

missing = maps.without_polygon(villages)
if not missing.empty:
    st.markdown(f"##### {fmt.count(len(missing))} desa tanpa batas wilayah (tidak tergambar di peta)")
    widgets.table(missing, name="desa-tanpa-batas", filters=chosen)
