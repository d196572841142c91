import streamlit as st

st.title("Peta")
st.info("Halaman ini sedang dibangun.")
