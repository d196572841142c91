"""Figures of the Indikator page (and the rakor deck's gain slide): sub-dimensions, shortfalls,
a village's report card, villages one or two indicators from the next status.

Indicator scores are not statuses: these figures use blues and one purple for "score 0-2", never
the five status colours, so no one reads a bar as a village status.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from idm import fmt, rules
from idm.charts import FONT_SIZE, INK, base_layout, plain

LOW_COLOUR = "#6a3d9a"  # score 0-2: what an office must act on
OK_COLOUR = "#b9c4cc"
ONE_COLOUR = "#2f5d8a"
TWO_COLOUR = "#8fb0d6"


def sub_dimension_bars(*, frame: pd.DataFrame, reference_name: str, title: str, subtitle: str) -> go.Figure:
    """The 12 sub-dimensions' mean score (0-5), coloured by dimension, the reference as a black tick.

    frame: sub_dimension_name, dimension, mean_score, reference (idm.indicators.sub_dimension_scores).
    """
    ordered = frame.iloc[::-1]  # Kesehatan on top, as the ministry lists them
    figure = go.Figure()
    for dimension in rules.DIMENSION_LIST:
        part = ordered[ordered["dimension"] == dimension.code]
        figure.add_trace(go.Bar(
            x=part["mean_score"], y=part["sub_dimension_name"], orientation="h", name=dimension.short,
            marker_color=dimension.colour, text=[fmt.number(v, 2) for v in part["mean_score"]], textposition="inside",
            insidetextanchor="start", textfont={"size": FONT_SIZE - 1, "color": "white"},
            hovertemplate="%{y}: rata-rata skor %{x:.2f}<extra></extra>",
        ))
    if ordered["reference"].notna().any():
        figure.add_trace(go.Scatter(
            x=ordered["reference"], y=ordered["sub_dimension_name"], mode="markers",
            name=plain(reference_name.capitalize()),
            marker={"symbol": "line-ns", "size": 24, "line": {"width": 4, "color": INK}},
            hovertemplate="%{y}: " + plain(reference_name) + " %{x:.2f}<extra></extra>",
        ))
    figure.update_xaxes(range=[0, 5.1], dtick=1, title="Rata-rata skor indikator (0–5)")
    figure.update_yaxes(categoryorder="array", categoryarray=list(ordered["sub_dimension_name"]), title=None)
    figure.update_layout(barmode="overlay", bargap=0.3)
    return base_layout(figure, title=title, subtitle=subtitle, height=620)


def shortfall_bars(*, frame: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """Indicators by villages scoring 0-2, largest on top. frame: code, name, low, low_share."""
    ordered = frame.iloc[::-1]
    labels = [f"{c} {plain(n)}" for c, n in zip(ordered["code"], ordered["name"])]
    figure = go.Figure(go.Bar(
        x=ordered["low"], y=labels, orientation="h", marker_color=LOW_COLOUR, showlegend=False,
        text=[f"{fmt.count(n)} desa ({fmt.percent(100 * s, 0)})" for n, s in zip(ordered["low"], ordered["low_share"])],
        textposition="outside", cliponaxis=False, textfont={"size": FONT_SIZE - 1},
        hovertemplate="%{y}: %{x:,} desa skor 0–2<extra></extra>",
    ))
    top = float(ordered["low"].max()) if not ordered.empty else 1.0
    figure.update_xaxes(range=[0, top * 1.3], tickformat=",d", title="Desa dengan skor 0–2")
    figure.update_yaxes(categoryorder="array", categoryarray=labels, title=None)
    return base_layout(figure, title=title, subtitle=subtitle, height=max(420, 170 + 42 * len(ordered)))


def report_card(*, card: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """A village's 50 scores, IKS01 on top; scores 0-2 in purple and marked, the others grey.

    card: code, name, dimension, sub_dimension_short, score, low (idm.indicators.report_card).
    """
    ordered = card.iloc[::-1]
    labels = [f"{c} {plain(n)}" for c, n in zip(ordered["code"], ordered["name"])]
    colours = [LOW_COLOUR if low else OK_COLOUR for low in ordered["low"]]
    scores = ordered["score"]
    figure = go.Figure(go.Bar(
        x=scores.fillna(0), y=labels, orientation="h", marker_color=colours, showlegend=False,
        text=[("–" if pd.isna(s) else f"{int(s)}" + ("  ◀ perlu ditangani" if low else ""))
              for s, low in zip(scores, ordered["low"])],
        textposition="outside", cliponaxis=False, textfont={"size": FONT_SIZE - 2},
        customdata=ordered[["sub_dimension_short"]],
        hovertemplate="%{y}<br>skor %{x}<br>%{customdata[0]}<extra></extra>",
    ))
    for name, colour in (("Skor 0–2: perlu ditangani", LOW_COLOUR), ("Skor 3–5", OK_COLOUR)):
        figure.add_trace(go.Bar(x=[None], y=[None], name=name, marker_color=colour, showlegend=True))
    # A thin line between dimensions, so IKS, IKE and IKL read as three blocks.
    dimensions = list(ordered["dimension"])
    for index in range(1, len(dimensions)):
        if dimensions[index] != dimensions[index - 1]:
            figure.add_hline(y=index - 0.5, line={"color": INK, "width": 1.5, "dash": "dot"})
    figure.update_xaxes(range=[0, 7.2], tickvals=[0, 1, 2, 3, 4, 5], title="Skor (0–5)")
    figure.update_yaxes(categoryorder="array", categoryarray=labels, title=None, tickfont={"size": FONT_SIZE - 3})
    figure.update_layout(bargap=0.25)
    return base_layout(figure, title=title, subtitle=subtitle, height=200 + 24 * len(ordered))


def gain_bars(*, frame: pd.DataFrame, unit_word: str, title: str, subtitle: str) -> go.Figure:
    """Per unit: villages that reach the next status with one indicator raised to 5, and with two.

    frame: name, below_mandiri, one, two, up_to_two (idm.indicators.gain_by_unit).
    """
    ordered = frame.sort_values(["up_to_two", "name"], ascending=[True, False])
    ordered = ordered.assign(name=[plain(name) for name in ordered["name"]])
    figure = go.Figure()
    for column, label, colour in (("one", "Naik status dengan 1 indikator", ONE_COLOUR),
                                  ("two", "Naik status dengan 2 indikator", TWO_COLOUR)):
        figure.add_trace(go.Bar(
            x=ordered[column], y=ordered["name"], orientation="h", name=label, marker_color=colour,
            text=[fmt.count(v) if v else "" for v in ordered[column]], textposition="inside",
            insidetextanchor="middle", textfont={"size": FONT_SIZE - 2},
            hovertemplate="%{y}: %{x:,} desa<extra>" + label + "</extra>",
        ))
    figure.add_trace(go.Scatter(
        x=ordered["up_to_two"], y=ordered["name"], mode="text", showlegend=False, hoverinfo="skip",
        text=[f"  {fmt.count(n)} dari {fmt.count(b)} desa"
              for n, b in zip(ordered["up_to_two"], ordered["below_mandiri"])],
        textposition="middle right", textfont={"size": FONT_SIZE - 2, "color": INK},
    ))
    top = float(ordered["up_to_two"].max()) if not ordered.empty else 1.0
    figure.update_layout(barmode="stack", bargap=0.25, legend={"traceorder": "normal"},
                         uniformtext={"minsize": FONT_SIZE - 4, "mode": "hide"})
    figure.update_xaxes(range=[0, max(top, 1) * 1.45], tickformat=",d", title="Jumlah desa")
    figure.update_yaxes(categoryorder="array", categoryarray=list(ordered["name"]), title=None)
    return base_layout(figure, title=title, subtitle=subtitle, height=max(420, 170 + 40 * len(ordered)))
