"""Ringkasan: the overview leadership sees first at a rakor."""

import streamlit as st

from idm import cache, fmt, rules
from idm.specs import Chart, published_sources
from idm.summary import rank_text
from idm.views import ringkasan as ringkasan_view
from ui import frame, widgets

chosen = frame.sidebar()
frame.header(chosen, f"Ringkasan {rules.index_of(chosen.year)} {chosen.area_name}",
             f"{rules.index_name(chosen.year)} {chosen.context}")
view = cache.view("ringkasan", chosen=chosen)
now, before = view.headline, view.compare
if now is None:
    widgets.empty(f"Belum ada data IDM untuk {chosen.area_name} tahun {chosen.year}. Pilih tahun lain di samping.")
    st.stop()
presenting = frame.presenting()
NBSP = "\u00a0"  # "8 dari 37" on one line

if view.sentence:
    st.markdown(f"#### {frame.text(view.sentence)}")
if not presenting:
    widgets.print_button("ringkasan", view, filters=chosen)
    widgets.deck_button(chosen)

source_note = "angka yang dipublikasikan" if now.source == "publikasi" else "dihitung dari data per desa"
first, second, third, fourth = st.columns(4)
if now.index == rules.INDEKS_DESA:
    first.metric(f"Skor Indeks Desa {now.year}", fmt.number(now.skor, 2) if now.skor is not None else "–",
                 help="Rata-rata skor Indeks Desa desa (0–100). Bukan nilai IDM: metodenya berbeda.")
    first.caption(f"Nilai IDM berhenti pada {rules.FIRST_INDEKS_DESA_YEAR - 1}. "
                  + ("Skor 0–100, tidak sebanding dengan IDM." if now.skor is not None
                     else "Yang dipublikasikan hanya jumlah desa per status."))
else:
    change = (now.idm - before.idm) if before and before.idm is not None and now.idm is not None else None
    first.metric(f"IDM {now.year}", fmt.idm(now.idm),
                 delta=None if change is None else f"{fmt.idm(change, sign=True)} dari {before.year}",
                 help=f"Rata-rata IDM desa ({source_note}).")
    if now.idm is None:
        first.caption("Nilai IDM tahun ini tidak dipublikasikan, hanya jumlah desa per status.")
with second:
    if now.index == rules.IDM:
        st.markdown(f"Status {frame.text(chosen.area_name)}")
        st.markdown(frame.status_badge(now.status, missing="tidak dipublikasikan" if now.source == "publikasi"
                                       else "tanpa nilai"), unsafe_allow_html=True)
        if before and before.status:
            st.caption(f"{rules.year_label(before.year)}: {rules.STATUS_LABELS[before.status]}")
    if now.rank is not None:
        st.markdown(f"**Peringkat nasional {rank_text(now.rank, now.ranked).replace(' ', NBSP)}**",
                    help="Urutan rata-rata IDM desa di antara semua provinsi yang memiliki data per desa tahun itu"
                         if now.rank_source == "desa" else "Peringkat yang disebut dalam publikasi resmi.")
    elif view.rank is not None:
        moved = ""
        if view.rank_compare is not None and view.rank_compare.by == view.rank.by:
            steps = view.rank_compare.rank - view.rank.rank
            moved = (f" (naik {steps} dari {chosen.compare_year})" if steps > 0 else
                     f" (turun {-steps} dari {chosen.compare_year})" if steps < 0 else
                     f" (sama dengan {chosen.compare_year})")
        st.markdown(f"**Peringkat {view.rank.text().replace(' ', NBSP)}**{moved}",
                    help=f"Urutan rata-rata {'IDM' if view.rank.by == rules.IDM else 'skor Indeks Desa'} desa di "
                         f"antara {view.rank.word} yang bernilai tahun itu, dihitung dari data per desa.")
mandiri, mandiri_before = now.counts["MANDIRI"], before.counts["MANDIRI"] if before else None
third.metric("Desa Mandiri", fmt.count(mandiri),
             delta=None if mandiri is None or mandiri_before is None
             else f"{fmt.number(mandiri - mandiri_before, sign=True)} dari {rules.year_label(before.year)}")
unscored = now.villages - now.scored if now.villages is not None and now.scored is not None else None
fourth.metric("Jumlah desa", fmt.count(now.villages),
              help=(f"{fmt.count(now.scored)} desa bernilai; {fmt.count(unscored)} tanpa nilai."
                    if now.source == "desa" else "Angka yang dipublikasikan."))

st.markdown("##### Desa per status")
for column, status in zip(st.columns(5), rules.STATUSES):
    value = now.counts.get(status.code)
    previous = before.counts.get(status.code) if before else None
    column.markdown(frame.count_card(label=status.label, value=value, colour=status.colour,
                                     change=None if value is None or previous is None else value - previous,
                                     compare_year=rules.year_label(before.year) if before else None),
                    unsafe_allow_html=True)
if before is not None and before.index != now.index:
    st.caption(rules.METHOD_CHANGE_NOTE)
# Published figures cite where they were published (the banner already cites the province's chosen year).
in_banner = chosen.year_source == "publikasi" and not chosen.regency
cited = published_sources((h.year, h.citation) for h in (now, before)
                          if h is not None and not (in_banner and h.year == chosen.year))
if cited:
    st.caption(frame.text(f"Sumber {cited}"))

if now.index == rules.IDM:
    st.markdown(f"##### {chosen.unit_word.capitalize()} per status")
    for column, status in zip(st.columns(5), rules.STATUSES):
        column.markdown(frame.count_card(label=status.label, value=now.unit_counts.get(status.code),
                                         colour=status.colour), unsafe_allow_html=True)

left, right = (st.container(), st.container()) if presenting else frame.chart_pair("ringkasan")
with left:
    widgets.show(view.items[ringkasan_view.TREND], filters=chosen)
with right:
    if isinstance(view.items[ringkasan_view.STATUS], Chart):  # without a trend the left column says why
        widgets.show(view.items[ringkasan_view.STATUS], filters=chosen)
if view.partial_note:
    st.caption(frame.text(view.partial_note))
widgets.show(view.items[ringkasan_view.RANKING], filters=chosen)
st.markdown(f"##### Semua {chosen.unit_word} {frame.text(chosen.area_name)}")
widgets.show(view.items[ringkasan_view.TABLE], filters=chosen)  # sortable on request
