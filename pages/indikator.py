"""Indikator: which of the 50 IDM indicators hold an area back, which office acts, and which villages
one or two indicators lift to the next status."""

import streamlit as st

from idm import cache, fmt, indicators
from idm.charts import indicators as figures
from ui import frame, widgets

chosen = frame.sidebar()
# Indicator figures have no comparison year: the place and the year only.
place = chosen.context.replace(f" (pembanding {chosen.compare_year})", "")
st.title(f"Indikator IDM {chosen.area_name}")
st.caption(f"50 indikator IDM (skor 0–5) · {place} · sumber: API rumusan IDM Kemendes PDTT")
frame.banners(chosen)

SOURCE = "Sumber: API IDM Kemendes PDTT"
column_percent = st.column_config.NumberColumn(format="%.1f%%")
column_idm = st.column_config.NumberColumn(format="%.4f")


def dimension_view() -> None:
    """Years without indicator scores: the area's IKS, IKE, IKL and those of its units."""
    if chosen.year_source == "publikasi":
        widgets.empty(f"Tahun {chosen.year} juga tidak memiliki data per desa: hanya angka provinsi yang "
                      "dipublikasikan. Pilih tahun 2024 untuk 50 indikator.")
        return
    kpi = cache.area_kpi(area=chosen.area, year=chosen.year)
    if not kpi["scored"]:
        widgets.empty(f"Tidak ada desa bernilai IDM di {chosen.area_name} tahun {chosen.year}.")
        return
    st.markdown(f"##### Tingkat dimensi {chosen.year}: IKS, IKE, IKL")
    columns = st.columns(3)
    for column, (code, name) in zip(columns, (("iks", "IKS (ketahanan sosial)"), ("ike", "IKE (ketahanan ekonomi)"),
                                             ("ikl", "IKL (ketahanan lingkungan)"))):
        column.metric(name, fmt.idm(kpi[code]))
    units = cache.unit_ranking(area=chosen.area, year=chosen.year, compare_year=chosen.year)
    units = units[units["idm"].notna()]
    if not units.empty:
        widgets.table(units[["name", "villages", "iks", "ike", "ikl", "idm"]].rename(columns={
            "name": chosen.unit_word.capitalize(), "villages": "Desa", "iks": "IKS", "ike": "IKE", "ikl": "IKL",
            "idm": "IDM"}), name=f"dimensi-per-{chosen.unit_word}", filters=chosen,
            column_config={c: column_idm for c in ("IKS", "IKE", "IKL", "IDM")})


if not cache.has_indicator_tables():
    widgets.empty("Database ini belum berisi tabel indikator. Bangun ulang dengan `python -m idm build` "
                  "agar skor 50 indikator terbaca.")
    st.stop()

view = cache.indicator_view(area=chosen.area, year=chosen.year,
                            province=None if chosen.is_group else chosen.province)
if not view.villages:
    if view.years_with_data:
        years = ", ".join(str(y) for y in view.years_with_data)
        widgets.empty(f"Skor 50 indikator hanya tersedia untuk tahun {years}; tahun {chosen.year} tidak memiliki "
                      f"data indikator untuk {chosen.area_name}. Di bawah ini tampilan tingkat dimensi; pilih "
                      f"tahun {view.years_with_data[-1]} di samping untuk melihat indikator.")
    else:
        widgets.empty(f"Belum ada skor indikator untuk {chosen.area_name} di database ini (tersedia untuk "
                      "Kalimantan Tengah, Selatan dan Timur 2024). Di bawah ini tampilan tingkat dimensi.")
    dimension_view()
    st.stop()

dictionary = cache.indicator_dictionary(year=chosen.year)
levels = cache.indicator_levels(year=chosen.year)
actors = cache.indicator_actors(year=chosen.year)
gain_rows = indicators.village_gain_rows(view.gains, dictionary)
unit_word = "kecamatan" if view.unit == "district" else "kabupaten/kota"

first, second, third = st.columns(3)
first.metric("Desa dengan skor indikator", fmt.count(view.villages))
half = int((view.table["low_share"] >= 0.5).sum())
second.metric("Indikator dengan ≥ 50% desa skor 0–2", f"{half} dari {len(view.table)}")
quick = int(view.gain_units["up_to_two"].sum())
third.metric("Desa naik status dengan 1–2 indikator", fmt.count(quick),
             help="Desa di bawah Mandiri yang mencapai status berikutnya bila satu atau dua indikator dinaikkan "
                  "ke skor 5 (dari IDM resmi).")

st.markdown("#### Sub-dimensi")
widgets.chart(figures.sub_dimension_bars(
    frame=view.sub_dimensions, reference_name=view.reference_name,
    title=f"12 sub-dimensi IDM {chosen.area_name}",
    subtitle=f"{place} · garis hitam: {view.reference_name} · {SOURCE}"),
    name="sub-dimensi", filters=chosen)

st.markdown("#### Kekurangan terbesar")
st.caption("Indikator dengan desa terbanyak yang bernilai 0–2, dengan kegiatan acuan Kemendes (untuk skor 0–2 "
           "yang paling sering) dan pihak yang bertanggung jawab.")
shortfalls = indicators.shortfalls(view.table, top=10)
if shortfalls.empty:
    widgets.empty(f"Tidak ada indikator dengan skor 0–2 di {chosen.area_name}.")
else:
    widgets.chart(figures.shortfall_bars(frame=shortfalls, title=f"Kekurangan terbesar {chosen.area_name}",
                                         subtitle=f"{place} · desa dengan skor 0–2 · {SOURCE}"),
                  name="kekurangan-terbesar", filters=chosen)
    widgets.table(indicators.shortfall_rows(shortfalls), name="kekurangan-terbesar", filters=chosen,
                  column_config={"% desa skor 0–2": column_percent})

st.markdown("#### Per sektor: daftar untuk tiap dinas")
st.caption("Indikator dikelompokkan menurut dinas yang bertindak (kolom pelaksana kamus indikator). Satu indikator "
           "bisa masuk lebih dari satu sektor, mis. akses sarana kesehatan: Dinkes dan PU.")
sector_keys = list(indicators.SECTOR_LABELS)
tabs = st.tabs([indicators.SECTOR_LABELS[k] for k in sector_keys])
for tab, key in zip(tabs, sector_keys):
    with tab:
        part = view.sectors[view.sectors["sector"] == key]
        st.caption(f"Dinas/pihak: {indicators.SECTOR_OFFICES[key]}")
        widgets.table(indicators.shortfall_rows(part), name=f"sektor-{key}", filters=chosen,
                      column_config={"% desa skor 0–2": column_percent})

st.markdown("#### Naik status dengan satu atau dua indikator")
st.caption("Untuk tiap desa: indikator paling sedikit yang, bila masing-masing dinaikkan ke skor 5, membawa desa ke "
           "status berikutnya; indikator yang paling banyak menambah IDM didahulukan (satu poin IKL bernilai hampir "
           "12 poin IKS). Dihitung dari IDM resmi.")
if view.gain_units.empty or not quick:
    widgets.empty(f"Tidak ada desa di {chosen.area_name} yang naik status dengan satu atau dua indikator.")
else:
    widgets.chart(figures.gain_bars(
        frame=view.gain_units, unit_word=unit_word,
        title="Desa naik status dengan 1–2 indikator",
        subtitle=f"{place} · per {unit_word} · indikator dinaikkan ke skor 5 · {SOURCE}"),
        name=f"naik-status-per-{view.unit}", filters=chosen)
    widgets.table(indicators.unit_gain_rows(view.gain_units, dictionary, unit_word), name=f"naik-status-per-{view.unit}",
                  filters=chosen, column_config={"% desa": column_percent})
if not gain_rows.empty:
    st.markdown("##### Daftar desa")
    widgets.table(gain_rows, name="naik-status-desa", filters=chosen, height=420,
                  column_config={"IDM": column_idm, "Kurang": column_idm})

st.markdown("#### Rapor desa: 50 skor")
villages = view.gains.sort_values(["name", "village_code"])
options = list(villages["village_code"])
labels = {c: f"{n} (Kec. {d})" for c, n, d in zip(villages["village_code"], villages["name"], villages["district_name"])}
requested = st.query_params.get("desa")
if "desa_rapor" not in st.session_state and requested in labels:
    st.session_state["desa_rapor"] = requested
village = st.selectbox("Desa", options, index=None, key="desa_rapor", format_func=labels.get,
                       placeholder="Pilih desa (ketik nama)")
if village is None:
    st.query_params.pop("desa", None)
    widgets.empty("Pilih desa untuk melihat rapor 50 indikatornya.")
    st.stop()
st.query_params["desa"] = village

row = view.gains[view.gains["village_code"] == village].iloc[0]
card = indicators.report_card(scores=cache.indicator_scores_long(area=village, year=chosen.year),
                              dictionary=dictionary, levels=levels, actors=actors)
sentence = indicators.village_sentence(row, card, dictionary)
st.markdown(sentence)
widgets.chart(figures.report_card(card=card, title=f"Rapor indikator Desa {row['name']}",
                                  subtitle=f"Kec. {row['district_name']}, {row['regency_name']}, {chosen.year} · {SOURCE}"),
              name=f"rapor-{village}", filters=chosen)
widgets.table(indicators.report_card_rows(card), name=f"rapor-{village}", filters=chosen,
              column_config={"Tambahan IDM bila skor 5": column_idm})
