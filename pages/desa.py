"""Desa: find a village, see its years, its gap to the next status and what closes it fastest;
and the villages of the area that are close to the next status."""

import streamlit as st

from idm import cache, fmt, rules, villages
from idm.charts import village as figures
from ui import frame, widgets

GAP_CHOICES = [0.002, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05]
POINT_VALUE = {d: 1 / (3 * divisor) for d, divisor in rules.DIMENSION_DIVISORS.items()}

chosen = frame.sidebar()
st.title("Profil desa")
st.caption(f"Cari desa di {chosen.area_name}, lihat nilainya per tahun dan apa yang paling cepat menaikkan statusnya.")
frame.banners(chosen)

# The village shown is in the link (?desa=6301102001), so a link opens its profile.
linked = st.query_params.get("desa")
code = villages.normalise_code(linked)
if linked and code is None:
    st.warning(f"Kode desa '{linked}' di tautan tidak dikenali (harus 10 digit, mis. 63.01.10.2001); "
               "cari desa lewat kotak di bawah.", icon=":material/link_off:")

typed = st.text_input("Cari desa: nama atau kode", key="desa_cari",
                      placeholder="mis. banua hanyar, 63.03.02.2021 atau 6303022021")
hits = villages.search(cache, area=chosen.area, typed=typed)
if typed and typed.strip() and hits.empty:
    widgets.empty(f"Tidak ada desa yang cocok dengan '{typed.strip()}' di {chosen.area_name}. Periksa ejaan, "
                  "atau pilih 'Semua kabupaten/kota' di samping untuk mencari di seluruh provinsi.")
elif not hits.empty:
    options = list(hits["village_code"])
    labels = dict(zip(hits["village_code"], hits["label"]))
    found = f"{fmt.count(len(hits))} desa ditemukan" + (" (50 teratas)" if len(hits) >= villages.SEARCH_LIMIT else "")
    code = st.selectbox(found, options, index=options.index(code) if code in options else 0,
                        format_func=labels.get, key="desa_pilih")

profile = villages.profile(cache, code=code, year=chosen.year) if code else None
if code and profile is None:
    st.warning(f"Desa berkode {villages.dotted(code)} tidak ada di data IDM; cari desa lewat kotak di atas.",
               icon=":material/link_off:")
    del st.query_params["desa"]
elif profile is not None:
    st.query_params["desa"] = profile.code
elif not typed:
    widgets.empty("Ketik nama atau kode desa untuk melihat profilnya, atau lihat daftar desa yang hampir naik "
                  "status di bawah.")

if profile is not None:
    st.divider()
    st.header(f"Desa {profile.name}")
    st.markdown(f"Kecamatan {profile.district} · {villages.area_label('kabupaten', profile.regency)} · "
                f"{profile.province} · kode {villages.dotted(profile.code)}")
    if profile.year_note:
        st.info(profile.year_note, icon=":material/info:")
    current = profile.current
    if profile.plan is None:
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
        for column, dimension in zip((third, fourth, fifth), rules.DIMENSIONS):
            value = current[dimension.lower()]
            change = None if before is None else value - before[dimension.lower()]
            column.metric(dimension, fmt.idm(value),
                          delta=None if change is None or change != change else fmt.idm(change, sign=True),
                          delta_arrow="off" if change == 0 else "auto",
                          delta_color="off" if change == 0 else "normal",
                          help=f"{dimension}: jumlah skor {rules.DIMENSION_DIVISORS[dimension] // 5} "
                               f"indikator (0–5) dibagi {rules.DIMENSION_DIVISORS[dimension]}.")
        st.markdown(f"#### {profile.plan.sentence}")
        st.caption("1 poin = skor satu indikator naik 1 (skala 0–5). Satu poin menaikkan IDM sebesar "
                   + ", ".join(f"{fmt.idm(POINT_VALUE[d])} ({d})" for d in ("IKL", "IKE", "IKS"))
                   + "; dimensi yang sudah bernilai 1 tidak dapat naik lagi.")

    left, right = st.columns(2)
    with left:
        if profile.scored_rows.empty:
            widgets.empty("Belum ada nilai IDM desa ini untuk digambarkan.")
        else:
            widgets.chart(figures.village_history(
                frame=profile.rows, title=f"IDM Desa {profile.name} per tahun",
                subtitle=f"Kec. {profile.district}, {profile.regency} · Sumber: data IDM per desa Kemendes PDTT"),
                name=f"desa-{profile.code}-tren", filters=chosen)
    with right:
        compared = villages.comparison(profile)
        if profile.plan is None or compared["idm"].iloc[1:].isna().all():
            widgets.empty(f"Tidak ada pembanding kecamatan/kabupaten untuk tahun {profile.year}.")
        else:
            widgets.chart(figures.area_comparison(
                frame=compared, title=f"Desa {profile.name} dibanding wilayahnya, {profile.year}",
                subtitle="Rata-rata nilai desa di kecamatan, kabupaten dan provinsi pada tahun yang sama"),
                name=f"desa-{profile.code}-banding", filters=chosen)

    st.markdown("##### Nilai per tahun dan asal datanya")
    widgets.table(villages.year_table(profile), name=f"desa-{profile.code}-per-tahun", filters=chosen,
                  column_config={d: st.column_config.NumberColumn(d, format="%.4f") for d in
                                 ("IDM", "IKS", "IKE", "IKL")})
    notes = []
    if profile.published_only_years:
        notes.append(f"Tahun {', '.join(map(str, profile.published_only_years))}: hanya angka provinsi yang "
                     "dipublikasikan, tidak ada nilai per desa.")
    if profile.unlisted_years:
        notes.append(f"Desa ini tidak tercantum dalam data IDM {', '.join(map(str, profile.unlisted_years))}.")
    for note in notes:
        st.caption(note)
    if not profile.issues.empty:
        st.markdown("##### Catatan pemeriksaan data")
        widgets.table(profile.issues.rename(columns={"year": "Tahun", "check_name": "Pemeriksaan",
                                                     "severity": "Tingkat", "message": "Keterangan"}),
                      name=f"desa-{profile.code}-catatan", filters=chosen)

st.divider()
st.header(f"Desa hampir naik status, {chosen.area_name} {chosen.year}")
if chosen.year_source == "publikasi":
    widgets.empty(f"Tahun {chosen.year} tidak memiliki nilai per desa, jadi daftar ini tidak dapat disusun. "
                  "Pilih tahun lain di samping.")
else:
    max_gap = st.select_slider("Kekurangan IDM paling banyak", GAP_CHOICES, value=villages.DEFAULT_MAX_GAP,
                               format_func=lambda v: fmt.number(v, 3), key="selisih")
    listed = villages.priority_list(cache.near_next_status(area=chosen.area, year=chosen.year), max_gap=max_gap)
    if listed.empty:
        widgets.empty(f"Tidak ada desa di {chosen.area_name} yang kekurangannya untuk naik status paling banyak "
                      f"{fmt.number(max_gap, 3)} pada {chosen.year}. Geser batasnya ke kanan.")
    else:
        st.markdown(f"**{fmt.count(len(listed))} desa** butuh kenaikan IDM paling banyak {fmt.number(max_gap, 3)} "
                    "untuk naik ke status berikutnya.")
        per_regency = villages.priority_by_regency(listed)
        widgets.chart(figures.priority_bar(
            frame=per_regency, title=f"Desa hampir naik status per kabupaten/kota, {chosen.year}",
            subtitle=f"{chosen.context} · kekurangan IDM ≤ {fmt.number(max_gap, 3)} · warna: status yang akan dicapai"),
            name="hampir-naik-per-kabupaten", filters=chosen)
        widgets.table(villages.priority_regency_table(per_regency), name="hampir-naik-jumlah-per-kabupaten",
                      filters=chosen)
        widgets.table(villages.priority_table(listed), name="hampir-naik-status", filters=chosen,
                      column_config={"IDM": st.column_config.NumberColumn(format="%.4f"),
                                     "Kekurangan IDM": st.column_config.NumberColumn(format="%.4f")})
