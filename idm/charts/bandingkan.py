"""Figures of the Bandingkan page (and the rakor deck's comparison slide): two to four areas side by side.

Each area keeps one colour in every figure (AREA_COLOURS, in the order chosen; a province's average
beside its regencies is the ink-black reference, dashed where it is a line). The colours are none of
the five status colours, which mean a status wherever they appear (the villages-per-status bars).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from idm import fmt, rules
from idm.bandingkan import Area
from idm.charts import FONT_SIZE, GRID, INK, base_layout, legend_rank, plain
from idm.ringkasan import Headline

AREA_COLOURS = ("#1f4e8c", "#c2338a", "#15918f", "#7a4f2a")  # navy, magenta, teal, brown
LABEL_PIXELS = 20  # height of one end label: labels are pushed apart so they never sit on each other
NAME_LINE = 20  # characters per line of an area's name in a column header


def colours(areas: list[Area]) -> dict[str, str]:
    """area code -> its colour: the palette in the order chosen, the province's average in ink."""
    palette = iter(AREA_COLOURS)
    return {area.code: INK if area.average else next(palette, INK) for area in areas}


def _wrapped(name: str, width: int = NAME_LINE) -> str:
    """A name as Plotly text over lines of about `width` characters (each word escaped)."""
    lines, current = [], ""
    for word in name.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return "<br>".join(plain(line) for line in [*lines, current] if line)


def _apart(values: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions near `values` (same order), at least `gap` apart and inside [low, high]."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [0.0] * len(values)
    last = low - gap
    for i in order:
        placed[i] = max(values[i], last + gap)
        last = placed[i]
    ceiling = high + gap
    for i in reversed(order):
        placed[i] = min(placed[i], ceiling - gap)
        ceiling = placed[i]
    return placed


# --- the figures side by side --------------------------------------------------------------------

def kpi_grid(*, areas: list[Area], now: dict[str, Headline | None], before: dict[str, Headline | None],
             year: int, compare_year: int | None, title: str, subtitle: str) -> go.Figure:
    """The headline figures as a grid for a slide and a picture: one column per area, one row per figure
    (IDM, status, Mandiri villages, villages), each with its change since the comparison year."""
    figure = go.Figure()
    figure.update_xaxes(visible=False, range=[0, 1])
    figure.update_yaxes(visible=False, range=[0, 1])
    colour_of = colours(areas)
    indeks_desa = rules.index_of(year) == rules.INDEKS_DESA
    rows = [f"IDM {year}", f"Status {year}", "Desa Mandiri", "Jumlah desa"]
    label_width, header = 0.17, 0.16
    row_height = (1 - header) / len(rows)
    column_width = (1 - label_width) / len(areas)

    def text(x: float, y: float, value: str, *, size: int, colour: str = INK, anchor: str = "center") -> None:
        figure.add_annotation(text=value, xref="paper", yref="paper", x=x, y=y, xanchor=anchor, yanchor="middle",
                              showarrow=False, font={"size": size, "color": colour})

    for number, label in enumerate(rows):
        top = 1 - header - number * row_height
        if number % 2 == 0:
            figure.add_shape(type="rect", xref="paper", yref="paper", x0=0, x1=1, y0=top - row_height, y1=top,
                             line={"width": 0}, fillcolor="#f3f5f6", layer="below")
        text(0.005, top - row_height / 2, f"<b>{label}</b>", size=FONT_SIZE, colour="#444", anchor="left")

    def change(value, previous, *, idm: bool = False) -> str:
        if compare_year is None or value is None or previous is None:
            return ""
        difference = value - previous
        if (idm and abs(difference) < rules.ROUNDING) or (not idm and difference == 0):
            return f"sama dengan {compare_year}"
        return f"{fmt.idm(difference, sign=True) if idm else fmt.number(difference, sign=True)} dari {compare_year}"

    for position, area in enumerate(areas):
        left = label_width + position * column_width
        middle = left + column_width / 2
        colour = colour_of[area.code]
        figure.add_shape(type="rect", xref="paper", yref="paper", x0=left + 0.01, x1=left + column_width - 0.01,
                         y0=1 - header + 0.012, y1=1 - header + 0.024, line={"width": 0}, fillcolor=colour)
        text(middle, 1 - header / 2 + 0.01, f"<b>{_wrapped(area.name)}</b>", size=FONT_SIZE + 2, colour=colour)
        current, earlier = now.get(area.code), before.get(area.code)
        cells: list[tuple[str, str, str]]  # value, note, colour of the value
        if current is None:
            missing = f"tanpa angka {year}"
            cells = [("–", missing, "#777")] * len(rows)
        else:
            mandiri = current.counts.get("MANDIRI")
            total = sum(value or 0 for value in current.counts.values())
            share = f"{fmt.percent(100 * mandiri / total)} desa" if mandiri is not None and total else ""
            mandiri_change = change(mandiri, earlier.counts.get("MANDIRI") if earlier else None)
            idm_change = change(current.idm, earlier.idm if earlier else None, idm=True)
            cells = [
                (fmt.idm(current.idm), "Indeks Desa: tanpa nilai IDM" if indeks_desa else idm_change, INK),
                (rules.STATUS_LABELS.get(current.status, "–"),
                 "Indeks Desa: tanpa status wilayah" if indeks_desa and not current.status
                 else (f"{compare_year}: {rules.STATUS_LABELS[earlier.status]}" if earlier and earlier.status else ""),
                 rules.STATUS_COLOURS.get(current.status, "#777")),
                (fmt.count(mandiri), " · ".join(part for part in (mandiri_change, share) if part),
                 rules.STATUS_COLOURS["MANDIRI"]),
                (fmt.count(current.villages),
                 f"{fmt.count(current.scored)} bernilai {rules.index_of(year)}" if current.scored is not None else "",
                 INK),
            ]
        for number, (value, note, value_colour) in enumerate(cells):
            top = 1 - header - number * row_height
            text(middle, top - row_height * 0.38, f"<b>{plain(value)}</b>", size=30, colour=value_colour)
            if note:
                text(middle, top - row_height * 0.78, plain(note), size=FONT_SIZE - 3, colour="#555")
    base_layout(figure, title=title, subtitle=subtitle, height=600)
    return figure.update_layout(margin={"l": 10, "r": 10, "b": 20}, showlegend=False)


def trend_lines(*, frame: pd.DataFrame, areas: list[Area], title: str, subtitle: str) -> go.Figure:
    """One line per area: its IDM per year on top (IDM years only), the share of its villages that are
    Mandiri below (every year with villages per status, into the Indeks Desa). Published figures get open
    markers; a dotted line marks the change of method.

    frame: idm.bandingkan.trend (area, year, source, idm, mandiri, with_status, mandiri_share).
    """
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.6, 0.4], vertical_spacing=0.12,
                           subplot_titles=["<b>IDM</b> (rata-rata desa)",
                                           "<b>Desa Mandiri</b> (% desa yang berstatus)"])
    colour_of = colours(areas)
    years = sorted(frame["year"].astype(int).unique()) if not frame.empty else []
    ends: dict[int, list[tuple[float, int, str, str]]] = {1: [], 2: []}
    for area in areas:
        part = frame[frame["area"] == area.code].sort_values("year")
        colour, name = colour_of[area.code], plain(area.name)
        line = {"color": colour, "width": 4 if area.average else 3, "dash": "dash" if area.average else "solid"}
        figure.add_trace(go.Scatter(  # the legend entry, filled whatever the first point is
            x=[None], y=[None], mode="lines+markers", name=name, legendgroup=area.code, line=line,
            marker={"size": 12, "color": colour}, hoverinfo="skip"), row=1, col=1)
        for row, column, shown, hover in ((1, "idm", fmt.idm, "IDM %{customdata[0]}"),
                                          (2, "mandiri_share", lambda v: fmt.percent(v),
                                           "%{customdata[0]} desa Mandiri (%{customdata[1]} dari %{customdata[2]})")):
            known = part[column].notna()
            if not known.any():
                continue
            # From its first to its last value; a year without one in between breaks the line.
            values = part[known.cummax() & known[::-1].cummax()[::-1]]
            published = values["source"] == "publikasi"
            custom = ([[fmt.idm(v)] for v in values["idm"]] if row == 1 else
                      [[fmt.percent(v), fmt.count(m), fmt.count(w)]
                       for v, m, w in zip(values["mandiri_share"], values["mandiri"], values["with_status"])])
            figure.add_trace(go.Scatter(
                x=values["year"], y=values[column], mode="lines+markers", name=name, legendgroup=area.code,
                showlegend=False, line=line,
                marker={"size": 12, "color": ["white" if p else colour for p in published],
                        "line": {"width": 3, "color": colour}},
                customdata=custom, hovertemplate=f"<b>{name}</b><br>%{{x}}: {hover}<extra></extra>",
            ), row=row, col=1)
            last = values.iloc[-1]
            ends[row].append((float(last[column]), int(last["year"]), shown(last[column]), colour))
    low, high = _idm_range(frame)
    _status_lines(figure, low, high)
    # The values of the last year at the lines' right ends, pushed apart (IDM values of the areas are often
    # within a few thousandths); a line that ends earlier, with others going on past it, is read by hovering.
    for row, (bottom, top, pixels) in {1: (low, high, 220), 2: (0.0, 100.0, 140)}.items():
        last_year = max((e[1] for e in ends[row]), default=None)
        at_end = [e for e in ends[row] if e[1] == last_year]
        gap = (top - bottom) * LABEL_PIXELS / pixels
        placed = _apart([e[0] for e in at_end], gap, bottom + gap / 2, top - gap / 2)
        for (_, year, text, colour), y in zip(at_end, placed):
            figure.add_annotation(x=year, y=y, text=f"<b>{text}</b>", xanchor="left", xshift=12, showarrow=False,
                                  font={"size": FONT_SIZE - 2, "color": colour}, row=row, col=1)
    if (frame["source"] == "publikasi").any():
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="angka yang dipublikasikan",
                                    marker={"size": 12, "color": "white", "line": {"width": 3, "color": "#777"}},
                                    hoverinfo="skip"), row=1, col=1)
    note = "atas: rata-rata IDM desa · bawah: persen desa Mandiri"
    if rules.crosses_method_change(years):
        # Where the IDM panel is empty, it says why: the years after the line have no IDM value.
        first = rules.FIRST_INDEKS_DESA_YEAR
        figure.add_vline(x=first - 0.5, line={"dash": "dot", "width": 2, "color": "#777"})
        figure.add_annotation(x=first - 0.5, y=(low + high) / 2,
                              text=f"sejak {first}:<br>Indeks Desa,<br>tanpa nilai IDM", xanchor="left", xshift=8,
                              align="left", showarrow=False, bgcolor="rgba(255,255,255,0.9)",
                              font={"size": FONT_SIZE - 3, "color": "#555"}, row=1, col=1)
    figure.update_yaxes(range=[low, high], tickformat=".2f", title="IDM", row=1, col=1)
    figure.update_yaxes(range=[0, 104], ticksuffix="%", title="Desa Mandiri", row=2, col=1)
    span = [min(years, default=2024) - 0.3, max(years, default=2024) + 0.75]
    figure.update_xaxes(range=span, tickvals=years, ticktext=[rules.year_label(y) for y in years], tickformat="d")
    figure.update_xaxes(showticklabels=True, row=1, col=1)
    for annotation in figure.layout.annotations[:2]:  # the two panel titles, left-aligned over their plot
        annotation.update(x=0, xanchor="left", font={"size": FONT_SIZE, "color": INK})
    base_layout(figure, title=title, subtitle=[subtitle, note], height=720)
    return figure.update_layout(margin={"t": 170, "r": 40}, legend={"y": 1.06})


def _idm_range(frame: pd.DataFrame) -> tuple[float, float]:
    values = frame["idm"].dropna() if not frame.empty else pd.Series(dtype=float)
    if values.empty:
        return 0.45, 0.9
    return max(0.0, min(0.55, float(values.min()) - 0.04)), min(1.0, max(0.85, float(values.max()) + 0.04))


def _status_lines(figure: go.Figure, low: float, high: float) -> None:
    """The IDM status thresholds on the IDM panel only, labelled at the left edge."""
    for status in rules.STATUSES[:-1]:
        if not low < status.lower < high:
            continue
        figure.add_hline(y=status.lower, line={"dash": "dot", "width": 1.5, "color": status.colour}, row=1, col=1,
                         annotation_text=f"{status.label} > {fmt.idm(status.lower)}", annotation_position="top left",
                         annotation_font={"size": FONT_SIZE - 5, "color": status.colour})


def status_shares(*, frame: pd.DataFrame, areas: list[Area], year: int, title: str, subtitle: str) -> go.Figure:
    """Villages per status of each area as one 100% bar (Mandiri on the left), the count in the segment.

    frame: idm.bandingkan.status_frame (area, name, one count column per status, with_status). An area
    without figures for the year gets an empty row that says so.
    """
    figure = go.Figure()
    missing = f"<br><span style='font-size:{FONT_SIZE - 3}px'>tanpa angka {year}</span>"
    labels = {row.area: plain(row.name) + ("" if row.with_status and row.with_status > 0 else missing)
              for row in frame.itertuples()}
    ordered = [labels[area.code] for area in areas if area.code in labels]
    totals = frame.set_index("area")["with_status"]
    for status in rules.STATUSES:
        column = rules.STATUS_COLUMNS[status.code]
        counts = frame.set_index("area")[column]
        shares = [100 * counts[a] / totals[a] if totals[a] and totals[a] > 0 and pd.notna(counts[a]) else None
                  for a in frame["area"]]
        figure.add_trace(go.Bar(
            y=[labels[a] for a in frame["area"]], x=shares, orientation="h", name=status.label,
            legendrank=legend_rank(status.code), marker_color=status.colour,
            text=[fmt.count(counts[a]) if share else "" for a, share in zip(frame["area"], shares)],
            textposition="inside", insidetextanchor="middle", textangle=0,
            textfont={"size": FONT_SIZE - 1, "color": "white"},
            customdata=[[fmt.count(counts[a]), fmt.percent(s) if s is not None else "–"]
                        for a, s in zip(frame["area"], shares)],
            hovertemplate="%{y}<br>%{customdata[0]} desa (%{customdata[1]})<extra>" + status.label + "</extra>",
        ))
    figure.update_layout(barmode="stack", bargap=0.35, legend={"traceorder": "normal"},
                         uniformtext={"minsize": FONT_SIZE - 4, "mode": "hide"})
    figure.update_xaxes(range=[0, 100], ticksuffix="%", title=f"Persen desa, {rules.year_label(year)}")
    figure.update_yaxes(categoryorder="array", categoryarray=list(reversed(ordered)), title=None, ticklabelstandoff=8)
    base_layout(figure, title=title, subtitle=[subtitle, "angka di batang: jumlah desa"],
                height=max(420, 270 + 80 * len(areas)))
    return figure.update_layout(margin={"t": 160})


def dimension_bars(*, frame: pd.DataFrame, areas: list[Area], title: str, subtitle: str) -> go.Figure:
    """IKS, IKE and IKL of each area as grouped bars on one axis from 0 to 1, the value above each bar.

    frame: idm.bandingkan.dimension_frame (area, name, iks, ike, ikl).
    """
    figure = go.Figure()
    colour_of = colours(areas)
    dimensions = [f"<b>{d.code}</b><br>{d.name}" for d in rules.DIMENSION_LIST]
    for row in frame.itertuples():
        values = [getattr(row, d.lower()) for d in rules.DIMENSIONS]
        colour = colour_of.get(row.area, INK)
        average = any(a.average and a.code == row.area for a in areas)
        figure.add_trace(go.Bar(
            x=dimensions, y=values, name=plain(row.name), marker_color=colour,
            marker_pattern_shape="/" if average else "", marker_pattern_fgcolor="white",
            text=[fmt.idm(v) for v in values], textposition="outside", cliponaxis=False,
            textfont={"size": FONT_SIZE - 2, "color": colour},
            hovertemplate=f"<b>{plain(row.name)}</b><br>%{{x}}: %{{y:.4f}}<extra></extra>",
        ))
    figure.update_layout(barmode="group", bargap=0.25, bargroupgap=0.06)
    figure.update_yaxes(range=[0, 1], dtick=0.2, tickformat=".1f", title="Indeks (0–1)")
    figure.update_xaxes(title=None, tickfont={"size": FONT_SIZE})
    return base_layout(figure, title=title, subtitle=subtitle, height=560)


def indicator_dots(*, frame: pd.DataFrame, areas: list[Area], title: str, subtitle: str) -> go.Figure:
    """The indicators whose mean score differs most: one row each (largest difference on top), a dot per
    area on the 0-5 scale, a grey bar from the lowest to the highest, the difference at the right.

    frame: idm.bandingkan.differing (code, name, one mean column per area code, spread).
    """
    figure = go.Figure()
    colour_of = colours(areas)
    ordered = frame.iloc[::-1]
    labels = [f"{code} {plain(name)}" for code, name in zip(ordered["code"], ordered["name"])]
    present = [area for area in areas if area.code in frame.columns]
    lows = ordered[[a.code for a in present]].min(axis=1)
    highs = ordered[[a.code for a in present]].max(axis=1)
    xs: list[float | None] = []
    ys: list[str | None] = []
    for label, low, high in zip(labels, lows, highs):
        xs += [low, high, None]
        ys += [label, label, None]
    figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#c5ccd1", "width": 10},
                                showlegend=False, hoverinfo="skip"))
    # The province's average first, so that a regency's dot on the same score stays visible above it.
    for area in sorted(present, key=lambda area: not area.average):
        colour = colour_of[area.code]
        figure.add_trace(go.Scatter(
            x=ordered[area.code], y=labels, mode="markers", name=plain(area.name),
            marker={"size": 17, "color": colour, "symbol": "diamond" if area.average else "circle",
                    "line": {"width": 1.5, "color": "white"}},
            hovertemplate=f"<b>{plain(area.name)}</b><br>%{{y}}: rata-rata skor %{{x:.2f}}<extra></extra>",
        ))
    for label, spread in zip(labels, ordered["spread"]):
        figure.add_annotation(x=1, xref="paper", y=label, text=f"selisih {fmt.number(spread, 2)}", xanchor="left",
                              xshift=10, showarrow=False, font={"size": FONT_SIZE - 3, "color": "#444"})
    figure.update_xaxes(range=[-0.1, 5.1], dtick=1, title="Rata-rata skor indikator (0–5)", gridcolor=GRID)
    figure.update_yaxes(categoryorder="array", categoryarray=labels, title=None)
    base_layout(figure, title=title, subtitle=subtitle, height=max(460, 200 + 44 * len(ordered)))
    return figure.update_layout(margin={"r": 120})
