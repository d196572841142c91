import streamlit as st

st.title("indikator")
st.info("Halaman ini sedang dibangun.")
