"""Tren: how IDM, its three dimensions and the spread of village scores moved over the years."""

import streamlit as st

from idm import cache, fmt
from idm.charts import trend as figures
from ui import frame, widgets

chosen = frame.sidebar()
unit_word = chosen.unit_word
st.title(f"Tren IDM {chosen.area_name}")
st.caption(f"Indeks Desa Membangun per tahun, per {unit_word} · {chosen.context}")
frame.banners(chosen)

units = cache.unit_trend(area=chosen.area)
area = cache.area_trend(area=chosen.area)
if units.empty and area.empty:
    widgets.empty(f"Belum ada data IDM untuk {chosen.area_name}. Pilih wilayah lain di samping.")
    st.stop()

published = figures.published_years(units, area)
if published:
    st.markdown(f"**Tahun {', '.join(map(str, published))}** (ditandai * dan titik terbuka): hanya angka IDM provinsi "
                "yang dipublikasikan. Untuk tahun itu tidak ada nilai per kabupaten/desa, IKS/IKE/IKL, "
                "maupun sebaran IDM desa.")
if chosen.district:
    st.markdown(f"Kecamatan {chosen.district_name} dipilih: garis di bawah adalah **per desa**.")

source_note = "Sumber: IDM Kemendes PDTT"
widgets.chart(figures.unit_lines(
    units=units, area=area, area_name=chosen.area_name, unit_word=unit_word,
    title=f"IDM per {unit_word}, {chosen.area_name}", subtitle=source_note,
), name=f"tren-idm-per-{unit_word}", filters=chosen)

if units["iks"].notna().any() or area["iks"].notna().any():
    widgets.chart(figures.dimension_lines(
        units=units, area=area, area_name=chosen.area_name, unit_word=unit_word,
        title=f"Tiga dimensi IDM per tahun, {chosen.area_name}", subtitle=source_note,
    ), name="tren-dimensi", filters=chosen)
else:
    widgets.empty("IKS, IKE dan IKL tidak tersedia: wilayah ini hanya memiliki angka IDM yang dipublikasikan.")

distribution = cache.village_distribution(area=chosen.area)
if distribution.empty:
    widgets.empty(f"Tidak ada nilai IDM per desa untuk {chosen.area_name}: sebaran tidak dapat digambar.")
else:
    widgets.chart(figures.distribution_box(
        frame=distribution, published=[y for y in published if y not in set(distribution["year"])],
        title=f"Sebaran IDM desa per tahun, {chosen.area_name}", subtitle=source_note,
    ), name="sebaran-idm-desa", filters=chosen)

st.markdown(f"#### Perubahan IDM dari tahun ke tahun, per {unit_word}")
table = figures.change_table(units=units, area=area, area_name=chosen.area_name)
changes = {c: st.column_config.NumberColumn(c, format="%+.4f") for c in table.columns if c.startswith("Δ ")}
widgets.table(table, name=f"perubahan-tahunan-per-{unit_word}", filters=chosen, column_config=changes,
              height=min(36 * (len(table) + 1) + 40, 900))
st.caption("Baris pertama: seluruh wilayah (rata-rata IDM desa). Δ: selisih IDM dengan tahun sebelumnya. "
           + ("* angka provinsi yang dipublikasikan. " if published else "")
           + f"{fmt.count(units['code'].nunique())} {unit_word} ber-IDM.")
