"""Dasbor IDM: the router. Run with `streamlit run app.py` (or `bin/dashboard`).

Each page starts with `frame.sidebar()`, which draws the shared filters and returns them.
"""

import streamlit as st

from idm import cache
from ui import frame, navigation, slides

frame.setup()

problem = cache.database_problem()
if problem:
    st.error(f"{frame.text(problem[0].upper() + problem[1:])}. Bangun dengan `python -m idm build` "
             "(atau jalankan `bin/dashboard`).")
    st.stop()

# ?mode=presentasi: the rakor's slides one at a time, whatever page the link names.
navigation.run(slides.show if frame.presenting() else None)
