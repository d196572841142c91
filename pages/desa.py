import streamlit as st

st.title("desa")
st.info("Halaman ini sedang dibangun.")
