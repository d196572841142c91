"""Kemiskinan: IDM beside the BPS poverty and welfare figures, per regency."""

import streamlit as st

from idm import fmt
from ui import frame, widgets

chosen = frame.sidebar()
frame.header(chosen, f"IDM dan kemiskinan {chosen.province_name}",
             f"IDM desa dibandingkan dengan persentase penduduk miskin (P0) BPS per kabupaten/kota · {chosen.context}")
view = widgets.view("kemiskinan", chosen=chosen)

if chosen.regency:
    st.caption(f"Data BPS tersedia per kabupaten/kota: {frame.text(chosen.area_name)} ditandai tebal di antara "
               f"kabupaten/kota {frame.text(chosen.province_name)}.")

st.markdown(f"##### IDM dan penduduk miskin {chosen.year}")
if view.year_notice:
    widgets.empty(view.year_notice)
widgets.show(view.items["tahun"], filters=chosen)

st.markdown("##### Perubahan IDM dan perubahan kemiskinan")
if view.sentence:
    st.markdown(f"#### {frame.text(view.sentence)}")
widgets.show(view.items["perubahan"], filters=chosen)
if "perubahan-tabel" in view.items:
    widgets.show(view.items["perubahan-tabel"], filters=chosen)

st.markdown("##### IDM dan penduduk miskin, semua tahun")
widgets.show(view.items["per-tahun"], filters=chosen)
st.caption("IDM kosong: kota tanpa desa (hanya kelurahan) atau tahun tanpa data per desa; IDM provinsi pada tahun "
           "tanpa data per desa adalah angka yang dipublikasikan. P0: persentase penduduk miskin, Maret (BPS).")

st.markdown("##### IPM, Gini dan PDRB per kapita")
welfare = view.items["kesejahteraan"]
widgets.show(welfare, filters=chosen)
st.caption(f"Sumber: BPS. PDRB per kapita dalam ribu rupiah. {fmt.count(len(welfare.frame))} wilayah.")
