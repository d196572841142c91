"""IDM: Indeks Desa Membangun data, checks and figures for the Dinas PMD dashboard.

Nothing in this package imports Streamlit except `idm.cache`, which wraps query functions in
Streamlit's caches for the pages.
"""
