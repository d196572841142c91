"""Bahan rakor: the overview as a 16:9 PowerPoint deck and a PDF of the same pages.

Built from the same data modules and figure builders as the pages (never from screenshots): each
chart slide is one picture rendered by kaleido (idm/export.py), with the slide title above it and the
generated Indonesian summary sentence in the speaker notes. The PDF pages are composed with Pillow
from the same pictures, so both files show the same thing.

`source` is idm.cache (the Ringkasan page) or queries.Queries(con) (the CLI, tests).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from PIL import Image, ImageDraw, ImageFont

from idm import charts, db, export, filters, fmt, narrative, overview, rules
from idm.charts import INK, overview as overview_figures
from idm.filters import Filters

# A 16:9 slide, 13.333 x 7.5 inches; the title band on top, the picture below it.
SLIDE_WIDTH_IN, SLIDE_HEIGHT_IN, TITLE_BAND_IN = 13.333, 7.5, 0.95
PICTURE_WIDTH = export.WIDTH  # layout pixels, rendered at export.SCALE
PICTURE_HEIGHT = round(export.WIDTH * (SLIDE_HEIGHT_IN - TITLE_BAND_IN) / SLIDE_WIDTH_IN)
PAGE = (1920, 1080)  # a PDF page in pixels, the size of a PNG download
PAGE_DPI = PAGE[0] / SLIDE_WIDTH_IN
ACCENT = rules.STATUS_COLOURS["MANDIRI"]  # the band under every slide title

Progress = Callable[[int, int, str], None]


@dataclass
class Slide:
    title: str
    kind: str = "chart"  # 'title' | 'chart' | 'text'
    picture: bytes | None = None  # PNG of the area under the title band
    lines: list[str] = field(default_factory=list)  # body of a text or title slide
    notes: str = ""


@dataclass
class Deck:
    filters: Filters
    slides: list[Slide]
    missing: list[str]  # slides left out, with the reason, for the sources slide and the caller


class Catalog:
    """filters.Catalog over a query source (idm.cache or Queries), for the CLI."""

    def __init__(self, source):
        self.source = source

    def provinces(self) -> dict[str, str]:
        names = self.source.region_names(level="provinsi")
        with_data = set(self.source.data_years()["province_code"])
        return {c: n for c, n in zip(names["code"], names["name"]) if c in with_data}

    def years(self, province: str) -> dict[int, str]:
        frame = self.source.data_years()
        frame = frame[frame["province_code"] == province]
        return {int(y): s for y, s in zip(frame["year"], frame["source"])}

    def regencies(self, province: str) -> dict[str, str]:
        frame = self.source.child_regions(parent=province)
        return dict(zip(frame["code"], frame["name"]))

    def districts(self, regency: str) -> dict[str, str]:
        return self.regencies(regency)


def file_stem(chosen: Filters) -> str:
    years = f"{chosen.year}" + (f"-vs-{chosen.compare_year}" if chosen.compare_year else "")
    return f"idm-{chosen.slug.removesuffix(f'-{chosen.year}')}-{years}-bahan-rakor"


# --- the slides --------------------------------------------------------------------------------

def kpi_figure(*, data: overview.Overview, chosen: Filters) -> go.Figure:
    """The Ringkasan KPI as one figure: IDM, status, Mandiri, villages, then villages per status."""
    now, before = data.headline, data.compare
    figure = go.Figure()
    figure.update_xaxes(visible=False, range=[0, 1])
    figure.update_yaxes(visible=False, range=[0, 1])

    def card(x0: float, x1: float, y0: float, y1: float, *, label: str, value: str, note: str,
             colour: str, value_colour: str = INK) -> None:
        figure.add_shape(type="rect", xref="paper", yref="paper", x0=x0, x1=x1, y0=y0, y1=y1,
                         line={"color": "#d5d5d5", "width": 1.5}, fillcolor="white")
        figure.add_shape(type="rect", xref="paper", yref="paper", x0=x0, x1=x0 + 0.009, y0=y0, y1=y1,
                         line={"width": 0}, fillcolor=colour)
        for text, y, size, colour_text in ((label, y1 - 0.045, 18, "#444"), (f"<b>{value}</b>", (y0 + y1) / 2,
                                           40, value_colour), (note, y0 + 0.04, 16, "#555")):
            figure.add_annotation(text=text, xref="paper", yref="paper", x=x0 + 0.025, y=y, xanchor="left",
                                  yanchor="middle", showarrow=False, font={"size": size, "color": colour_text})

    def change(value, previous, *, idm: bool = False) -> str:
        if before is None or previous is None or value is None:
            return ""
        difference = value - previous
        text = fmt.idm(difference, sign=True) if idm else fmt.number(difference, sign=True)
        return f"{text} dari {before.year}"

    status_colour = rules.STATUS_COLOURS.get(now.status, rules.NO_IDM_COLOUR)
    top = (0.56, 0.98)
    width, gap = 0.235, 0.02
    card(0, width, *top, label=f"IDM {now.year}", value=fmt.idm(now.idm),
         note=change(now.idm, before.idm if before else None, idm=True), colour=INK)
    card(width + gap, 2 * width + gap, *top, label=f"Status {chosen.area_name}",
         value=rules.STATUS_LABELS.get(now.status, "–"), value_colour=status_colour, colour=status_colour,
         note=f"{before.year}: {rules.STATUS_LABELS[before.status]}" if before and before.status else "")
    card(2 * (width + gap), 3 * width + 2 * gap, *top, label="Desa Mandiri", value=fmt.count(now.counts["MANDIRI"]),
         note=change(now.counts["MANDIRI"], before.counts["MANDIRI"] if before else None),
         colour=rules.STATUS_COLOURS["MANDIRI"])
    card(3 * (width + gap), 1, *top, label="Jumlah desa", value=fmt.count(now.villages),
         note=f"{fmt.count(now.scored)} bernilai IDM", colour="#777")
    figure.add_annotation(text="<b>Desa per status</b>" + (f" (perubahan dari {before.year})" if before else ""),
                          xref="paper", yref="paper", x=0, y=0.49, xanchor="left", yanchor="middle",
                          showarrow=False, font={"size": 19})
    small, small_gap = 0.184, 0.02
    for position, status in enumerate(rules.STATUSES):
        x0 = position * (small + small_gap)
        value = now.counts.get(status.code, 0)
        card(x0, x0 + small, 0.1, 0.43, label=status.label, value=fmt.count(value), colour=status.colour,
             note=change(value, before.counts.get(status.code) if before else None))
    units = [f"{rules.STATUS_LABELS[c]} {fmt.count(n)}" for c, n in now.unit_counts.items() if n]
    if units:
        figure.add_annotation(text=f"{chosen.unit_word.capitalize()} per status: " + " · ".join(units),
                              xref="paper", yref="paper", x=0, y=0.02, xanchor="left", yanchor="middle",
                              showarrow=False, font={"size": 18, "color": "#444"})
    source_note = "angka yang dipublikasikan" if now.source == "publikasi" else "rata-rata IDM desa"
    return charts.base_layout(figure, title=f"Ringkasan IDM {chosen.area_name} {now.year}",
                              subtitle=f"{chosen.context} · {source_note}", height=560)


def _trend_sentence(trend: pd.DataFrame, area_name: str) -> str:
    ordered = trend.dropna(subset=["idm"]).sort_values("year")
    first, last = ordered.iloc[0], ordered.iloc[-1]
    if len(ordered) < 2:
        return narrative.idm_sentence(area_name, int(last["year"]), float(last["idm"]), None, None) + "."
    sentence = narrative.idm_sentence(area_name, int(last["year"]), float(last["idm"]), int(first["year"]),
                                      float(first["idm"])) + "."
    published = ordered[ordered["source"] == "publikasi"]["year"].astype(int).tolist()
    if published:
        sentence += f" Angka {', '.join(map(str, published))} adalah angka provinsi yang dipublikasikan."
    return sentence


def _ranking_sentence(units: pd.DataFrame, unit_word: str, compare_year: int | None) -> str:
    scored = units.dropna(subset=["idm"])
    top, bottom = scored.loc[scored["idm"].idxmax()], scored.loc[scored["idm"].idxmin()]
    sentence = (f"Dari {fmt.count(len(scored))} {unit_word}, IDM tertinggi di {top['name']} ({fmt.idm(top['idm'])}), "
                f"terendah di {bottom['name']} ({fmt.idm(bottom['idm'])}, "
                f"{rules.STATUS_LABELS.get(bottom['status'], '–')}).")
    if compare_year and "change" in scored and scored["change"].notna().any():
        falling = scored[scored["change"] < -0.00005]
        rising = scored[scored["change"] > 0.00005]
        sentence += (f" Sejak {compare_year} IDM naik di {fmt.count(len(rising))} {unit_word} dan turun di "
                     f"{fmt.count(len(falling))}"
                     + (f" ({', '.join(falling.sort_values('change')['name'].head(3))})." if len(falling) else "."))
    unscored = units[units["idm"].isna()]
    if not unscored.empty:
        sentence += f" {', '.join(unscored['name'])} tidak memiliki desa (tanpa IDM)."
    return sentence


def _picture(figure: go.Figure, stamp: export.Stamp) -> tuple[str, bytes]:
    """(slide title, picture): the figure's title goes on the slide, the rest into the picture."""
    title, _ = export.split_title(figure)
    printed = export.printable(figure, stamp, width=PICTURE_WIDTH, height=PICTURE_HEIGHT, with_title=False)
    return title, export.image(printed, "png")


def _chart_slide(figure: go.Figure, *, chosen: Filters, name: str, notes: str) -> Slide:
    title, picture = _picture(figure, export.stamp(chosen, name))
    return Slide(title=title, picture=picture, notes=notes)


# The other pages' slides: their data modules and figure builders, the same calls as the pages.
# Each returns its slides or raises LookupError with the Indonesian reason it cannot be drawn.
def _geojson(source, level: str, area: str) -> dict:
    if hasattr(source, "geojson"):  # idm.cache: prepared once per level and area
        return source.geojson(level, area)
    frame = db.query(source.con, "boundaries", level=level, area=area)
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "properties": {"kode": code, "nama": name}, "geometry": json.loads(shape)}
        for code, name, shape in zip(frame["code"], frame["name"], frame["geometry"])]}


def _map(source, chosen: Filters, data: overview.Overview) -> list[Slide]:
    from idm import maps

    if chosen.is_group or not data.units["idm"].notna().any():
        raise LookupError(f"tidak ada IDM per kabupaten untuk {chosen.year}")
    values = source.unit_ranking(area=chosen.province, year=chosen.year,
                                 compare_year=chosen.compare_year or chosen.year)
    figure = maps.choropleth(
        geojson=_geojson(source, "kabupaten", chosen.province), values=values, measure_name="status",
        year=chosen.year, compare_year=None, title=f"Status IDM {chosen.year} per kabupaten/kota",
        subtitle=f"{chosen.province_name} · Sumber: IDM Kemendes PDTT; batas wilayah disederhanakan",
        highlight=chosen.regency, height=PICTURE_HEIGHT, width_hint=PICTURE_WIDTH)
    scored = values.dropna(subset=["idm"])
    counts = scored["status"].map(rules.STATUS_LABELS).value_counts()
    notes = (f"Status IDM {chosen.year} kabupaten/kota {chosen.province_name}: "
             + ", ".join(f"{label} {fmt.count(counts[label])}" for label in rules.STATUS_LABELS.values()
                         if label in counts) + ".")
    return [_chart_slide(figure, chosen=chosen, name="peta-kabupaten", notes=notes)]


def _transitions(source, chosen: Filters, data: overview.Overview) -> list[Slide]:
    from idm import transitions
    from idm.charts import transitions as figures

    moves = transitions.load(source, chosen)
    if not moves.ok:
        raise LookupError(moves.message)
    first, last = moves.from_year, moves.to_year
    sentence = transitions.sentence(moves.counts, from_year=first, to_year=last, area_name=chosen.area_name)
    sankey = figures.transition_sankey(matrix=moves.matrix, from_year=first, to_year=last,
                                       title=f"Perpindahan status desa {first} → {last}",
                                       subtitle=f"{chosen.context} · Sumber: IDM Kemendes PDTT")
    slides = [_chart_slide(sankey, chosen=chosen, name="sankey-status", notes=sentence)]
    units = moves.units(transitions.unit_level(chosen.area))
    if units["comparable"].sum():
        biggest = transitions.moved_table(moves.villages, direction="lompat", from_year=first, to_year=last)
        if biggest.empty:
            biggest = transitions.moved_table(moves.villages, direction="naik", from_year=first, to_year=last)
        named = ", ".join(f"{row['Desa']} ({row['Kabupaten/Kota']}, {row[f'Status {first}']} → "
                          f"{row[f'Status {last}']})" for _, row in biggest.head(5).iterrows())
        notes = f"{sentence} Perubahan terbesar: {named}." if named else sentence
        bars = figures.movement_bars(units=units, title=f"Desa naik dan turun status per {moves.unit_word}, "
                                     f"{first} → {last}", subtitle=f"{chosen.context} · % dari desa berstatus di "
                                     "kedua tahun")
        slides.append(_chart_slide(bars, chosen=chosen, name=f"naik-turun-per-{moves.unit_word}", notes=notes))
        moved = pd.concat([transitions.moved_table(moves.villages, direction=d, from_year=first, to_year=last)
                           for d in ("naik", "turun")], ignore_index=True)
        if not moved.empty:
            movers = figures.biggest_moves(moved=moved, from_year=first, to_year=last,
                                           title=f"Desa dengan perubahan IDM terbesar, {first} → {last}",
                                           subtitle=f"{chosen.context} · desa yang berpindah status")
            slides.append(_chart_slide(movers, chosen=chosen, name="desa-perubahan-terbesar", notes=notes))
    return slides


def _poverty(source, chosen: Filters, data: overview.Overview) -> list[Slide]:
    from idm import poverty
    from idm.charts import poverty as figures

    welfare = poverty.load(source, chosen)
    if not welfare.ok:
        raise LookupError(welfare.message)
    if chosen.year not in welfare.idm_years() or chosen.year not in welfare.poverty_years():
        raise LookupError(f"IDM per kabupaten atau angka kemiskinan BPS tidak ada untuk {chosen.year}")
    figure = figures.idm_poverty_bars(
        frame=welfare.year(chosen.year), year=chosen.year, highlight=chosen.regency,
        title=f"IDM dan penduduk miskin per kabupaten/kota, {chosen.year}",
        subtitle=f"{chosen.province_name} · Sumber: IDM Kemendes PDTT; penduduk miskin (Maret) BPS")
    notes = None
    if chosen.compare_year and chosen.compare_year in welfare.idm_years() + welfare.poverty_years():
        first, last = sorted((chosen.year, chosen.compare_year))
        notes = poverty.discussion_sentence(welfare.changes(first, last), from_year=first, to_year=last)
    if not notes:
        frame = welfare.year(chosen.year)
        notes = f"IDM dan persentase penduduk miskin {chosen.year} per kabupaten/kota {chosen.province_name}."
        if "poverty_pct" in frame and frame["poverty_pct"].notna().any():
            high = frame.loc[frame["poverty_pct"].idxmax()]
            notes += f" Penduduk miskin tertinggi di {high['name']} ({fmt.percent(high['poverty_pct'], 2)})."
    return [_chart_slide(figure, chosen=chosen, name="idm-dan-kemiskinan", notes=notes)]


def _near_next(source, chosen: Filters, data: overview.Overview) -> list[Slide]:
    from idm import villages
    from idm.charts import village as figures

    if chosen.year_source == "publikasi":
        raise LookupError(f"tahun {chosen.year} tidak memiliki nilai per desa")
    gap = villages.DEFAULT_MAX_GAP
    listed = villages.priority_list(source.near_next_status(area=chosen.area, year=chosen.year), max_gap=gap)
    if listed.empty:
        raise LookupError(f"tidak ada desa dengan kekurangan IDM paling banyak {fmt.number(gap, 3)}")
    per_regency = villages.priority_by_regency(listed)
    figure = figures.priority_bar(
        frame=per_regency, title=f"Desa hampir naik status per kabupaten/kota, {chosen.year}",
        subtitle=f"{chosen.context} · kekurangan IDM ≤ {fmt.number(gap, 3)} · warna: status yang akan dicapai")
    notes = (f"{fmt.count(len(listed))} desa {chosen.area_name} butuh kenaikan IDM paling banyak "
             f"{fmt.number(gap, 3)} untuk naik ke status berikutnya pada {chosen.year}.")
    return [_chart_slide(figure, chosen=chosen, name="hampir-naik-per-kabupaten", notes=notes)]


def _indicator_gains(source, chosen: Filters, data: overview.Overview) -> list[Slide]:
    from idm import indicators
    from idm.charts import indicators as figures

    if not source.has_indicator_tables():
        raise LookupError("database belum memuat skor 50 indikator (bangun ulang dengan `python -m idm build`)")
    years = source.indicator_years(area=chosen.area)
    if chosen.year not in set(years.loc[years["villages"] > 0, "year"].astype(int)):
        raise LookupError(f"skor 50 indikator tidak tersedia untuk {chosen.area_name} {chosen.year}")
    gains = indicators.load_gains(source, area=chosen.area, year=chosen.year)
    unit = "district" if chosen.regency else "regency"
    unit_word = "kecamatan" if chosen.regency else "kabupaten/kota"
    per_unit = indicators.gain_by_unit(gains, unit=unit)
    figure = figures.gain_bars(
        frame=per_unit, unit_word=unit_word, title=f"Desa naik status dengan 1–2 indikator, {chosen.year}",
        subtitle=f"{chosen.context} · indikator dinaikkan ke skor 5 · Sumber: API IDM Kemendes PDTT")
    quick = int(per_unit["up_to_two"].sum())
    top = per_unit.sort_values("up_to_two", ascending=False).iloc[0]
    notes = (f"{fmt.count(quick)} desa {chosen.area_name} dapat naik ke status berikutnya bila satu atau dua "
             f"indikator dinaikkan ke skor 5; terbanyak di {top['name']} ({fmt.count(top['up_to_two'])} desa).")
    return [_chart_slide(figure, chosen=chosen, name=f"naik-status-indikator-per-{unit_word.split('/')[0]}",
                         notes=notes)]


def _page_slides(source, chosen: Filters, data: overview.Overview) -> list[tuple[str, Callable[[], list[Slide]]]]:
    return [(label, lambda make=make: make(source, chosen, data)) for label, make in (
        ("Peta kabupaten/kota", _map),
        ("Transisi status desa", _transitions),
        ("IDM dan kemiskinan", _poverty),
        ("Desa hampir naik status", _near_next),
        ("Naik status dengan 1–2 indikator", _indicator_gains),
    )]


def build(source, chosen: Filters, *, progress: Progress | None = None, today: date | None = None) -> Deck:
    """All slides for the filters, pictures rendered. Raises LookupError when there is no IDM at all."""
    today = today or date.today()
    report = progress or (lambda done, total, label: None)
    data = overview.load(source, chosen)
    if data.headline is None or data.headline.idm is None:
        raise LookupError(f"Belum ada data IDM untuk {chosen.area_name} tahun {chosen.year}.")
    meta = source.meta()
    built = _built_date(meta)
    slides: list[Slide] = []
    missing: list[str] = []
    steps: list[tuple[str, Callable[[], list[Slide]]]] = [
        ("Ringkasan angka", lambda: [_chart_slide(kpi_figure(data=data, chosen=chosen), chosen=chosen,
                                                  name="ringkasan", notes=data.sentence or "")]),
        ("Tren IDM", lambda: [_trend(data, chosen)]),
        (f"Peringkat {chosen.unit_word}", lambda: [_ranking(data, chosen)]),
        *_page_slides(source, chosen, data),
    ]
    total = len(steps) + 1
    for done, (label, make) in enumerate(steps):
        report(done, total, f"Menggambar: {label}")
        try:
            slides.extend(make())
        except LookupError as reason:
            missing.append(f"{label}: {reason}")
    report(len(steps), total, "Menyusun berkas")
    years = f"{chosen.year}" + (f" dibanding {chosen.compare_year}" if chosen.compare_year else "")
    title = Slide(kind="title", title=f"Indeks Desa Membangun {chosen.area_name}", lines=[
        f"Bahan rapat koordinasi · IDM {years}",
        chosen.context,
        f"Data: IDM Kemendes PDTT{' dan angka yang dipublikasikan' if data.headline.source == 'publikasi' else ''}"
        f" · basis data per {built}",
        f"Disusun {today.strftime('%d-%m-%Y')} dengan Dasbor IDM",
    ], notes=data.sentence or "")
    sources = Slide(kind="text", title="Sumber data dan catatan", lines=_source_lines(meta, built, missing))
    return Deck(filters=chosen, slides=[title, *slides, sources], missing=missing)


def _trend(data: overview.Overview, chosen: Filters) -> Slide:
    if data.trend.empty:
        raise LookupError("belum ada tren untuk wilayah ini")
    published = (data.trend["source"] == "publikasi").any()
    figure = overview_figures.trend_line(frame=data.trend, title=f"Tren IDM {chosen.area_name}",
                                         subtitle=charts.PUBLISHED_NOTE if published else "Rata-rata IDM desa per tahun")
    return _chart_slide(figure, chosen=chosen, name="tren-idm", notes=_trend_sentence(data.trend, chosen.area_name))


def _ranking(data: overview.Overview, chosen: Filters) -> Slide:
    if not data.units["idm"].notna().any():
        raise LookupError(f"tidak ada data per {chosen.unit_word} untuk {chosen.year}")
    figure = overview_figures.ranking_bar(
        frame=data.units, title=f"Peringkat {chosen.unit_word} menurut IDM {chosen.year}",
        subtitle=f"{chosen.context} · garis hitam: IDM {chosen.compare_year}" if chosen.compare_year else chosen.context,
        compare_year=chosen.compare_year, unit_word=chosen.unit_word)
    return _chart_slide(figure, chosen=chosen, name=f"peringkat-{chosen.unit_word}",
                        notes=_ranking_sentence(data.units, chosen.unit_word, chosen.compare_year))


def _built_date(meta: dict[str, str]) -> str:
    try:
        return datetime.fromisoformat(meta.get("built_at", "")).strftime("%d-%m-%Y")
    except ValueError:
        return "tidak diketahui"


def _source_lines(meta: dict[str, str], built: str, missing: list[str]) -> list[str]:
    lines = [
        f"IDM per desa: {export.SOURCE_IDM} (data.go.id, hasil pemutakhiran).",
        "Tahun tanpa data per desa: angka provinsi yang dipublikasikan dalam rakor dan rilis resmi.",
        f"Kemiskinan, IPM: {export.SOURCE_BPS}.",
        "Batas wilayah: Badan Informasi Geospasial (BIG), RBI 1:10.000, disederhanakan.",
        "IDM wilayah = rata-rata IDM desanya; status wilayah = rata-rata itu diklasifikasikan "
        "(Permendesa PDTT 2/2016).",
        f"Basis data dibangun {built}" + (" · DATA DEMO, bukan angka resmi" if meta.get("dataset") == "demo" else "")
        + ".",
    ]
    if missing:
        lines.append("Tidak disertakan: " + "; ".join(missing) + ".")
    return lines


# --- PowerPoint --------------------------------------------------------------------------------

def to_pptx(deck: Deck) -> bytes:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Emu, Inches, Pt

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(SLIDE_WIDTH_IN), Inches(SLIDE_HEIGHT_IN)
    presentation.core_properties.title = deck.slides[0].title
    presentation.core_properties.subject = deck.filters.context
    layout = presentation.slide_layouts[5]  # Title Only: every slide has a real title (outline, navigation)
    ink = RGBColor.from_string(INK.lstrip("#"))

    def text_box(slide, left, top, width, height, lines, *, size, bold_first=False, colour=ink):
        frame = slide.shapes.add_textbox(left, top, width, height).text_frame
        frame.word_wrap = True
        for position, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if position == 0 else frame.add_paragraph()
            paragraph.text = line
            paragraph.font.size = Pt(size)
            paragraph.font.color.rgb = colour
            paragraph.font.bold = bold_first and position == 0
            paragraph.space_after = Pt(size * 0.6)
        return frame

    for content in deck.slides:
        slide = presentation.slides.add_slide(layout)
        title = slide.shapes.title
        title.text = content.title
        paragraph = title.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        paragraph.font.bold = True
        paragraph.font.color.rgb = ink
        if content.kind == "title":
            title.left, title.top, title.width, title.height = Inches(0.8), Inches(1.9), Inches(11.7), Inches(1.6)
            paragraph.font.size = Pt(40)
            band = slide.shapes.add_shape(1, Inches(0.8), Inches(3.55), Inches(2.5), Inches(0.1))
            text_box(slide, Inches(0.8), Inches(3.9), Inches(11.7), Inches(3), content.lines, size=22,
                     bold_first=True)
        else:
            title.left, title.top, title.width, title.height = (Inches(0.45), Inches(0.1), Inches(12.4),
                                                                Inches(TITLE_BAND_IN - 0.2))
            paragraph.font.size = Pt(28)
            band = slide.shapes.add_shape(1, Inches(0.45), Inches(TITLE_BAND_IN - 0.08), Inches(1.6), Inches(0.06))
            if content.picture is not None:
                slide.shapes.add_picture(io.BytesIO(content.picture), 0, Inches(TITLE_BAND_IN),
                                         width=presentation.slide_width,
                                         height=Emu(presentation.slide_height - Inches(TITLE_BAND_IN)))
            else:
                text_box(slide, Inches(0.6), Inches(1.3), Inches(12.1), Inches(5.8), content.lines, size=19)
        band.fill.solid()
        band.fill.fore_color.rgb = RGBColor.from_string(ACCENT.lstrip("#"))
        band.line.fill.background()
        if content.notes:
            slide.notes_slide.notes_text_frame.text = content.notes
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------------------------

_FONT_DIRS = ("/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/dejavu")
_FONT_FILES = {False: ("LiberationSans-Regular.ttf", "DejaVuSans.ttf"),
               True: ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf")}


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for directory in _FONT_DIRS:
        for name in _FONT_FILES[bold]:
            path = Path(directory) / name
            if path.is_file():
                return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        attempt = f"{current} {word}".strip()
        if draw.textlength(attempt, font=font) <= width or not current:
            current = attempt
        else:
            lines.append(current)
            current = word
    return lines + ([current] if current else [])


def page(content: Slide) -> Image.Image:
    """One PDF page, laid out like the slide (1 inch = PAGE_DPI pixels)."""
    sheet = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(sheet)
    inch = PAGE_DPI
    if content.kind == "title":
        y = 1.9 * inch + 30
        for line in _wrap(draw, content.title, _font(80, bold=True), int(11.7 * inch)):
            draw.text((0.8 * inch, y), line, font=_font(80, bold=True), fill=INK)
            y += 96
        draw.rectangle([0.8 * inch, 3.55 * inch, 3.3 * inch, 3.65 * inch], fill=ACCENT)
        y = 3.9 * inch + 12
        for position, line in enumerate(content.lines):
            font = _font(44, bold=position == 0)
            for part in _wrap(draw, line, font, int(11.7 * inch)):
                draw.text((0.8 * inch, y), part, font=font, fill=INK)
                y += 56
            y += 20
        return sheet
    draw.text((0.45 * inch + 10, (TITLE_BAND_IN - 0.1) * inch / 2), content.title, font=_font(56, bold=True),
              fill=INK, anchor="lm")
    draw.rectangle([0.45 * inch, (TITLE_BAND_IN - 0.08) * inch, 2.05 * inch, (TITLE_BAND_IN - 0.02) * inch],
                   fill=ACCENT)
    top = round(TITLE_BAND_IN * inch)
    if content.picture is not None:
        picture = Image.open(io.BytesIO(content.picture)).convert("RGB")
        sheet.paste(picture.resize((PAGE[0], PAGE[1] - top), Image.LANCZOS), (0, top))
        return sheet
    y = 1.3 * inch
    font = _font(38)
    for line in content.lines:
        for position, part in enumerate(_wrap(draw, line, font, int(11.9 * inch))):
            draw.text((0.6 * inch + (0 if position == 0 else 28), y), ("• " if position == 0 else "") + part,
                      font=font, fill=INK)
            y += 50
        y += 22
    return sheet


def to_pdf(deck: Deck) -> bytes:
    pages = [page(content) for content in deck.slides]
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:], resolution=PAGE_DPI,
                  title=deck.slides[0].title, subject=deck.filters.context, quality=92)
    return buffer.getvalue()


def resolve(source, *, province: str, year: int, compare_year: int | None = None,
            regency: str | None = None) -> Filters:
    """Filters for the CLI; a value the database does not hold is an error, not a silent fallback."""
    requested = {"prov": province, "tahun": str(year), "banding": str(compare_year) if compare_year else None,
                 "kab": regency}
    chosen, notices = filters.resolve(requested, Catalog(source))
    if notices:
        raise LookupError(" ".join(notices))
    return chosen
