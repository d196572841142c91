"""Transisi status: which villages changed status between the two sidebar years, and where."""

import streamlit as st

from idm import cache, fmt, transitions
from idm.charts import transitions as figures
from ui import frame, widgets

chosen = frame.sidebar()
st.title(f"Transisi status desa {chosen.area_name}")
st.caption(f"Perpindahan status IDM antar-tahun · {chosen.context}")
frame.banners(chosen)

data = transitions.load(cache, chosen)
if not data.ok:
    widgets.empty(data.message)
    st.stop()

first, last = data.from_year, data.to_year
if chosen.year < chosen.compare_year:
    st.caption(f"Perpindahan dibaca dari tahun yang lebih awal ({first}) ke yang lebih akhir ({last}).")
counts = data.counts
source = f"{chosen.context} · Sumber: IDM Kemendes PDTT"
st.markdown(f"#### {transitions.sentence(counts, from_year=first, to_year=last, area_name=chosen.area_name)}")
if data.note:
    st.caption(data.note)

columns = st.columns(5)
columns[0].metric("Naik status", fmt.count(counts["up"]))
columns[1].metric("Tetap", fmt.count(counts["same"]))
columns[2].metric("Turun status", fmt.count(counts["down"]))
columns[3].metric(f"Lompat ≥{transitions.JUMP} tingkat", fmt.count(counts["jumps"]))
columns[4].metric("Di luar perbandingan", fmt.count(counts["outside"]),
                  help=f"Baru tercatat di {last}: {fmt.count(counts['new'])} · tidak tercatat lagi di {last}: "
                       f"{fmt.count(counts['gone'])} · tanpa nilai {first}: {fmt.count(counts['no_score_from'])} · "
                       f"tanpa nilai {last}: {fmt.count(counts['no_score_to'])}")

matrix = data.matrix
widgets.chart(figures.transition_sankey(matrix=matrix, from_year=first, to_year=last,
                                        title=f"Perpindahan status desa {first} → {last}", subtitle=source),
              name="sankey-status", filters=chosen)
st.caption("«Tidak tercatat»: desa yang tidak ada dalam daftar salah satu tahun (desa baru, berganti kode atau "
           "digabung). «Tanpa nilai»: desa yang tercantum tanpa nilai IDM. Keduanya dihitung terpisah, "
           "tidak dianggap naik atau turun.")

st.markdown("##### Matriks transisi")
widgets.chart(figures.transition_heatmap(matrix=matrix, from_year=first, to_year=last,
                                         title=f"Matriks transisi {first} → {last}",
                                         subtitle=f"{chosen.context} · persen dari jumlah desa per status {first} (baris)"),
              name="matriks-transisi", filters=chosen)
widgets.table(transitions.matrix_table(matrix, from_year=first, to_year=last), name="matriks-transisi",
              filters=chosen)
st.caption(f"Baris: status {first}; kolom: status {last}; persen dari jumlah baris.")

idm_format = {f"IDM {first}": st.column_config.NumberColumn(format="%.4f"),
              f"IDM {last}": st.column_config.NumberColumn(format="%.4f"),
              "Selisih IDM": st.column_config.NumberColumn(format="%+.4f"),
              "Perubahan status": st.column_config.NumberColumn(format="%+d", help="Jumlah tingkat status")}
st.markdown("##### Desa yang berpindah status")
tabs = st.tabs([f"Naik ({fmt.count(counts['up'])})", f"Turun ({fmt.count(counts['down'])})",
                f"Lompat ≥{transitions.JUMP} tingkat ({fmt.count(counts['jumps'])})"])
for tab, direction, nothing in zip(tabs, ("naik", "turun", "lompat"),
                                   ("Tidak ada desa yang naik status.", "Tidak ada desa yang turun status.",
                                    f"Tidak ada desa yang berpindah {transitions.JUMP} tingkat atau lebih.")):
    with tab:
        moved = data.moved(direction)
        if moved.empty:
            widgets.empty(f"{nothing} ({chosen.area_name}, {first} → {last})")
        else:
            widgets.table(moved, name=f"desa-{direction}", filters=chosen, column_config=idm_format,
                          height=min(600, 40 + 35 * len(moved)))

level = transitions.unit_level(chosen.area)
units = data.units(level)
word = data.unit_word
st.markdown(f"##### Naik dan turun per {word}")
if units["comparable"].sum() == 0:
    widgets.empty(f"Tidak ada desa yang berstatus di {first} dan {last} untuk dibandingkan per {word}.")
else:
    widgets.chart(figures.movement_bars(units=units, title=f"Desa naik dan turun status per {word}, {first} → {last}",
                                        subtitle=f"{chosen.context} · % dari desa berstatus di kedua tahun"),
                  name=f"naik-turun-per-{word}", filters=chosen)
    widgets.table(transitions.units_table(units, unit_word=word), name=f"naik-turun-per-{word}", filters=chosen,
                  column_config={"% naik": st.column_config.NumberColumn(format="%.1f%%"),
                                 "% turun": st.column_config.NumberColumn(format="%.1f%%")})
