"""Target: the targets stated for the area, what the data says was realised, plans and pace."""

import html

import streamlit as st

from idm import cache, codes, fmt, narrative, rules
from idm.charts.target import headline_number, verdict
from idm.views import target as target_view
from ui import frame, widgets

chosen = frame.sidebar()
frame.header(chosen, f"Target dan capaian {chosen.area_name}",
             f"Target Dinas PMD dibandingkan dengan data IDM · {chosen.context}")
first = widgets.view("target", chosen=chosen, printed=False)
printing = st.container()  # the print button above the year's radio prints the year chosen in it

# The year of the tiles: the sidebar's year when it has targets, else chosen here (in the link too).
year = frame.linked(st.radio, "Tahun target", first.years, key="tahun_target", default=first.year, horizontal=True,
                    format_func=str)
view = cache.view("target", chosen=chosen, year=year) if year != first.year else first
with printing:  # the file says the target year when it is not the sidebar's
    widgets.print_button("target", view, filters=chosen,
                         name=f"cetak-target-{view.year}" if view.year != chosen.year else None)

st.markdown(f"#### {frame.text(view.sentence)}")
if view.year != chosen.year:
    st.caption(f"Tahun {chosen.year} (di samping) tidak memiliki target untuk {frame.text(view.area_name)}; "
               f"ditampilkan target {view.year}.")

for row in range(0, len(view.results), 3):
    for column, result in zip(st.columns(3), view.results[row:row + 3]):
        word, colour = verdict(result)
        indicator = rules.TARGET_BY_CODE[result.indicator]
        maximum = "paling banyak " if indicator.kind == rules.TARGET_LEVEL else ""
        realised = "–" if result.realisation is None else f"{fmt.count(result.realisation)} desa"
        hover = html.escape(f"{narrative.target_sentence(result)} Sumber: {result.source_text}", quote=True)
        column.markdown(
            f"<div class='idm-card' style='border-left-color:{colour}' title='{hover}'>"
            f"<div class='l'>{html.escape(indicator.label)}</div>"
            f"<div class='n' style='color:{colour}'>{html.escape(headline_number(result))}</div>"
            f"<div class='d'>target {maximum}{fmt.count(result.target)} desa · realisasi {realised}</div>"
            f"<div class='d'><b>{html.escape(word)}</b> · {html.escape(result.basis)}</div>"
            f"<div class='d' style='font-size:0.8rem'>{html.escape(result.document or '')}</div></div>",
            unsafe_allow_html=True)
st.caption("Arahkan kursor ke kartu untuk kalimat lengkap dan sumbernya. Persen = realisasi / target; target "
           "jumlah (paling banyak) dinilai tercapai atau tidak.")

with st.expander("Kartu target sebagai gambar (untuk bahan rakor)"):
    widgets.show(view.items[target_view.BOARD], filters=chosen)

plans = [key for key in view.items if key.startswith(target_view.PLAN)]
if plans:
    st.markdown("##### Rencana beberapa tahun")
    for key in plans:
        st.markdown(frame.text(view.items[key].note))
        widgets.show(view.items[key], filters=chosen)

st.markdown("##### Laju dan proyeksi")
laju = view.items["laju"]
if hasattr(laju, "note"):
    st.markdown(frame.text(laju.note))
widgets.show(laju, filters=chosen)

st.markdown("##### Semua target")
widgets.show(view.items["semua"], filters=chosen)
if not view.others.empty:
    listed = ", ".join(f"{codes.short_name(c, n)} ({fmt.count(t)} target)"
                       for c, n, t in zip(view.others["area_code"], view.others["name"], view.others["targets"]))
    st.caption(f"Target kabupaten/kota tersendiri: {frame.text(listed)}. Pilih kabupaten/kotanya di samping.")
