"""Ringkasan: the overview leadership sees first at a rakor."""

import streamlit as st

from idm import cache, charts, fmt, overview, rules
from idm.charts import overview as figures
from ui import frame, widgets

chosen = frame.sidebar()
presenting = frame.presenting()  # ?mode=presentasi: one full-width section after another
st.title(f"Ringkasan IDM {chosen.area_name}")
st.caption(f"Indeks Desa Membangun {chosen.context}")
frame.banners(chosen)

data = overview.load(cache, chosen)
now, before = data.headline, data.compare
if now is None:
    widgets.empty(f"Belum ada data IDM untuk {chosen.area_name} tahun {chosen.year}. Pilih tahun lain di samping.")
    st.stop()

if data.sentence:
    st.markdown(f"#### {data.sentence}")
if not presenting:
    widgets.deck_button(chosen)

source_note = "angka yang dipublikasikan" if now.source == "publikasi" else "dihitung dari data per desa"
first, second, third, fourth = st.columns(4)
change = (now.idm - before.idm) if before and before.idm is not None else None
first.metric(f"IDM {now.year}", fmt.idm(now.idm),
             delta=None if change is None else f"{fmt.idm(change, sign=True)} dari {before.year}",
             help=f"Rata-rata IDM desa ({source_note}).")
with second:
    st.markdown(f"Status {chosen.area_name}")
    st.markdown(frame.status_badge(now.status), unsafe_allow_html=True)
    if before and before.status:
        st.caption(f"{before.year}: {rules.STATUS_LABELS[before.status]}")
mandiri_change = now.counts["MANDIRI"] - before.counts["MANDIRI"] if before else None
third.metric("Desa Mandiri", fmt.count(now.counts["MANDIRI"]),
             delta=None if mandiri_change is None else f"{fmt.number(mandiri_change, sign=True)} dari {before.year}")
fourth.metric("Jumlah desa", fmt.count(now.villages),
              help=f"{fmt.count(now.scored)} desa bernilai IDM; {fmt.count(now.villages - now.scored)} tanpa nilai.")

st.markdown("##### Desa per status")
for column, status in zip(st.columns(5), rules.STATUSES):
    value = now.counts.get(status.code, 0)
    previous = before.counts.get(status.code) if before else None
    column.markdown(frame.count_card(label=status.label, value=value, colour=status.colour,
                                     change=None if previous is None else value - previous,
                                     compare_year=before.year if before else None), unsafe_allow_html=True)

st.markdown(f"##### {chosen.unit_word.capitalize()} per status")
for column, status in zip(st.columns(5), rules.STATUSES):
    column.markdown(frame.count_card(label=status.label, value=now.unit_counts.get(status.code),
                                     colour=status.colour), unsafe_allow_html=True)

left, right = (st.container(), st.container()) if presenting else st.columns(2)
with left:
    if data.trend.empty:
        widgets.empty("Belum ada tren untuk wilayah ini.")
    else:
        widgets.chart(figures.trend_line(frame=data.trend, title=f"Tren IDM {chosen.area_name}",
                                        subtitle=charts.PUBLISHED_NOTE if (data.trend["source"] == "publikasi").any()
                                        else "Rata-rata IDM desa per tahun"), name="tren-idm", filters=chosen)
with right:
    if not data.trend.empty:
        widgets.chart(figures.status_stack(frame=data.trend, title="Jumlah desa per status",
                                          subtitle=chosen.area_name), name="status-per-tahun", filters=chosen)

if data.units["idm"].notna().any():
    widgets.chart(figures.ranking_bar(
        frame=data.units, title=f"Peringkat {chosen.unit_word} menurut IDM {chosen.year}",
        subtitle=f"{chosen.context} · garis hitam: IDM {chosen.compare_year}" if chosen.compare_year else chosen.context,
        compare_year=chosen.compare_year, unit_word=chosen.unit_word), name=f"peringkat-{chosen.unit_word}", filters=chosen)
else:
    widgets.empty(f"Tidak ada data per {chosen.unit_word} untuk {chosen.year}: "
                  + ("tahun ini hanya memiliki angka provinsi yang dipublikasikan."
                     if now.source == "publikasi" else "wilayah ini tidak memiliki desa."))
