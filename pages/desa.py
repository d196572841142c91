"""Desa: find a village, see its years, its gap to the next status and what closes it fastest;
and the villages of the area that are close to the next status."""

import pandas as pd
import streamlit as st

from idm import cache, codes, desa, filters, fmt, rules
from idm.views.desa import POINT_NOTE, header
from ui import frame, widgets

GAP_CHOICES = [0.002, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05]

chosen = frame.sidebar()
frame.header(chosen, "Profil desa", f"Cari desa di {chosen.area_name}, lihat nilainya per tahun dan apa yang paling "
             "cepat menaikkan statusnya.")

# The village shown is in the link (?desa=6301102001), so a link opens its profile.
linked = st.query_params.get("desa")
code = desa.normalise_code(linked)
if linked and code is None:
    st.warning(f"Kode desa '{frame.text(filters.echo(linked))}' di tautan tidak dikenali (harus 10 digit, mis. "
               "63.01.10.2001); cari desa lewat kotak di bawah.", icon=":material/link_off:")

typed = st.text_input("Cari desa: nama atau kode", key="desa_cari", max_chars=filters.MAX_PARAM_LENGTH,
                      placeholder="mis. banua hanyar, 63.03.02.2021 atau 6303022021")
hits = desa.search(cache.cached_database(), area=chosen.area, typed=typed)
if typed and typed.strip() and hits.empty:
    widgets.empty(f"Tidak ada desa yang cocok dengan '{filters.echo(typed.strip())}' di {chosen.area_name}. Periksa "
                  "ejaan, atau pilih 'Semua kabupaten/kota' di samping untuk mencari di seluruh provinsi.")
elif not hits.empty:
    options = list(hits["village_code"])
    labels = dict(zip(hits["village_code"], hits["label"]))
    found = f"{fmt.count(len(hits))} desa ditemukan" + (" (50 teratas)" if len(hits) >= desa.SEARCH_LIMIT else "")
    code = st.selectbox(found, options, index=options.index(code) if code in options else 0,
                        format_func=labels.get, key="desa_pilih")

shown = cache.view("desa-profil", chosen=chosen, code=code) if code else None
if code and shown is None:
    st.warning(f"Desa berkode {codes.dotted(code)} tidak ada di data IDM; cari desa lewat kotak di atas.",
               icon=":material/link_off:")
    del st.query_params["desa"]
elif shown is not None:
    st.query_params["desa"] = shown.profile.code
elif not typed:
    widgets.empty("Ketik nama atau kode desa untuk melihat profilnya, atau lihat daftar desa yang hampir naik "
                  "status di bawah.")

if shown is not None:
    profile = shown.profile
    st.divider()
    st.header(frame.text(f"Desa {profile.name}"))
    st.markdown(frame.text(header(profile)))
    if profile.year_note:
        st.info(profile.year_note, icon=":material/info:")
    current = profile.current
    if profile.index == rules.INDEKS_DESA:  # the year's status as set, beside IDM's last status and value
        first, second, third = st.columns(3)
        score, earlier = current["skor"], profile.last_score
        first.metric(f"Skor Indeks Desa {profile.year}", fmt.number(score, 2) if pd.notna(score) else "–",
                     delta=None if earlier is None or pd.isna(score) else
                     f"{fmt.number(score - earlier['skor'], 2, sign=True)} dari {int(earlier['year'])}",
                     help="Skor 0–100 dari enam dimensi Indeks Desa; tidak sebanding dengan nilai IDM.")
        with second:
            st.markdown(f"Status {rules.year_label(profile.year)}")
            st.markdown(frame.status_badge(current["status"] if isinstance(current["status"], str) else None),
                        unsafe_allow_html=True)
        last_idm = profile.last_idm
        if last_idm is not None:
            with third:
                st.markdown(f"Status IDM {int(last_idm['year'])}")
                st.markdown(frame.status_badge(last_idm["status"]), unsafe_allow_html=True)
                st.caption(f"IDM {int(last_idm['year'])}: {fmt.idm(last_idm['idm'])}")
        st.caption(rules.METHOD_CHANGE_NOTE + " Kekurangan menuju status berikutnya dihitung hanya untuk tahun IDM.")
    elif profile.plan is None:
        widgets.empty(f"Desa ini tercantum dalam data IDM {profile.year} tanpa nilai IKS/IKE/IKL/IDM "
                      "(dipublikasikan tanpa skor), sehingga status dan kekurangannya tidak dapat dihitung.")
    else:
        earlier = profile.scored_rows[profile.scored_rows["year"] < profile.year]
        before = earlier.iloc[-1] if not earlier.empty else None
        first, second, third, fourth, fifth = st.columns(5)
        first.metric(f"IDM {profile.year}", fmt.idm(current["idm"]),
                     delta=None if before is None else
                     f"{fmt.idm(current['idm'] - before['idm'], sign=True)} dari {int(before['year'])}",
                     delta_arrow="off" if before is not None and current["idm"] == before["idm"] else "auto")
        with second:
            st.markdown(f"Status {profile.year}")
            st.markdown(frame.status_badge(profile.plan.status), unsafe_allow_html=True)
            if isinstance(current["status"], str) and current["status"] != profile.plan.status:
                st.caption(f"Dipublikasikan: {rules.STATUS_LABELS.get(current['status'], current['status'])}")
        for column, dimension in zip((third, fourth, fifth), rules.DIMENSION_LIST):
            value = current[dimension.code.lower()]
            change = None if before is None else value - before[dimension.code.lower()]
            column.metric(dimension.code, fmt.idm(value),
                          delta=None if change is None or change != change else fmt.idm(change, sign=True),
                          delta_arrow="off" if change == 0 else "auto",
                          delta_color="off" if change == 0 else "normal",
                          help=f"{dimension.code}: jumlah skor {dimension.indicators} indikator (0–5) dibagi "
                               f"{dimension.divisor}.")
        st.markdown(f"#### {frame.text(profile.plan.sentence)}")
        st.caption(POINT_NOTE)

    left, right = frame.chart_pair("desa")
    with left:
        widgets.show(shown.items["riwayat"], filters=chosen)
    with right:
        widgets.show(shown.items["banding"], filters=chosen)
    st.markdown("##### Nilai per tahun dan asal datanya")
    widgets.show(shown.items["per-tahun"], filters=chosen)
    for note in shown.notes:
        st.caption(note)
    if "catatan" in shown.items:
        st.markdown("##### Catatan pemeriksaan data")
        widgets.show(shown.items["catatan"], filters=chosen)

st.divider()
st.header(frame.text(f"Desa hampir naik status, {chosen.area_name} {chosen.year}"))
max_gap = desa.DEFAULT_MAX_GAP
if chosen.year_source != "publikasi" and rules.index_of(chosen.year) == rules.IDM:
    max_gap = st.select_slider("Kekurangan IDM paling banyak", GAP_CHOICES, value=desa.DEFAULT_MAX_GAP,
                               format_func=lambda v: fmt.number(v, 3), key="selisih")
close = widgets.view("desa", chosen=chosen, max_gap=max_gap)  # with its print button
if close.listed:
    st.markdown(f"**{fmt.count(close.listed)} desa** butuh kenaikan IDM paling banyak {fmt.number(max_gap, 3)} "
                "untuk naik ke status berikutnya.")
for key in ("hampir-naik", "hampir-naik-jumlah", "hampir-naik-daftar"):
    if key in close.items:
        widgets.show(close.items[key], filters=chosen)
