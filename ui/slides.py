"""Presentation mode (`?mode=presentasi&slide=N`): the rakor's slides one at a time, each filling the
screen without scrolling, with previous/next buttons, a list to jump and the slide number in the link.

The slides are the deck's (idm.deck.contents): the same chart specs as the pages and the PowerPoint,
in the same order, drawn here with Plotly at projector type sizes. The filters come from the link.
"""

from __future__ import annotations

import html

import streamlit as st

from idm import cache
from idm.deck import Slide
from idm.specs import Chart
from ui import frame, widgets

SLIDE_PARAM = "slide"


def _number(count: int) -> int:
    """The slide the link asks for, 1..count (a bad or missing number: the first)."""
    try:
        number = int(str(st.query_params.get(SLIDE_PARAM, "1")))
    except ValueError:
        number = 1
    return min(max(number, 1), count)


def _go(number: int) -> None:
    st.query_params[SLIDE_PARAM] = str(number)


def _leave() -> None:
    for name in ("mode", SLIDE_PARAM):
        st.query_params.pop(name, None)


def show() -> None:
    """The slide show for the filters in the link."""
    chosen = frame.sidebar()
    try:
        made = cache.deck_contents(chosen)
    except LookupError as error:
        st.header(frame.text(chosen.area_name))
        widgets.empty(str(error))
        st.button("Keluar dari presentasi", on_click=_leave, icon=":material/close:")
        return
    slides: list[Slide | Chart] = [made.title, *(chart for _, chart in made.charts), made.sources]
    number = _number(len(slides))
    st.query_params[SLIDE_PARAM] = str(number)
    shown = slides[number - 1]
    titles = [slide.title for slide in slides]

    with st.container(horizontal=True, vertical_alignment="center", wrap=False, key="idm-slide-bar"):
        st.markdown(f"<h1 class='idm-slide-title'>{html.escape(titles[number - 1])}</h1>", unsafe_allow_html=True)
        st.selectbox("Slide", range(1, len(slides) + 1), index=number - 1, key=f"idm-slide-pick-{number}",
                     format_func=lambda n: f"{n} / {len(slides)} · {titles[n - 1]}", label_visibility="collapsed",
                     on_change=lambda: _go(st.session_state[f"idm-slide-pick-{number}"]), width=220)
        st.button("Sebelumnya", icon=":material/chevron_left:", key="idm-slide-previous", disabled=number == 1,
                  on_click=_go, args=(number - 1,))
        st.button("Berikutnya", icon=":material/chevron_right:", key="idm-slide-next", disabled=number == len(slides),
                  on_click=_go, args=(number + 1,), type="primary")
        st.button("Keluar", icon=":material/close:", key="idm-slide-leave", on_click=_leave,
                  help="Keluar dari presentasi: kembali ke halaman dengan filter yang sama")

    if isinstance(shown, Chart):
        widgets.slide_chart(shown)
    else:
        body = "".join(f"<p>{html.escape(line)}</p>" for line in shown.lines)
        if shown is made.title and shown.notes:  # the headline sentence
            body += f"<p class='idm-slide-lead'>{html.escape(shown.notes)}</p>"
        st.markdown(f"<div class='idm-slide-text'>{body}</div>", unsafe_allow_html=True)
