"""Bare Streamlit page with the dashboard's filters: the text page, and in the sidebar the four select boxes
every page of the dashboard has (province, year, comparison year, regency) with the same options.

What Streamlit's own select boxes cost a fresh load: the yardstick for Ringkasan, whose filters are the
same widgets (BENCHMARKS.md)."""

import streamlit as st
from common import PROVINCE, header, query


@st.cache_data(show_spinner=False)
def options() -> tuple[dict, list, dict]:
    provinces = query("select code, name from boundaries where level = 'provinsi' order by code")
    years = query("select year from area_stats where area = ? union select year from published_summaries "
                  "where area_code = ? order by year desc", [PROVINCE, PROVINCE])
    regencies = query("select code, name from boundaries where level = 'kabupaten' and code like ? order by code",
                      [PROVINCE + "%"])
    return dict(provinces.itertuples(index=False)), list(years["year"]), dict(regencies.itertuples(index=False))


provinces, years, regencies = options()
with st.sidebar:
    st.markdown("### Filter")
    st.selectbox("Provinsi", ["ID", *provinces], index=1 + list(provinces).index(PROVINCE),
                 format_func=lambda code: provinces.get(code, "Indonesia"))
    st.selectbox("Tahun", years)
    st.selectbox("Tahun pembanding", years[1:])
    st.selectbox("Kabupaten/kota", ["", *regencies],
                 format_func=lambda code: regencies.get(code, "Semua kabupaten/kota"))
header()
