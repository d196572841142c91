"""Dasbor IDM: the router and the frame every page shares. Run with `streamlit run app.py`."""

import streamlit as st

from idm import config
from ui import frame

frame.setup()

if not config.db_path().is_file():
    st.error(f"Database {config.db_path()} belum ada. Bangun dulu dengan `python -m idm build`.")
    st.stop()

pages = {
    "Ringkasan": [
        st.Page("pages/ringkasan.py", title="Ringkasan", icon=":material/dashboard:", default=True),
        st.Page("pages/tren.py", title="Tren", icon=":material/trending_up:"),
        st.Page("pages/peta.py", title="Peta", icon=":material/map:"),
    ],
}
navigation = st.navigation(pages)
frame.sidebar()
navigation.run()
