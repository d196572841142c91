"""Figures of the Ringkasan page (and the rakor deck): ranking, trend, status counts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from idm import fmt, rules
from idm.charts import (
    FONT_SIZE,
    INK,
    add_method_change,
    add_status_legend,
    add_thresholds,
    base_layout,
    plain,
    status_bars,
    status_colours,
)
from idm.ringkasan import Headline, Rank


def ranking_bar(*, frame: pd.DataFrame, title: str, subtitle: str, compare_year: int | None = None,
                unit_word: str = "kabupaten", highlight: str | None = None) -> go.Figure:
    """Units ranked by IDM, bars coloured by status, the comparison year as a marker.

    frame: code, name, idm, status, idm_compare (optional). Rows without IDM (kota) are named under the
    chart. `highlight`: the code of a unit whose name is set in bold and marked with an arrow (the
    office's own province among the provinces of Indonesia).
    """
    scored = frame.dropna(subset=["idm"]).sort_values("idm").copy()
    unscored = frame[frame["idm"].isna()]
    codes = scored["code"] if "code" in scored else [None] * len(scored)
    scored["name"] = [f"<b>▶ {plain(n)}</b>" if highlight is not None and c == highlight else plain(n)
                      for c, n in zip(codes, scored["name"])]
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
        names = ", ".join(plain(name) for name in unscored["name"])
        figure.add_annotation(text=f"{rules.NO_IDM_LABEL}: {names}", xref="paper", yref="paper", x=0, y=0,
                              yshift=-62, yanchor="top", xanchor="left", showarrow=False,
                              font={"size": FONT_SIZE - 3, "color": "#555"})
    base_layout(figure, title=title, subtitle=subtitle, height=height)
    if not unscored.empty:
        figure.update_layout(margin={"b": 95})
    return figure


def score_ranking_bar(*, frame: pd.DataFrame, title: str, subtitle: str, unit_word: str = "kabupaten",
                      highlight: str | None = None) -> go.Figure:
    """Units ranked by their villages' mean Indeks Desa score, on its own 0-100 axis (never IDM's). No
    status colours: the Indeks Desa gives villages a status, not regions.

    frame: code, name, skor, scored_indeks_desa (unit_ranking)."""
    scored = frame[frame["scored_indeks_desa"] > 0].sort_values("skor").copy()
    names = [f"<b>▶ {plain(n)}</b>" if c == highlight else plain(n) for c, n in zip(scored["code"], scored["name"])]
    figure = go.Figure(go.Bar(
        x=scored["skor"], y=names, orientation="h", marker_color="#5b7083", showlegend=False,
        text=[fmt.number(v, 2) for v in scored["skor"]], textposition="outside", cliponaxis=False,
        textfont={"size": FONT_SIZE - 1}, hovertemplate="%{y}<br>skor Indeks Desa %{x:.2f}<extra></extra>",
        meta={"index": rules.INDEKS_DESA},
    ))
    figure.update_xaxes(range=[0, 105], title="Skor Indeks Desa (rata-rata desa, 0–100)")
    figure.update_yaxes(categoryorder="array", categoryarray=names, title=None)
    return base_layout(figure, title=title, subtitle=subtitle, height=max(420, 150 + 34 * len(scored)))


def trend_line(*, frame: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """IDM per year with the status thresholds; years from published figures get open markers.

    frame: year, idm, status, source ('desa' | 'publikasi').
    """
    figure = go.Figure()
    ordered = frame.sort_values("year")
    last_year = ordered["year"].max() if not ordered.empty else None
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
            text=[fmt.idm(v) for v in part["idm"]],
            textposition=[_label_position(v, at_right_edge=y == last_year) for y, v in zip(part["year"], part["idm"])],
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


def _label_position(value: float, *, at_right_edge: bool) -> str:
    """Above the point, except at the right edge just under a threshold, whose label is printed there
    (Kalimantan Selatan 2024: 0,7903 under "Mandiri > 0,8155")."""
    if at_right_edge and any(value - 0.01 < status.lower < value + 0.035 for status in rules.STATUSES[:-1]):
        return "bottom center"
    return "top center"


def status_stack(*, frame: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """Villages per status per year as stacked bars (Sangat Tertinggal at the bottom, Mandiri on top).

    frame: year, source and one count column per status (mandiri, maju, ...).
    """
    figure = go.Figure()
    ordered = frame.sort_values("year")
    labels = [f"{rules.year_label(y)}*".replace(" (", "<br>(") if s == "publikasi" else
              rules.year_label(y).replace(" (", "<br>(") for y, s in zip(ordered["year"], ordered["source"])]
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
    if add_method_change(figure, years=ordered["year"], positions=labels):
        subtitle = [subtitle, rules.METHOD_CHANGE_NOTE]
    return base_layout(figure, title=title, subtitle=subtitle)


def kpi_board(*, now: Headline, before: Headline | None, area_name: str, unit_word: str, title: str,
              subtitle: str, rank: Rank | None = None) -> go.Figure:
    """The Ringkasan's KPI as one figure for a slide: IDM, status and place, Mandiri, villages, villages per
    status. A year of the Indeks Desa shows its mean score (or that none was published) where IDM was,
    and no area status (the Indeks Desa classifies villages only); changes of counts across the change
    of method are counts, never values."""
    figure = go.Figure()
    figure.update_xaxes(visible=False, range=[0, 1])
    figure.update_yaxes(visible=False, range=[0, 1])

    def card(x0: float, x1: float, y0: float, y1: float, *, label: str, value: str, note: str | list[str],
             colour: str, value_colour: str = INK) -> None:
        notes = [note] if isinstance(note, str) else note
        figure.add_shape(type="rect", xref="paper", yref="paper", x0=x0, x1=x1, y0=y0, y1=y1,
                         line={"color": "#d5d5d5", "width": 1.5}, fillcolor="white")
        figure.add_shape(type="rect", xref="paper", yref="paper", x0=x0, x1=x0 + 0.009, y0=y0, y1=y1,
                         line={"width": 0}, fillcolor=colour)
        for text, y, size, colour_text in ((label, y1 - 0.045, 18, "#444"), (f"<b>{value}</b>", (y0 + y1) / 2,
                                           40, value_colour)):
            figure.add_annotation(text=text, xref="paper", yref="paper", x=x0 + 0.025, y=y, xanchor="left",
                                  yanchor="middle", showarrow=False, font={"size": size, "color": colour_text})
        # The note's parts (the national rank, last year's status) one per line, growing up from the bottom.
        figure.add_annotation(text="<br>".join(part for part in notes if part), xref="paper", yref="paper",
                              x=x0 + 0.025, y=y0 + 0.015, xanchor="left", yanchor="bottom", align="left",
                              showarrow=False, font={"size": 16, "color": "#555"})

    def change(value, previous, *, idm: bool = False) -> str:
        if before is None or previous is None or value is None:
            return ""
        difference = value - previous
        text = fmt.idm(difference, sign=True) if idm else fmt.number(difference, sign=True)
        return f"{text} dari {rules.year_label(before.year)}"

    place = (f"peringkat nasional {now.rank}" + (f" dari {now.ranked}" if now.ranked else "") if now.rank
             else f"peringkat {rank.text()}" if rank else "")
    status_colour = rules.STATUS_COLOURS.get(now.status, rules.NO_IDM_COLOUR)
    top = (0.56, 0.98)
    width, gap = 0.235, 0.02
    if now.index == rules.INDEKS_DESA:
        card(0, width, *top, label=f"Skor Indeks Desa {now.year}",
             value=fmt.number(now.skor, 2) if now.skor is not None else "–",
             note="rata-rata desa, 0–100" if now.skor is not None else "nilai tidak dipublikasikan", colour=INK)
        card(width + gap, 2 * width + gap, *top, label="Peringkat", value=str(now.rank or (rank.rank if rank else "–")),
             note=place or "tidak dipublikasikan", colour="#777")
    else:
        card(0, width, *top, label=f"IDM {now.year}", value=fmt.idm(now.idm),
             note=change(now.idm, before.idm if before and before.index == rules.IDM else None, idm=True),
             colour=INK)
        card(width + gap, 2 * width + gap, *top, label=f"Status {plain(area_name)}",
             value=rules.STATUS_LABELS.get(now.status, "–"), value_colour=status_colour, colour=status_colour,
             note=[place, f"{before.year}: {rules.STATUS_LABELS[before.status]}" if before and before.status else ""])
    card(2 * (width + gap), 3 * width + 2 * gap, *top, label="Desa Mandiri", value=fmt.count(now.counts["MANDIRI"]),
         note=change(now.counts["MANDIRI"], before.counts["MANDIRI"] if before else None),
         colour=rules.STATUS_COLOURS["MANDIRI"])
    if now.source == "publikasi":
        counted = "angka yang dipublikasikan"
    elif now.index == rules.INDEKS_DESA:
        counted = f"{fmt.count(now.scored_indeks_desa)} bernilai skor Indeks Desa"
    else:
        counted = f"{fmt.count(now.scored)} bernilai IDM"
    card(3 * (width + gap), 1, *top, label="Jumlah desa", value=fmt.count(now.villages), note=counted, colour="#777")
    figure.add_annotation(text="<b>Desa per status</b>" + (f" (perubahan dari {rules.year_label(before.year)})"
                                                          if before else ""),
                          xref="paper", yref="paper", x=0, y=0.49, xanchor="left", yanchor="middle",
                          showarrow=False, font={"size": 19})
    small, small_gap = 0.184, 0.02
    for position, status in enumerate(rules.STATUSES):
        x0 = position * (small + small_gap)
        value = now.counts.get(status.code, 0)
        card(x0, x0 + small, 0.1, 0.43, label=status.label, value=fmt.count(value), colour=status.colour,
             note=change(value, before.counts.get(status.code) if before else None))
    units = [f"{rules.STATUS_LABELS[c]} {fmt.count(n)}" for c, n in now.unit_counts.items() if n]
    if now.index == rules.INDEKS_DESA and before is not None and before.index != now.index:
        figure.add_annotation(text=plain(rules.METHOD_CHANGE_NOTE), xref="paper", yref="paper", x=0, y=0.02,
                              xanchor="left", yanchor="middle", showarrow=False, font={"size": 15, "color": "#444"})
    elif units:
        figure.add_annotation(text=f"{unit_word.capitalize()} per status: " + " · ".join(units),
                              xref="paper", yref="paper", x=0, y=0.02, xanchor="left", yanchor="middle",
                              showarrow=False, font={"size": 18, "color": "#444"})
    return base_layout(figure, title=title, subtitle=subtitle, height=560)
