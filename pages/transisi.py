import streamlit as st

st.title("transisi")
st.info("Halaman ini sedang dibangun.")
