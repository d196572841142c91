import streamlit as st

st.title("kemiskinan")
st.info("Halaman ini sedang dibangun.")
