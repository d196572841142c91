"""Indikator: which of the 50 IDM indicators hold an area back, which office acts, and which villages
one or two indicators lift to the next status."""

import streamlit as st

from idm import cache, export, fmt, indikator, rules, workbook
from idm.views import indikator as indikator_view
from idm.views.indikator import place
from ui import frame, widgets

chosen = frame.sidebar()
frame.header(chosen, f"Indikator IDM {chosen.area_name}",
             f"50 indikator IDM (skor 0–5) · {place(chosen)} · sumber: API rumusan IDM Kemendes PDTT")
view = cache.view("indikator", chosen=chosen)
widgets.print_button("indikator", view, filters=chosen)

if view.empty:
    widgets.empty(view.empty)
    dimensions = view.dimensions
    if dimensions.empty:
        widgets.empty(dimensions.empty)
        st.stop()
    st.markdown(f"##### Tingkat dimensi {chosen.year}: IKS, IKE, IKL")
    for column, dimension in zip(st.columns(3), rules.DIMENSION_LIST):
        column.metric(f"{dimension.code} ({dimension.name.lower()})", fmt.idm(dimensions.values[dimension.code]))
    if "per-unit" in dimensions.items:
        widgets.show(dimensions.items["per-unit"], filters=chosen)
    st.stop()

first, second, third = st.columns(3)
first.metric("Desa dengan skor indikator", fmt.count(view.villages))
second.metric("Indikator dengan ≥ 50% desa skor 0–2", f"{view.half_low} dari {view.indicators}")
third.metric("Desa naik status dengan 1–2 indikator", fmt.count(view.quick),
             help="Desa di bawah Mandiri yang mencapai status berikutnya bila satu atau dua indikator dinaikkan "
                  "ke skor 5 (dari IDM resmi).")

st.markdown("#### Sub-dimensi")
widgets.show(view.items["sub-dimensi"], filters=chosen)

st.markdown("#### Kekurangan terbesar")
st.caption("Indikator dengan desa terbanyak yang bernilai 0–2, dengan kegiatan acuan Kemendes (untuk skor 0–2 "
           "yang paling sering) dan pihak yang bertanggung jawab.")
widgets.show(view.items["kekurangan"], filters=chosen)
if "kekurangan-tabel" in view.items:
    widgets.show(view.items["kekurangan-tabel"], filters=chosen)

st.markdown("#### Per sektor: daftar untuk tiap dinas")
st.caption("Indikator dikelompokkan menurut dinas yang bertindak (kolom pelaksana kamus indikator). Satu indikator "
           "bisa masuk lebih dari satu sektor, mis. akses sarana kesehatan: Dinkes dan PU.")
sectors = list(indikator.SECTOR_LABELS)
# One sector at a time (in the link as ?sektor=): every table drawn at once would cost each click.
sector = frame.linked(st.segmented_control, "Sektor", sectors, key="sektor", default=sectors[0],
                      format_func=indikator.SECTOR_LABELS.get, label_visibility="collapsed")
st.caption(f"Dinas/pihak: {indikator.SECTOR_OFFICES[sector]}")
widgets.show(view.items[f"sektor-{sector}"], filters=chosen)

st.markdown(f"#### {workbook.TITLE}")
st.caption("Per sektor: desa di bawah Mandiri yang punya indikator sektor itu dengan skor di bawah 5, dan desa yang "
           "naik status bila indikator sektor itu saja dinaikkan ke skor 5. Buku kerja Excel berisi satu lembar per "
           "sektor (desa, indikator, skor, penanggung jawab, kegiatan acuan, tambahan IDM) untuk tiap OPD.")
widgets.show(view.items[indikator_view.SYNC], filters=chosen)
if "sinkronisasi-tabel" in view.items:
    widgets.show(view.items["sinkronisasi-tabel"], filters=chosen)
if view.book is not None and not frame.presenting():
    # Written only when clicked (a province's workbook takes a few seconds), like every download.
    st.download_button(f"{workbook.TITLE} (XLSX, satu lembar per sektor)",
                       data=lambda: indikator_view.workbook_file(view),
                       file_name=export.file_name(chosen, workbook.NAME, "xlsx"), mime=export.MIME["xlsx"],
                       key=f"workbook-{workbook.NAME}", icon=":material/download:", on_click="ignore",
                       help="Lembar Ringkasan dan satu lembar per sektor, baris dengan tambahan IDM terbesar dahulu")

st.markdown("#### Naik status dengan satu atau dua indikator")
st.caption("Untuk tiap desa: indikator paling sedikit yang, bila masing-masing dinaikkan ke skor 5, membawa desa ke "
           "status berikutnya; indikator yang paling banyak menambah IDM didahulukan (satu poin IKL bernilai hampir "
           "12 poin IKS). Dihitung dari IDM resmi.")
widgets.show(view.items[indikator_view.GAIN], filters=chosen)
if "naik-status-tabel" in view.items:
    widgets.show(view.items["naik-status-tabel"], filters=chosen)
if "naik-status-desa" in view.items:
    st.markdown("##### Daftar desa")
    widgets.show(view.items["naik-status-desa"], filters=chosen)

st.markdown("#### Rapor desa: 50 skor")
choices = view.villages_by_name
labels = dict(zip(choices["village_code"], choices["label"]))
requested = st.query_params.get("desa")
if "desa_rapor" not in st.session_state and requested in labels:
    st.session_state["desa_rapor"] = requested
village = st.selectbox("Desa", list(labels), index=None, key="desa_rapor", format_func=labels.get,
                       placeholder="Pilih desa (ketik nama)")
if village is None:
    st.query_params.pop("desa", None)
    widgets.empty("Pilih desa untuk melihat rapor 50 indikatornya.")
    st.stop()
st.query_params["desa"] = village
card = cache.view("indikator-rapor", chosen=chosen, village=village)
st.markdown(frame.text(card.sentence))
widgets.show(card.items["rapor"], filters=chosen)
widgets.show(card.items["rapor-tabel"], filters=chosen)
