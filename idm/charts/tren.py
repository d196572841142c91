"""Figures of the Tren page: IDM of each unit across the years, the three dimensions, the spread of
village IDM per year, and the year-on-year change table.

Years that only have published province figures (source 'publikasi') are drawn with open markers
and a dotted line and named in the subtitle; they have no dimensions and no village spread.
"""

from __future__ import annotations

import itertools

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from idm import codes, fmt, rules
from idm.charts import FONT_SIZE, INK, add_status_legend, add_thresholds, base_layout, plain, status_colours

UNIT_LINE = "#9aa5ab"
LABEL_PIXELS = 19  # height of one end label: names are pushed apart so they never sit on each other


def published_years(*frames: pd.DataFrame) -> list[int]:
    """Years drawn from published province figures in any of the frames (column `source`)."""
    years: set[int] = set()
    for frame in frames:
        if not frame.empty and "source" in frame:
            years |= set(frame.loc[frame["source"] == "publikasi", "year"].astype(int))
    return sorted(years)


def _spread_labels(values: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions near `values` (same order), at least `gap` apart and inside [low, high]."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [0.0] * len(values)
    last = low - gap
    for i in order:  # push up from the bottom
        placed[i] = max(values[i], last + gap)
        last = placed[i]
    ceiling = high + gap
    for i in reversed(order):  # then down from the top, so nothing leaves the plot
        placed[i] = min(placed[i], ceiling - gap)
        ceiling = placed[i]
    return placed


def unit_lines(*, units: pd.DataFrame, area: pd.DataFrame, area_name: str, unit_word: str, title: str,
               subtitle: str) -> go.Figure:
    """One line per unit (coloured by its status in the last year), the area's mean as a thick line.

    units: code, name, year, idm, status, source. area: year, idm, status, source (area_trend).
    """
    figure = go.Figure()
    scored = units.dropna(subset=["idm"]).sort_values(["code", "year"])
    last_year = int(scored["year"].max()) if not scored.empty else None
    ends = []
    for _, part in scored.groupby("code", sort=False):
        last = part.iloc[-1]
        name = plain(last["name"])
        colour = rules.STATUS_COLOURS.get(last["status"], UNIT_LINE)
        published = part["source"] == "publikasi"
        figure.add_trace(go.Scatter(
            x=part["year"], y=part["idm"], mode="lines+markers", name=name, showlegend=False,
            line={"color": colour, "width": 2.5}, opacity=0.9,
            marker={"size": 10, "color": ["white" if p else colour for p in published],
                    "line": {"width": 2.5, "color": colour}},
            customdata=[[fmt.idm(v), "angka publikasi" if p else "data desa"] for v, p in zip(part["idm"], published)],
            hovertemplate=(f"<b>{name}</b><br>%{{x}}: IDM %{{customdata[0]}} (%{{customdata[1]}})"
                           "<extra></extra>"),
        ))
        short = plain(codes.map_label(str(last["code"]), str(last["name"])))  # 'Kalsel' among 37 provinces
        ends.append((float(last["idm"]), int(last["year"]), f"{short} {fmt.idm(last['idm'])}", colour))
    values = pd.concat([scored["idm"], area["idm"] if not area.empty else pd.Series(dtype=float)]).dropna()
    low = max(0.0, min(0.55, float(values.min()) - 0.03)) if not values.empty else 0.45
    high = min(1.0, max(0.85, float(values.max()) + 0.03)) if not values.empty else 0.9
    height = max(600, 320 + 26 * len(ends))
    plot_pixels = height - 300  # the title, legend and axis take the rest
    gap = (high - low) * LABEL_PIXELS / plot_pixels
    label_y = _spread_labels([e[0] for e in ends], gap, low + gap / 2, high - gap / 2)
    for (_, year, text, colour), y in zip(ends, label_y):
        # On white: a threshold's dotted line runs behind a name, never through it.
        figure.add_annotation(x=year, y=y, text=text, xanchor="left", xshift=14, showarrow=False,
                              bgcolor="white", borderpad=0, font={"size": FONT_SIZE - 3, "color": colour})
    area_name = plain(area_name)
    if not area.empty:
        ordered = area.sort_values("year")
        published = ordered["source"] == "publikasi"
        figure.add_trace(go.Scatter(
            x=ordered["year"], y=ordered["idm"], mode="lines+markers", name=f"{area_name} (rata-rata desa)",
            line={"color": INK, "width": 5, "dash": "solid"},
            marker={"size": 16, "symbol": ["circle-open" if p else "circle" for p in published],
                    "color": status_colours(ordered["status"]), "line": {"width": 4, "color": INK}},
            hovertemplate="%{x}: IDM %{y:.4f}<extra>" + area_name + "</extra>",
        ))
        for year, value, is_published in zip(ordered["year"], ordered["idm"], published):
            figure.add_annotation(x=year, y=value, text=f"<b>{fmt.idm(value)}{'*' if is_published else ''}</b>",
                                  xanchor="right", yanchor="bottom", xshift=-10, yshift=6, showarrow=False,
                                  bgcolor="rgba(255,255,255,0.9)", font={"size": FONT_SIZE, "color": INK})
    add_status_legend(figure, symbol="circle")
    add_thresholds(figure, labels=False)  # the unit names need the right edge
    years = sorted(set(scored["year"]) | set(area["year"] if not area.empty else []))
    figure.update_yaxes(range=[low, high], tickformat=".2f", title="IDM")
    # Room on the right of the last year for the unit names.
    right = (last_year or max(years, default=2024)) + 0.9 if len(years) > 1 else (last_year or 2024) + 0.9
    figure.update_xaxes(range=[min(years, default=2024) - 0.3, right], tickvals=years,
                        ticktext=[_year_label(y, area, units) for y in years], title=None)
    note = f"garis berwarna: {unit_word}, warna = status {last_year}" if last_year else ""
    marked = published_years(units, area)
    if marked:
        note += f" · * dan titik terbuka: angka provinsi yang dipublikasikan ({', '.join(map(str, marked))})"
    base_layout(figure, title=title, subtitle=[subtitle, note], height=height)
    return figure.update_layout(margin={"t": 160})


def score_lines(*, units: pd.DataFrame, unit_word: str, title: str, subtitle: str) -> go.Figure:
    """The mean Indeks Desa score of each unit per year of the Indeks Desa, on its own 0-100 axis.

    units: code, name, year, skor (unit_trend, Indeks Desa years with scores). With one year, a dot per
    unit, labelled; later years join them with lines."""
    figure = go.Figure()
    years = sorted(int(year) for year in units["year"].unique())
    for _, part in units.sort_values(["code", "year"]).groupby("code", sort=False):
        name = plain(part["name"].iloc[0])
        figure.add_trace(go.Scatter(
            x=part["year"], y=part["skor"], mode="lines+markers+text" if len(years) == 1 else "lines+markers",
            name=name, showlegend=False, text=[name] * len(part), textposition="middle right",
            textfont={"size": FONT_SIZE - 3}, marker={"size": 10, "color": "#5b7083"}, line={"color": "#5b7083"},
            hovertemplate=f"<b>{name}</b><br>%{{x}}: skor %{{y:.2f}}<extra></extra>", meta={"index": rules.INDEKS_DESA},
        ))
    figure.update_yaxes(range=[0, 100], title="Skor Indeks Desa (0–100)")
    figure.update_xaxes(tickvals=years, ticktext=[rules.year_label(year) for year in years], title=None,
                        range=[years[0] - 0.5, years[-1] + 0.9])
    return base_layout(figure, title=title, subtitle=subtitle, height=max(520, 300 + 12 * units["code"].nunique()))


def _year_label(year: int, *frames: pd.DataFrame) -> str:
    return f"{year}*" if year in published_years(*frames) else str(year)


def dimension_lines(*, units: pd.DataFrame, area: pd.DataFrame, area_name: str, unit_word: str, title: str,
                    subtitle: str) -> go.Figure:
    """IKS, IKE and IKL side by side: the area's mean thick, each unit thin grey.

    Years with published figures only have no dimensions; they are left out and named in the subtitle.
    """
    figure = make_subplots(rows=1, cols=3, shared_yaxes=True, horizontal_spacing=0.04,
                           subplot_titles=[f"<b>{d.code}</b> {d.name}" for d in rules.DIMENSION_LIST])
    with_dimensions = units.dropna(subset=["iks"]).sort_values(["code", "year"])
    area_dimensions = area.dropna(subset=["iks"]).sort_values("year") if not area.empty else area
    values = []
    for column_number, dimension in enumerate(rules.DIMENSIONS, start=1):
        column = dimension.lower()
        for _, part in with_dimensions.groupby("code", sort=False):
            name = plain(part["name"].iloc[0])
            figure.add_trace(go.Scatter(
                x=part["year"], y=part[column], mode="lines+markers", showlegend=False,
                line={"color": UNIT_LINE, "width": 1.5}, marker={"size": 6, "color": UNIT_LINE},
                hovertemplate=f"<b>{name}</b><br>%{{x}}: {dimension} %{{y:.4f}}<extra></extra>",
            ), row=1, col=column_number)
            values.extend(part[column])
        _name_extremes(figure, with_dimensions, column, col=column_number)
        if not area_dimensions.empty:
            figure.add_trace(go.Scatter(
                x=area_dimensions["year"], y=area_dimensions[column], mode="lines+markers+text",
                name=f"{plain(area_name)} (rata-rata desa)", showlegend=False,
                line={"color": INK, "width": 5}, marker={"size": 14, "color": INK},
                text=[fmt.idm(v) for v in area_dimensions[column]], textposition="top center",
                textfont={"size": FONT_SIZE - 1, "color": INK}, cliponaxis=False,
                hovertemplate=f"%{{x}}: {dimension} %{{y:.4f}}<extra>{plain(area_name)}</extra>",
            ), row=1, col=column_number)
            values.extend(area_dimensions[column])
    years = sorted(set(with_dimensions["year"]) | set(area_dimensions["year"] if not area_dimensions.empty else []))
    figure.update_xaxes(tickvals=years, ticktext=[str(y) for y in years],
                        range=[min(years, default=2024) - 0.4, max(years, default=2024) + 0.4])
    clean = [v for v in values if pd.notna(v)]
    if clean:
        figure.update_yaxes(range=[max(0.0, min(clean) - 0.04), min(1.02, max(clean) + 0.05)], tickformat=".2f")
    figure.update_yaxes(title="Indeks", row=1, col=1)
    missing = published_years(units, area)
    if missing:
        subtitle += (f" · {', '.join(map(str, missing))}: hanya angka IDM provinsi yang dipublikasikan, "
                     "tidak ada IKS/IKE/IKL")
    legend = f"garis hitam tebal: {area_name} (rata-rata desa) · garis abu-abu: satu per {unit_word}"
    base_layout(figure, title=title, subtitle=[subtitle, legend], height=580)
    return figure.update_layout(margin={"t": 170})


def _name_extremes(figure: go.Figure, units: pd.DataFrame, column: str, *, col: int) -> None:
    """The grey lines of a dimension panel are many: the highest and the lowest unit of its last year
    named at their ends, so that an exported picture still says who they are."""
    last = units[units["year"] == units["year"].max()].dropna(subset=[column]) if not units.empty else units
    if len(last) < 2:
        return
    for row, anchor in ((last.loc[last[column].idxmax()], "bottom"), (last.loc[last[column].idxmin()], "top")):
        figure.add_annotation(
            x=row["year"], y=row[column], text=plain(codes.map_label(str(row["code"]), str(row["name"]))),
            xanchor="right", yanchor=anchor, xshift=-6, showarrow=False, font={"size": FONT_SIZE - 5,
                                                                                "color": "#5f6b72"},
            bgcolor="rgba(255,255,255,0.85)", row=1, col=col)


def distribution_box(*, frame: pd.DataFrame, published: list[int], title: str, subtitle: str) -> go.Figure:
    """The spread of village IDM per year as boxes (whiskers at the extremes) over the status thresholds.

    frame: year, scored, minimum, q1, median, q3, maximum, mean (village_distribution).
    Years in `published` have no village rows: they get a labelled empty slot, never a box.
    """
    figure = go.Figure()
    ordered = frame.sort_values("year")
    years = sorted(set(ordered["year"].astype(int)) | set(published))
    position = {year: i for i, year in enumerate(years)}
    figure.add_trace(go.Box(
        x=[position[int(y)] for y in ordered["year"]], q1=ordered["q1"], median=ordered["median"],
        q3=ordered["q3"], lowerfence=ordered["minimum"], upperfence=ordered["maximum"], mean=ordered["mean"],
        name="IDM desa", showlegend=False, fillcolor="rgba(31,42,48,0.12)", line={"color": INK, "width": 2.5},
        boxmean=True, width=0.45,
    ))
    for _, row in ordered.iterrows():
        figure.add_annotation(
            x=position[int(row["year"])], y=row["maximum"], yshift=8, showarrow=False, yanchor="bottom",
            text=f"median {fmt.idm(row['median'])} · {fmt.count(row['scored'])} desa",
            font={"size": FONT_SIZE - 1, "color": INK},
        )
    for year in published:
        figure.add_annotation(x=position[year], y=0.66, showarrow=False,
                              text="tidak ada<br>data per desa<br>(hanya angka<br>provinsi publikasi)",
                              font={"size": FONT_SIZE - 2, "color": "#666"})
    add_thresholds(figure)
    low = min(0.45, float(ordered["minimum"].min()) - 0.03) if not ordered.empty else 0.45
    figure.update_yaxes(range=[max(0.0, low), 1.04], tickformat=".2f", title="IDM desa")
    figure.update_xaxes(tickvals=list(position.values()),
                        ticktext=[f"{y}*" if y in published else str(y) for y in years],
                        range=[-0.6, len(years) - 0.4], title=None, showgrid=False, zeroline=False)
    note = "kotak: separuh desa di tengah · garis: median · putus-putus: rata-rata · kumis: terendah dan tertinggi"
    if published:
        note += " · * hanya angka provinsi yang dipublikasikan"
    base_layout(figure, title=title, subtitle=[subtitle, note], height=600)
    return figure.update_layout(margin={"t": 150})


def change_table(*, units: pd.DataFrame, area: pd.DataFrame, area_name: str) -> pd.DataFrame:
    """One row per unit (and the whole area first): IDM of each year, change year on year, last status.

    Column names carry the year and a '*' for published figures: they are what the user reads.
    """
    rows = pd.concat([area.assign(code="", name=area_name), units], ignore_index=True) if not area.empty else units
    if rows.empty:
        return pd.DataFrame()
    marked = set(published_years(units, area))
    years = sorted(rows["year"].astype(int).unique())
    label = {y: f"IDM {y}*" if y in marked else f"IDM {y}" for y in years}
    wide = rows.pivot_table(index=["code", "name"], columns="year", values="idm", aggfunc="first", sort=False)
    wide = wide.reindex(columns=years)
    table = pd.DataFrame({"Wilayah": [name for _, name in wide.index]})
    for year in years:
        table[label[year]] = wide[year].to_numpy()
    for before, after in itertools.pairwise(years):
        table[f"Δ {before}→{after}"] = (wide[after] - wide[before]).to_numpy()
    last = rows.sort_values("year").groupby(["code", "name"], sort=False)["status"].last()
    table["Status terakhir"] = [rules.STATUS_LABELS.get(last.get(key), "–") for key in wide.index]
    # The whole area first, then the units from the highest IDM in the last year down.
    units_last = pd.Series([code != "" for code, _ in wide.index]).astype(int) * 10
    sort_key = units_last - wide[years[-1]].fillna(-1).to_numpy()
    return table.iloc[sort_key.sort_values(kind="stable").index].reset_index(drop=True)
