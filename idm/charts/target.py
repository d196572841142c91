"""Figures of the Target page (and the rakor deck's "Target dan capaian" slide): each target against its
realisation, multi-year plans year by year and cumulated, and the pace of the status counts with a
simple projection that is labelled as such."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from idm import fmt, narrative, rules, target
from idm.charts import FONT_SIZE, INK, add_method_change, base_layout

MET_COLOUR = rules.STATUS_COLOURS["MANDIRI"]
NOT_MET_COLOUR = rules.STATUS_COLOURS["SANGAT TERTINGGAL"]
NO_DATA_COLOUR = "#8a8a8a"
TARGET_COLOUR = "#b9c4cc"
PACE_COLOURS = {"mandiri": rules.STATUS_COLOURS["MANDIRI"], "tertinggal_st": rules.STATUS_COLOURS["TERTINGGAL"]}


def verdict(result: target.TargetResult) -> tuple[str, str]:
    """(text, colour) of a target's outcome: 'tercapai' green, 'belum tercapai' red, 'tanpa data' grey."""
    if result.met is None:
        return "tanpa data", NO_DATA_COLOUR
    return ("tercapai", MET_COLOUR) if result.met else ("belum tercapai", NOT_MET_COLOUR)


def headline_number(result: target.TargetResult) -> str:
    """What the tile says in big type: the percent of a change target, the count of a level target."""
    if result.realisation is None:
        return "–"
    if result.percent is not None:
        return narrative.percent_text(result.percent)
    return f"{fmt.count(result.realisation)} desa"


def target_board(*, results: Sequence[target.TargetResult], title: str, subtitle: str) -> go.Figure:
    """One tile per target: indicator, target, realisation, percent and verdict (up to six, two rows)."""
    figure = go.Figure()
    figure.update_xaxes(visible=False, range=[0, 1])
    figure.update_yaxes(visible=False, range=[0, 1])
    shown = list(results)[:6]
    columns = min(3, max(1, len(shown)))
    rows = 1 if len(shown) <= 3 else 2
    width, gap = (1 - 0.02 * (columns - 1)) / columns, 0.02
    height = (0.96 - 0.04 * (rows - 1)) / rows
    for position, result in enumerate(shown):
        row, column = divmod(position, columns)
        x0 = column * (width + gap)
        y1 = 0.98 - row * (height + 0.04)
        y0 = y1 - height
        word, colour = verdict(result)
        figure.add_shape(type="rect", xref="paper", yref="paper", x0=x0, x1=x0 + width, y0=y0, y1=y1,
                         line={"color": "#d5d5d5", "width": 1.5}, fillcolor="white")
        figure.add_shape(type="rect", xref="paper", yref="paper", x0=x0, x1=x0 + 0.008, y0=y0, y1=y1,
                         line={"width": 0}, fillcolor=colour)
        indicator = rules.TARGET_BY_CODE[result.indicator]
        target_text = (f"paling banyak {fmt.count(result.target)} desa" if indicator.kind == rules.TARGET_LEVEL
                       else f"{fmt.count(result.target)} desa")
        lines = [
            (f"<b>{indicator.label}</b>", y1 - 0.06, 17, INK),
            (f"{result.area_name} {result.year} · target {target_text}", y1 - 0.06 - 0.07, 15, "#444"),
            (f"<b>{headline_number(result)}</b>", (y0 + y1) / 2 - 0.02, 38, colour),
            (word + (f" · realisasi {fmt.count(result.realisation)} desa" if result.realisation is not None
                     and result.percent is not None else ""), y0 + 0.1, 16, colour),
            (_short(result.basis, 210 // columns), y0 + 0.04, 12, "#666"),
        ]
        for text, y, size, colour_text in lines:
            figure.add_annotation(text=text, xref="paper", yref="paper", x=x0 + 0.022, y=y, xanchor="left",
                                  yanchor="middle", showarrow=False, font={"size": size, "color": colour_text})
    return base_layout(figure, title=title, subtitle=subtitle, height=560 if rows == 2 else 420)


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def series_chart(*, series: target.TargetSeries, title: str, subtitle: str) -> go.Figure:
    """A multi-year plan: target and realisation per year as bars, both cumulated as lines over the years
    with data; a year without data is labelled, never drawn as zero."""
    frame = series.years
    years = [str(y) for y in frame["year"]]
    figure = go.Figure()
    figure.add_trace(go.Bar(x=years, y=frame["target"], name="Target", marker_color=TARGET_COLOUR,
                            text=[fmt.count(v) for v in frame["target"]], textposition="outside",
                            hovertemplate="%{x}: target %{y:,} desa<extra></extra>"))
    realised = [None if pd.isna(v) else int(v) for v in frame["realisation"]]
    colours = [verdict_colour(m) for m in frame["met"]]
    figure.add_trace(go.Bar(x=years, y=realised, name="Realisasi", marker_color=colours,
                            text=[fmt.count(v) if v is not None else "" for v in realised], textposition="outside",
                            hovertemplate="%{x}: realisasi %{y:,} desa<extra></extra>"))
    with_data = frame[frame["has_data"].astype(bool)]
    if len(with_data) > 1:
        figure.add_trace(go.Scatter(
            x=[str(y) for y in with_data["year"]], y=with_data["cumulative_target"], mode="lines+markers",
            name="Target kumulatif (tahun berdata)", line={"color": "#6b7b86", "width": 3, "dash": "dot"},
            yaxis="y2", hovertemplate="%{x}: target kumulatif %{y:,}<extra></extra>"))
        figure.add_trace(go.Scatter(
            x=[str(y) for y in with_data["year"]], y=with_data["cumulative_realisation"].astype(float),
            mode="lines+markers", name="Realisasi kumulatif", line={"color": INK, "width": 3}, yaxis="y2",
            hovertemplate="%{x}: realisasi kumulatif %{y:,}<extra></extra>"))
    for position, has_data in enumerate(frame["has_data"]):
        if not has_data:  # a category axis places an annotation by position ('2020' would be read as 2020th)
            figure.add_annotation(x=position, y=0, yanchor="bottom", yshift=8, showarrow=False, text="tanpa data",
                                  font={"size": FONT_SIZE - 2, "color": NO_DATA_COLOUR})
    top = float(max(frame["target"].max(), max((v for v in realised if v is not None), default=0))) * 1.25 + 1
    figure.update_layout(barmode="group", bargap=0.3,
                         yaxis={"title": "Desa per tahun", "range": [0, top], "tickformat": ",d"},
                         yaxis2={"title": "Kumulatif", "overlaying": "y", "side": "right", "showgrid": False,
                                 "tickformat": ",d", "rangemode": "tozero"})
    figure.update_xaxes(type="category", title=None)
    return base_layout(figure, title=title, subtitle=subtitle, height=520)


def _sentence_case(text: str) -> str:
    """'desa Tertinggal + Sangat Tertinggal' -> 'Desa Tertinggal + Sangat Tertinggal' (status words keep theirs)."""
    return text[:1].upper() + text[1:]


def verdict_colour(met) -> str:
    if met is None or pd.isna(met):
        return NO_DATA_COLOUR
    return MET_COLOUR if met else NOT_MET_COLOUR


def pace_chart(*, history: Mapping[int, target.StatusCounts], projection: target.Projection | None,
               goal: tuple[int, float] | None, title: str, subtitle: str) -> go.Figure:
    """Desa Mandiri and Tertinggal + Sangat Tertinggal per year (open markers: published counts), with a
    level target and its simple projection at the laju rata-rata drawn dashed and labelled."""
    years = sorted(history)
    counts = {measure: [getattr(history[y], measure) for y in years] for measure in PACE_COLOURS}
    # Each year's higher count is labelled above its point, the lower one below (close counts, such as 104
    # and 28 desa in 2021, would otherwise print their labels over each other).
    highest = [max(PACE_COLOURS, key=lambda measure, i=i: counts[measure][i]) for i in range(len(years))]
    figure = go.Figure()
    for measure, colour in PACE_COLOURS.items():
        values = counts[measure]
        published = [history[y].source == target.PUBLIKASI for y in years]
        figure.add_trace(go.Scatter(
            x=years, y=values, mode="lines+markers+text", name=_sentence_case(target.MEASURES[measure]),
            line={"color": colour, "width": 3}, text=[fmt.count(v) for v in values],
            textposition=["top center" if top == measure else "bottom center" for top in highest],
            marker={"size": 14, "color": ["white" if p else colour for p in published],
                    "line": {"width": 3, "color": colour}},
            hovertemplate="%{x}: %{y:,} desa<extra>" + target.MEASURES[measure] + "</extra>"))
    if projection is not None:
        values = projection.values
        figure.add_trace(go.Scatter(
            x=values["year"], y=values["value"], mode="lines", name=projection.label,
            line={"color": PACE_COLOURS["tertinggal_st"] if projection.pace.measure != "mandiri"
                  else PACE_COLOURS["mandiri"], "width": 2.5, "dash": "dash"},
            hovertemplate="%{x}: %{y:,.0f} desa (proyeksi)<extra></extra>"))
    if goal is not None:
        year, value = goal
        figure.add_trace(go.Scatter(
            x=[year], y=[value], mode="markers+text", name="Target", text=[f"target {fmt.count(value)}"],
            textposition="middle right", marker={"symbol": "x", "size": 18, "color": INK},
            hovertemplate="%{x}: target %{y:,} desa<extra></extra>"))
    figure.update_xaxes(dtick=1, tickformat="d", title=None)
    drawn = [v for values in counts.values() for v in values]
    drawn += list(projection.values["value"]) if projection is not None else []
    drawn += [goal[1]] if goal is not None else []
    top, bottom = max(max(drawn, default=0), 1), min(min(drawn, default=0), 0)
    # Room under the lowest point for the labels below the lower counts, clear of the years also on a phone
    # (a tenth of the range put 28, 37, 2 into the row of years on a 390 px screen).
    figure.update_yaxes(title="Jumlah desa", tickformat=",d", range=[bottom - 0.18 * top, 1.12 * top])
    note = "titik terbuka: angka publikasi"
    if projection is not None:
        note += f" · garis putus-putus: {projection.label}"
    if add_method_change(figure, years=years):  # counts continue across the change, the method does not
        note += f" · status sejak {rules.FIRST_INDEKS_DESA_YEAR} dari Indeks Desa"
    return base_layout(figure, title=title, subtitle=[subtitle, note], height=520).update_layout(
        margin={"t": 150})
