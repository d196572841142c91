"""Bandingkan: two to four regencies (or a regency and its province's average, or provinces) side by side."""

import streamlit as st

from idm import bandingkan, cache, fmt, rules
from idm.views import bandingkan as bandingkan_view
from ui import frame, widgets

chosen = frame.sidebar()
word = "provinsi" if chosen.is_group else "kabupaten/kota"
frame.header(chosen, f"Bandingkan wilayah {chosen.province_name}",
             f"{bandingkan.MIN_AREAS} sampai {bandingkan.MAX_AREAS} {word} berdampingan · {chosen.context}")
options = bandingkan.choices(cache.cached_database().catalog(), chosen)
picked = frame.linked(
    st.multiselect, f"Wilayah yang dibandingkan ({bandingkan.MIN_AREAS}–{bandingkan.MAX_AREAS})", list(options),
    key="bandingkan", default=[chosen.regency, chosen.province] if chosen.regency else [],
    format_func=options.get, max_selections=bandingkan.MAX_AREAS,
    placeholder=f"Pilih {word}" + ("" if chosen.is_group else " atau rata-rata provinsi"))
view = widgets.view("bandingkan", chosen=chosen, areas=tuple(picked))
presenting = frame.presenting()

if view.sentence:
    st.markdown(f"#### {frame.text(view.sentence)}")
if view.method_note:
    st.caption(frame.text(view.method_note))
if not presenting:
    widgets.deck_button(chosen, compare_areas=tuple(area.code for area in view.areas))

year = chosen.year
indeks_desa = rules.index_of(year) == rules.INDEKS_DESA
for column, card in zip(st.columns(len(view.cards)), view.cards):
    with column:
        st.markdown(f"##### {frame.text(card.area.name)}")
        now, before = card.now, card.before
        if now is None:
            widgets.empty(f"Tidak ada angka {year} untuk {card.area.said}.")
            continue
        if indeks_desa:  # no IDM value and no status of an area in a year of the Indeks Desa: said, not a dash
            st.caption(f"{year} diukur dengan Indeks Desa: tanpa nilai IDM dan tanpa status wilayah"
                       + (f" (IDM {before.year}: {fmt.idm(before.idm)}, "
                          f"{rules.STATUS_LABELS.get(before.status, '–')})." if before and before.idm is not None
                          else "."))
        else:
            change = (now.idm - before.idm) if before and before.idm is not None and now.idm is not None else None
            st.metric(f"IDM {year}", fmt.idm(now.idm),
                      delta=None if change is None else f"{fmt.idm(change, sign=True)} dari {before.year}",
                      help="Rata-rata IDM desa" + (" (angka yang dipublikasikan)." if now.source == "publikasi"
                                                   else "."))
            if now.idm is None:
                st.caption("Nilai IDM tahun ini tidak dipublikasikan, hanya jumlah desa per status.")
            st.markdown(frame.status_badge(now.status, missing="tidak dipublikasikan" if now.source == "publikasi"
                                           else "tanpa nilai"), unsafe_allow_html=True)
            if before and before.status:
                st.caption(f"{before.year}: {rules.STATUS_LABELS[before.status]}")
        mandiri = now.counts.get("MANDIRI")
        earlier = before.counts.get("MANDIRI") if before else None
        st.metric("Desa Mandiri", fmt.count(mandiri),
                  delta=None if mandiri is None or earlier is None
                  else f"{fmt.number(mandiri - earlier, sign=True)} dari {before.year}")
        st.metric("Jumlah desa", fmt.count(now.villages))

with st.expander("Angka utama sebagai gambar dan tabel (untuk diunduh)"):
    widgets.show(view.items[bandingkan_view.KPI], filters=chosen)
    if view.items[bandingkan_view.KPI_TABLE] is not view.items[bandingkan_view.KPI]:
        widgets.show(view.items[bandingkan_view.KPI_TABLE], filters=chosen)

# One chart under the other: side by side, a legend of five statuses no longer fits a laptop's half width.
for key in (bandingkan_view.TREND, bandingkan_view.STATUS, bandingkan_view.DIMENSIONS):
    widgets.show(view.items[key], filters=chosen)

st.markdown("#### Indikator yang paling berbeda")
st.caption(frame.text(view.indicator_note))
widgets.show(view.items[bandingkan_view.INDICATORS], filters=chosen)
if view.items[bandingkan_view.INDICATOR_TABLE] is not view.items[bandingkan_view.INDICATORS]:  # one reason once
    widgets.show(view.items[bandingkan_view.INDICATOR_TABLE], filters=chosen)
