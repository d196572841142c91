"""Transisi status: which villages changed status between the two sidebar years, and where."""

import streamlit as st

from idm import fmt, rules, transisi
from idm.views import transisi as transisi_view
from idm.views.transisi import DIRECTIONS
from ui import frame, widgets

chosen = frame.sidebar()
frame.header(chosen, f"Transisi status desa {chosen.area_name}",
             f"Perpindahan status desa antar-tahun · {chosen.context}")
view = widgets.view("transisi", chosen=chosen)

first, last, counts = view.from_year, view.to_year, view.counts
if chosen.year < chosen.compare_year:
    st.caption(f"Perpindahan dibaca dari tahun yang lebih awal ({first}) ke yang lebih akhir ({last}).")
st.markdown(f"#### {frame.text(view.sentence)}")
if first and last and rules.crosses_method_change((first, last)):
    st.caption(rules.METHOD_CHANGE_NOTE)
if view.note:
    st.caption(frame.text(view.note))

columns = st.columns(5)
columns[0].metric("Naik status", fmt.count(counts["up"]))
columns[1].metric("Tetap", fmt.count(counts["same"]))
columns[2].metric("Turun status", fmt.count(counts["down"]))
columns[3].metric(f"Lompat ≥{transisi.JUMP} tingkat", fmt.count(counts["jumps"]))
columns[4].metric("Di luar perbandingan", fmt.count(counts["outside"]), help=view.outside)

widgets.show(view.items[transisi_view.SANKEY], filters=chosen)
st.caption("«Tidak tercatat»: desa yang tidak ada dalam daftar salah satu tahun (desa baru, berganti kode atau "
           "digabung). «Tanpa nilai»: desa yang tercantum tanpa nilai dan status. Keduanya dihitung terpisah, "
           "tidak dianggap naik atau turun.")

st.markdown("##### Matriks transisi")
widgets.show(view.items["matriks"], filters=chosen)
widgets.show(view.items["matriks-tabel"], filters=chosen)
st.caption(f"Baris: status {first}; kolom: status {last}; persen dari jumlah baris.")

st.markdown("##### Desa yang berpindah status")
labels = {"naik": "Naik", "turun": "Turun", "lompat": f"Lompat ≥{transisi.JUMP} tingkat"}
counted = {"naik": counts["up"], "turun": counts["down"], "lompat": counts["jumps"]}
tabs = st.tabs([f"{labels[d]} ({fmt.count(counted[d])})" for d in DIRECTIONS])
for tab, direction in zip(tabs, DIRECTIONS):
    with tab:
        widgets.show(view.items[direction], filters=chosen)
widgets.show(view.items[transisi_view.BIGGEST], filters=chosen)

st.markdown(f"##### Naik dan turun per {view.unit_word}")
widgets.show(view.items[transisi_view.PER_UNIT], filters=chosen)
if "per-unit-tabel" in view.items:
    widgets.show(view.items["per-unit-tabel"], filters=chosen)
