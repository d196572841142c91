"""Bare Streamlit page: a title, one metric, one paragraph."""

from common import header

header()
