"""Dasbor IDM: the router. Run with `streamlit run app.py`.

Each page starts with `frame.sidebar()`, which draws the shared filters and returns them.
"""

import streamlit as st

from idm import config
from ui import frame

frame.setup()

if not config.db_path().is_file():
    st.error(f"Database {config.db_path()} belum ada. Bangun dulu dengan `python -m idm build`.")
    st.stop()

PAGES = {
    "Briefing": [
        st.Page("pages/ringkasan.py", title="Ringkasan", icon=":material/dashboard:", default=True),
        st.Page("pages/tren.py", title="Tren", icon=":material/trending_up:"),
        st.Page("pages/peta.py", title="Peta", icon=":material/map:"),
    ],
    "Analisis": [
        st.Page("pages/transisi.py", title="Transisi status", icon=":material/swap_vert:"),
        st.Page("pages/kemiskinan.py", title="Kemiskinan", icon=":material/payments:"),
        st.Page("pages/desa.py", title="Desa", icon=":material/home_pin:"),
        st.Page("pages/indikator.py", title="Indikator", icon=":material/checklist:"),
    ],
}
st.navigation(PAGES).run()
