"""Figures of the Ringkasan page (and the rakor deck): ranking, trend, status counts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from idm import fmt, rules
from idm.charts import FONT_SIZE, INK, add_status_legend, add_thresholds, base_layout, status_bars, status_colours

def ranking_bar(*, frame: pd.DataFrame, title: str, subtitle: str, compare_year: int | None = None,
                unit_word: str = "kabupaten") -> go.Figure:
    """Units ranked by IDM, bars coloured by status, the comparison year as a marker.

    frame: name, idm, status, idm_compare (optional). Rows without IDM (kota) are named under the chart.
    """
    scored = frame.dropna(subset=["idm"]).sort_values("idm")
    unscored = frame[frame["idm"].isna()]
    bars, present = status_bars(scored, y=scored["name"])
    figure = go.Figure(bars)
    add_status_legend(figure, present=present)
    if compare_year and "idm_compare" in scored and scored["idm_compare"].notna().any():
        figure.add_trace(go.Scatter(
            x=scored["idm_compare"], y=scored["name"], mode="markers", name=f"IDM {compare_year}",
            marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": INK}},
            hovertemplate="%{y}<br>IDM " + str(compare_year) + " %{x:.4f}<extra></extra>",
        ))
    lowest = max(0.0, min(scored["idm"].min(), scored.get("idm_compare", scored["idm"]).min()) - 0.08) \
        if not scored.empty else 0
    figure.update_xaxes(range=[lowest, 1.0], tickformat=".2f", title="IDM")
    figure.update_yaxes(categoryorder="array", categoryarray=list(scored["name"]), title=None)
    figure.update_layout(barmode="overlay", bargap=0.25)
    height = max(420, 150 + 34 * len(scored))
    if not unscored.empty:
        names = ", ".join(unscored["name"])
        figure.add_annotation(text=f"{rules.NO_IDM_LABEL}: {names}", xref="paper", yref="paper", x=0, y=0,
                              yshift=-62, yanchor="top", xanchor="left", showarrow=False,
                              font={"size": FONT_SIZE - 3, "color": "#555"})
    base_layout(figure, title=title, subtitle=subtitle, height=height)
    if not unscored.empty:
        figure.update_layout(margin={"b": 95})
    return figure


def trend_line(*, frame: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """IDM per year with the status thresholds; years from published figures get open markers.

    frame: year, idm, status, source ('desa' | 'publikasi').
    """
    figure = go.Figure()
    ordered = frame.sort_values("year")
    figure.add_trace(go.Scatter(
        x=ordered["year"], y=ordered["idm"], mode="lines", line={"color": INK, "width": 3},
        showlegend=False, hoverinfo="skip",
    ))
    for source, symbol, name in (("desa", "circle", "Dihitung dari data per desa"),
                                 ("publikasi", "circle-open", "Angka yang dipublikasikan")):
        part = ordered[ordered["source"] == source]
        if part.empty:
            continue
        figure.add_trace(go.Scatter(
            x=part["year"], y=part["idm"], mode="markers+text", showlegend=False,
            marker={"symbol": symbol, "size": 18, "color": status_colours(part["status"]),
                    "line": {"width": 3, "color": status_colours(part["status"])}},
            text=[fmt.idm(v) for v in part["idm"]], textposition="top center",
            textfont={"size": FONT_SIZE},
            hovertemplate="%{x}: IDM %{y:.4f}<extra>" + name + "</extra>",
        ))
        figure.add_trace(go.Scatter(  # the legend entry, in neutral grey: colour means status
            x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
            marker={"symbol": symbol, "size": 14, "color": "#777", "line": {"width": 3, "color": "#777"}},
        ))
    add_thresholds(figure)
    low = min(0.45, float(ordered["idm"].min()) - 0.05) if not ordered.empty else 0.45
    figure.update_yaxes(range=[low, 0.9], tickformat=".2f", title="IDM")
    figure.update_xaxes(dtick=1, tickformat="d", title=None)
    return base_layout(figure, title=title, subtitle=subtitle)


def status_stack(*, frame: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """Villages per status per year as stacked bars (Sangat Tertinggal at the bottom, Mandiri on top).

    frame: year, source and one count column per status (mandiri, maju, ...).
    """
    figure = go.Figure()
    ordered = frame.sort_values("year")
    labels = [f"{y}*" if s == "publikasi" else str(y) for y, s in zip(ordered["year"], ordered["source"])]
    for status in reversed(rules.STATUSES):
        values = ordered[rules.STATUS_COLUMNS[status.code]].fillna(0)
        figure.add_trace(go.Bar(
            x=labels, y=values, name=status.label, marker_color=status.colour,
            text=[fmt.count(v) if v else "" for v in values], textposition="inside", insidetextanchor="middle",
            textangle=0, textfont={"size": FONT_SIZE - 1, "color": "white"},
            hovertemplate="%{x}: %{y:,} desa<extra>" + status.label + "</extra>",
        ))
    # Labels that do not fit a thin segment are hidden rather than shrunk to illegible.
    figure.update_layout(barmode="stack", legend={"traceorder": "reversed"},
                         uniformtext={"minsize": FONT_SIZE - 3, "mode": "hide"})
    figure.update_yaxes(title="Jumlah desa", tickformat=",d")
    figure.update_xaxes(type="category", title=None)
    if (ordered["source"] == "publikasi").any():
        subtitle = f"{subtitle} · * angka yang dipublikasikan"
    return base_layout(figure, title=title, subtitle=subtitle)


def status_comparison(*, counts: pd.DataFrame, year: int, compare_year: int | None, title: str,
                      subtitle: str) -> go.Figure:
    """Villages per status in the year beside the comparison year, with the change as text.

    counts: status, n, n_compare.
    """
    figure = go.Figure()
    ordered = counts.set_index("status").reindex(rules.STATUS_CODES).fillna(0)
    labels = [rules.STATUS_LABELS[s] for s in ordered.index]
    colours = [rules.STATUS_COLOURS[s] for s in ordered.index]
    if compare_year:
        figure.add_trace(go.Bar(
            x=labels, y=ordered["n_compare"], name=str(compare_year), marker_color=colours, opacity=0.38,
            text=[fmt.count(v) for v in ordered["n_compare"]], textposition="outside",
            hovertemplate="%{x} " + str(compare_year) + ": %{y:,} desa<extra></extra>",
        ))
    change = ordered["n"] - ordered["n_compare"] if compare_year else None
    text = [fmt.count(v) + (f" ({fmt.number(d, sign=True)})" if compare_year else "")
            for v, d in zip(ordered["n"], change if change is not None else ordered["n"])]
    figure.add_trace(go.Bar(
        x=labels, y=ordered["n"], name=str(year), marker_color=colours, text=text, textposition="outside",
        cliponaxis=False, hovertemplate="%{x} " + str(year) + ": %{y:,} desa<extra></extra>",
    ))
    figure.update_layout(barmode="group", showlegend=bool(compare_year), bargap=0.25)
    figure.update_yaxes(title="Jumlah desa", tickformat=",d", range=[0, float(ordered[["n", "n_compare"]].max().max()) * 1.18 + 1])
    figure.update_xaxes(title=None)
    if compare_year:
        subtitle = f"{subtitle} · batang pudar: {compare_year}"
    return base_layout(figure, title=title, subtitle=subtitle, height=500)
