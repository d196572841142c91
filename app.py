"""Dasbor IDM: the router. Run with `streamlit run app.py`.

Each page starts with `frame.sidebar()`, which draws the shared filters and returns them.
"""

import streamlit as st

from idm import cache
from ui import frame

frame.setup()

problem = cache.database_problem()
if problem:
    st.error(f"{problem[0].upper()}{problem[1:]}. Bangun dengan `python -m idm build` (atau jalankan `bin/dashboard`).")
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
