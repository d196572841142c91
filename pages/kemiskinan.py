"""Kemiskinan: IDM beside the BPS poverty and welfare figures, per regency."""

import streamlit as st

from idm.views import kemiskinan as kemiskinan_view
from idm.welfare import INDICATORS
from ui import frame, widgets

chosen = frame.sidebar()
frame.header(chosen, f"IDM dan kemiskinan {chosen.province_name}",
             f"IDM desa dibandingkan dengan persentase penduduk miskin (P0) dan indikator BPS lain per "
             f"kabupaten/kota · {chosen.context}")
view = widgets.view("kemiskinan", chosen=chosen)

st.caption(frame.text(view.coverage))
if chosen.regency:
    st.caption(f"Data BPS tersedia per kabupaten/kota: {frame.text(chosen.area_name)} ditandai tebal di antara "
               f"kabupaten/kota {frame.text(chosen.province_name)}.")

st.markdown(f"##### IDM dan penduduk miskin {chosen.year}")
if view.year_notice:
    widgets.empty(view.year_notice)
widgets.show(view.items[kemiskinan_view.YEAR], filters=chosen)

st.markdown("##### Perubahan IDM dan perubahan kemiskinan")
if view.sentence:
    st.markdown(f"#### {frame.text(view.sentence)}")
widgets.show(view.items["perubahan"], filters=chosen)
if "perubahan-tabel" in view.items:
    widgets.show(view.items["perubahan-tabel"], filters=chosen)

st.markdown("##### IDM dan penduduk miskin, semua tahun")
widgets.show(view.items["per-tahun"], filters=chosen)
if "p0" in view.indicators:
    st.caption("IDM kosong: kota tanpa desa (hanya kelurahan) atau tahun tanpa data per desa; IDM provinsi pada "
               "tahun tanpa data per desa adalah angka yang dipublikasikan. P0: persentase penduduk miskin, Maret "
               "(BPS).")

if view.others:
    st.markdown("##### Indikator BPS lain di samping IDM")
    # The choice is in the link too (?bps=ipm), like the sidebar's filters.
    if st.session_state.get("bps") not in view.others:  # another province's tables hold other indicators
        st.session_state.pop("bps", None)
    key = frame.linked(st.radio, "Indikator", view.others, key="bps", default=view.others[0], horizontal=True,
                       format_func=lambda k: INDICATORS[k].title)
    widgets.show(view.items[f"samping-{key}"], filters=chosen)
    widgets.show(view.items[f"tabel-{key}"], filters=chosen)
    st.caption("Sumber: BPS. PDRB per kapita atas dasar harga berlaku, dalam ribu rupiah. Kosong: tidak ada angka "
               "di tabel BPS yang diimpor.")
