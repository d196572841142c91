"""Peta: where the villages stand, regency by regency, down to the village polygons."""

import streamlit as st

from idm.charts import peta as maps
from idm.specs import VillageMap
from idm.views import peta as peta_view
from ui import frame, widgets

chosen = frame.sidebar()
frame.header(chosen, f"Peta IDM {chosen.area_name}", f"Indeks Desa Membangun {chosen.context}")

# The measure travels in the link too (?ukuran=status).
measures = maps.measures_for(chosen.year)  # IDM's values up to 2024, the Indeks Desa's from 2025
if st.session_state.get("ukuran") not in measures:
    st.session_state.pop("ukuran", None)
measure = frame.linked(st.radio, "Warnai peta menurut", list(measures), key="ukuran",
                       default=next(iter(measures)), format_func=measures.get, horizontal=True)
view = widgets.view("peta", chosen=chosen, measure=measure)
if view.notice:
    widgets.empty(view.notice)


def pick(widget_key: str, target: str) -> None:
    """A click on a region sets the sidebar filter `target` ('prov', 'kab' or 'kec')."""
    points = st.session_state[widget_key]["selection"]["points"]
    code = next((p["customdata"][0] for p in points if p.get("customdata")), None)
    if code is None:
        return
    st.session_state[target] = code
    for finer in {"prov": ("kab", "kec"), "kab": ("kec",), "kec": ()}[target]:
        st.session_state[finer] = frame.ALL


top = view.items[peta_view.TOP]
top_target = "prov" if chosen.is_group else "kab"
# The regency and district maps are drawn on the server (they appear at once); a click on a region opens
# it (a link with the same filters and measure).
top_link = frame.region_link(chosen, top_target, ukuran=measure)
if not chosen.regency:
    widgets.show(top, filters=chosen, link=top_link,
                 on_select=lambda: pick(f"chart-{top.name}", top_target))
    st.caption(f":material/touch_app: Klik sebuah {view.top_word} di peta untuk melihat "
               + ("kabupaten/kotanya." if chosen.is_group else "kecamatan dan desanya."))
    st.stop()

left, right = frame.chart_pair("peta")
with left:
    widgets.show(top, filters=chosen, link=top_link,
                 on_select=lambda: pick(f"chart-{top.name}", top_target))
with right:
    districts = view.items["kecamatan"]
    widgets.show(districts, filters=chosen, link=frame.region_link(chosen, "kec", ukuran=measure),
                 on_select=lambda: pick(f"chart-{districts.name}", "kec"))

villages = view.items.get("desa")  # none where the regency has no district boundaries
if villages is None:
    st.stop()
if isinstance(villages, VillageMap):
    st.markdown(f"#### {frame.text(villages.title)}")
widgets.show(villages, filters=chosen)
if "tanpa-batas" in view.items:
    st.markdown(f"##### {frame.text(view.items['tanpa-batas'].title)}")
    widgets.show(view.items["tanpa-batas"], filters=chosen)
