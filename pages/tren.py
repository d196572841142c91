import streamlit as st

st.title("Tren")
st.info("Halaman ini sedang dibangun.")
