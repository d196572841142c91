"""Figures of the Desa page: one village's years, the village beside its areas, the priority list."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from idm import fmt, rules
from idm.charts import (
    FONT_SIZE,
    INK,
    add_status_legend,
    add_thresholds,
    base_layout,
    legend_rank,
    plain,
    status_colours,
)

# Village, district, regency, province: one ink from dark to light.
AREA_COLOURS = ["#1f2a30", "#52677a", "#8ea3b5", "#c5d1db"]


def village_history(*, frame: pd.DataFrame, title: str, subtitle: str, height: int = 480) -> go.Figure:
    """IDM per year (markers in the status colour) and IKS/IKE/IKL as thin lines, with the thresholds.

    frame: year, idm, iks, ike, ikl, status. Only years with a published village row; a year without
    a value is left out, never drawn as zero.
    """
    scored = frame.dropna(subset=["idm"]).sort_values("year")
    years = [str(int(y)) for y in scored["year"]]
    figure = go.Figure()
    for dimension in rules.DIMENSION_LIST:
        figure.add_trace(go.Scatter(
            x=years, y=scored[dimension.code.lower()], mode="lines+markers", name=dimension.code,
            line={"color": dimension.colour, "width": 2}, marker={"size": 9, "color": dimension.colour},
            hovertemplate="%{x}: " + dimension.code + " %{y:.4f}<extra></extra>", legendrank=10,
        ))
    figure.add_trace(go.Scatter(
        x=years, y=scored["idm"], mode="lines+markers+text", name="IDM",
        line={"color": INK, "width": 3},
        marker={"size": 20, "color": status_colours(scored["status"]), "line": {"width": 2, "color": INK}},
        text=[fmt.idm(v) for v in scored["idm"]], textposition="top center", textfont={"size": FONT_SIZE},
        hovertemplate="%{x}: IDM %{y:.4f}<extra></extra>", legendrank=1,
    ))
    add_status_legend(figure)
    add_thresholds(figure, labels=False)  # the status legend names the colours
    values = scored[["idm", "iks", "ike", "ikl"]].stack()
    low = max(0.0, min(values.min(), rules.BY_CODE["TERTINGGAL"].lower) - 0.05) if not values.empty else 0.0
    figure.update_yaxes(range=[low, 1.02], tickformat=".2f", title="Nilai indeks")
    figure.update_xaxes(type="category", title=None)
    base_layout(figure, title=title, subtitle=subtitle, height=height)
    return figure


def area_comparison(*, frame: pd.DataFrame, measures: dict[str, str], title: str, subtitle: str,
                    height: int | None = None) -> go.Figure:
    """The village beside its district, regency and province as grouped bars: IDM, IKS, IKE, IKL on
    IDM's 0-1 axis, or the Indeks Desa score and its six dimensions on their own 0-100 axis.

    frame: who and the measures' columns (the village first; desa.comparison); measures: column ->
    label (desa.comparison_measures).
    """
    idm_scale = "idm" in measures
    labels = list(measures.values())
    figure = go.Figure()
    # Horizontal, village on top of each group: the labels stay horizontal and large.
    for colour, row in reversed(list(zip(AREA_COLOURS, frame.to_dict("records")))):
        values = [row[column] for column in measures]
        who = plain(row["who"])
        figure.add_trace(go.Bar(
            y=labels, x=values, name=who, orientation="h", marker_color=colour,
            text=[fmt.idm(v) if idm_scale else fmt.number(v, 1) for v in values], textposition="outside",
            cliponaxis=False, textfont={"size": FONT_SIZE - 3, "color": INK},
            hovertemplate="%{y} " + who + (": %{x:.4f}" if idm_scale else ": %{x:.2f}") + "<extra></extra>",
            meta={"index": rules.IDM if idm_scale else rules.INDEKS_DESA},
        ))
    if idm_scale:
        figure.update_xaxes(range=[0, 1.12], tickformat=".1f", title=None)
    else:
        figure.update_xaxes(range=[0, 112], tickformat=".0f", title="Skor Indeks Desa (0–100)")
    figure.update_yaxes(categoryorder="array", categoryarray=labels[::-1], title=None)
    figure.update_layout(barmode="group", bargap=0.18, bargroupgap=0.04, legend={"traceorder": "reversed"})
    base_layout(figure, title=title, subtitle=subtitle, height=height or max(520, 130 + 70 * len(measures)))
    return figure


def priority_bar(*, frame: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """Villages close to the next status per regency, stacked by the status they would reach.

    frame: regency_name, target, n, total (villages.priority_by_regency).
    """
    frame = frame.assign(regency_name=[plain(name) for name in frame["regency_name"]])
    order = (frame.drop_duplicates("regency_name").sort_values(["total", "regency_name"], ascending=[True, False])
             ["regency_name"].tolist())
    figure = go.Figure()
    present = set()
    for status in rules.STATUSES:
        part = frame[frame["target"] == status.code]
        if part.empty:
            continue
        present.add(status.code)
        figure.add_trace(go.Bar(
            x=part["n"], y=part["regency_name"], orientation="h", name=status.label,
            legendgroup=status.code, legendrank=legend_rank(status.code), marker_color=status.colour,
            hovertemplate="%{y}: %{x} desa hampir " + status.label + "<extra></extra>",
        ))
    add_status_legend(figure, present=present)
    totals = frame.drop_duplicates("regency_name")
    figure.add_trace(go.Scatter(
        x=totals["total"], y=totals["regency_name"], mode="text", text=[fmt.count(n) for n in totals["total"]],
        textposition="middle right", textfont={"size": FONT_SIZE}, showlegend=False, hoverinfo="skip",
        cliponaxis=False,
    ))
    figure.update_yaxes(categoryorder="array", categoryarray=order, title=None)
    top = int(totals["total"].max()) if not totals.empty else 1
    figure.update_xaxes(title="Jumlah desa", range=[0, top * 1.15 + 1])
    figure.update_layout(barmode="stack", bargap=0.25)
    base_layout(figure, title=title, subtitle=subtitle, height=max(380, 170 + 36 * len(order)))
    return figure
