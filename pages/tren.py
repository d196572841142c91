"""Tren: how villages per status, IDM, its three dimensions and the spread of village scores moved over the
years; from 2025 the Indeks Desa's statuses (and scores, where village rows have them)."""

import streamlit as st

from ui import frame, widgets

chosen = frame.sidebar()
frame.header(chosen, f"Tren {chosen.area_name}",
             f"Jumlah desa per status, IDM dan Indeks Desa per tahun, per {chosen.unit_word} · {chosen.context}")
view = widgets.view("tren", chosen=chosen)

if view.published:
    st.markdown(f"**Tahun {', '.join(map(str, view.published))}** (ditandai * dan titik terbuka): hanya angka IDM "
                "provinsi yang dipublikasikan. Untuk tahun itu tidak ada nilai per kabupaten/desa, IKS/IKE/IKL, "
                "maupun sebaran IDM desa.")
if view.partial_note:
    st.markdown(frame.text(view.partial_note))
if chosen.district:
    st.markdown(f"Kecamatan {frame.text(chosen.district_name)} dipilih: garis di bawah adalah **per desa**.")

widgets.show(view.items["status"], filters=chosen)
if "skor" in view.items:
    widgets.show(view.items["skor"], filters=chosen)
for key in ("per-unit", "dimensi", "sebaran"):
    widgets.show(view.items[key], filters=chosen)
st.markdown(f"#### Perubahan IDM dari tahun ke tahun, per {chosen.unit_word}")
widgets.show(view.items["perubahan"], filters=chosen)
if view.table_caption:
    st.caption(frame.text(view.table_caption))
