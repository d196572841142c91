"""Kemiskinan: IDM beside the BPS poverty and welfare figures, per regency."""

import streamlit as st

from idm import cache, fmt, poverty
from idm.charts import poverty as figures
from ui import frame, widgets

chosen = frame.sidebar()
st.title(f"IDM dan kemiskinan {chosen.province_name}")
st.caption(f"IDM desa dibandingkan dengan persentase penduduk miskin (P0) BPS per kabupaten/kota · {chosen.context}")
frame.banners(chosen)

data = poverty.load(cache, chosen)
if not data.ok:
    widgets.empty(data.message)
    st.stop()

source = f"{chosen.province_name} · Sumber: IDM Kemendes PDTT; penduduk miskin (Maret) BPS"
if chosen.regency:
    st.caption(f"Data BPS tersedia per kabupaten/kota: {chosen.area_name} ditandai tebal di antara kabupaten/kota "
               f"{chosen.province_name}.")
idm_years, poverty_years = data.idm_years(), data.poverty_years()

# One year: IDM next to P0.
st.markdown(f"##### IDM dan penduduk miskin {chosen.year}")
if chosen.year not in idm_years:
    widgets.empty(f"IDM per kabupaten tidak ada untuk {chosen.year}: tahun ini hanya memiliki angka tingkat provinsi "
                  "yang dipublikasikan, tanpa data per desa. Yang ditampilkan: persentase penduduk miskin.")
if chosen.year in poverty_years or chosen.year in idm_years:
    widgets.chart(figures.idm_poverty_bars(frame=data.year(chosen.year), year=chosen.year, highlight=chosen.regency,
                                           title=f"IDM dan penduduk miskin per kabupaten/kota, {chosen.year}",
                                           subtitle=source),
                  name="idm-dan-kemiskinan", filters=chosen)
else:
    widgets.empty(f"Belum ada angka penduduk miskin BPS untuk {chosen.year}.")

# Two years: change in IDM against change in P0.
st.markdown("##### Perubahan IDM dan perubahan kemiskinan")
if not chosen.compare_year:
    widgets.empty("Hanya ada satu tahun data: belum ada tahun pembanding untuk melihat perubahan.")
else:
    first, last = sorted((chosen.year, chosen.compare_year))
    moves = data.changes(first, last)
    without_idm = [y for y in (first, last) if y not in idm_years]
    without_poverty = [y for y in (first, last) if y not in poverty_years]
    if without_idm or without_poverty:
        reasons = []
        if without_idm:
            reasons.append(f"IDM per kabupaten tidak ada untuk {' dan '.join(map(str, without_idm))} (hanya angka "
                           "provinsi yang dipublikasikan)")
        if without_poverty:
            reasons.append(f"angka penduduk miskin BPS tidak ada untuk {' dan '.join(map(str, without_poverty))}")
        widgets.empty(f"Diagram perubahan {first}–{last} tidak dapat dibuat: " + "; ".join(reasons)
                      + ". Tabel di bawah menampilkan angka yang tersedia.")
    else:
        sentence = poverty.discussion_sentence(moves, from_year=first, to_year=last)
        if sentence:
            st.markdown(f"#### {sentence}")
        widgets.chart(figures.change_scatter(moves=moves, from_year=first, to_year=last, highlight=chosen.regency,
                                             title=f"Perubahan IDM dan penduduk miskin, {first}–{last}",
                                             subtitle=f"{source} · satu titik per kabupaten; kota tanpa IDM"),
                      name="perubahan-idm-kemiskinan", filters=chosen)
    widgets.table(poverty.changes_table(moves, from_year=first, to_year=last), name="perubahan-idm-kemiskinan",
                  filters=chosen, column_config={
                      f"IDM {first}": st.column_config.NumberColumn(format="%.4f"),
                      f"IDM {last}": st.column_config.NumberColumn(format="%.4f"),
                      "Perubahan IDM": st.column_config.NumberColumn(format="%+.4f"),
                      f"P0 {first} (%)": st.column_config.NumberColumn(format="%.2f"),
                      f"P0 {last} (%)": st.column_config.NumberColumn(format="%.2f"),
                      "Perubahan P0 (poin)": st.column_config.NumberColumn(format="%+.2f")})

st.markdown("##### IDM dan penduduk miskin, semua tahun")
side = poverty.side_by_side_table(data.frame)
widgets.table(side, name="idm-kemiskinan-per-tahun", filters=chosen,
              column_config={c: st.column_config.NumberColumn(format="%.4f" if c.startswith("IDM") else "%.2f")
                             for c in side.columns if c != "Wilayah"})
st.caption("IDM kosong: kota tanpa desa (hanya kelurahan) atau tahun tanpa data per desa; IDM provinsi pada tahun "
           "tanpa data per desa adalah angka yang dipublikasikan. P0: persentase penduduk miskin, Maret (BPS).")

st.markdown("##### IPM, Gini dan PDRB per kapita")
welfare = poverty.welfare_table(data.frame)
widgets.table(welfare, name="kesejahteraan", filters=chosen,
              column_config={c: st.column_config.NumberColumn(
                  format="%,.0f" if c.startswith("PDRB") else ("%.3f" if c.startswith("Gini") else "%.2f"))
                  for c in welfare.columns if c != "Wilayah"})
st.caption(f"Sumber: BPS. PDRB per kapita dalam ribu rupiah. {fmt.count(len(welfare))} wilayah.")
