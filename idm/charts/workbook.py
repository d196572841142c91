"""The figure of the synchronisation material (idm.workbook): per sector of the Indikator page, the
villages below Mandiri with a gap in it and those that sector alone lifts to the next status. Shown on
the Indikator page and as the rakor deck's "Bahan sinkronisasi OPD" slide.

The blues of the Indikator page's figures (idm.charts.indikator): these are counts of villages, not
statuses, so none of the five status colours.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from idm import fmt
from idm.charts import FONT_SIZE, INK, base_layout, plain
from idm.charts.indikator import ONE_COLOUR, TWO_COLOUR


def sector_bars(*, frame: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """Two bars per sector, Kesehatan on top as the page lists them: villages with a gap in the sector, and
    villages that reach the next status when that sector's indicators alone are raised to 5. The gaps
    (village x indicator) are written beside the sector's name.

    frame: sector_label, villages, gaps, up (idm.workbook.sector_summary).
    """
    ordered = frame.iloc[::-1]
    labels = [f"{plain(label)}<br><span style='font-size:{FONT_SIZE - 3}px;color:#555'>"
              f"{fmt.count(gaps)} kekurangan</span>" for label, gaps in zip(ordered["sector_label"], ordered["gaps"])]
    figure = go.Figure()
    # Horizontal groups stack their first trace lowest: the villages with a gap are drawn last, on top, and
    # the reversed legend lists them first, as the eye reads the bars.
    for column, name, colour in (("up", "Desa naik status bila indikator sektor ini saja skor 5", ONE_COLOUR),
                                 ("villages", "Desa di bawah Mandiri dengan kekurangan di sektor ini", TWO_COLOUR)):
        figure.add_trace(go.Bar(
            x=ordered[column], y=labels, orientation="h", name=name, marker_color=colour,
            text=[fmt.count(v) for v in ordered[column]], textposition="outside", cliponaxis=False,
            textfont={"size": FONT_SIZE - 2, "color": INK},
            hovertemplate="%{x:,} desa<extra>" + plain(name) + "</extra>",
        ))
    top = float(ordered["villages"].max()) if not ordered.empty else 1.0
    figure.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05, legend={"traceorder": "reversed"})
    figure.update_xaxes(range=[0, max(top, 1) * 1.15], tickformat=",d", title="Jumlah desa")
    figure.update_yaxes(categoryorder="array", categoryarray=labels, title=None)
    return base_layout(figure, title=title, subtitle=subtitle, height=max(560, 170 + 64 * len(ordered)))
