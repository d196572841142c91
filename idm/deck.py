"""Bahan rakor: the overview as a 16:9 PowerPoint deck and a PDF of the same pages.

The slides are the pages' own charts, picked by name from the page views (idm/views/), never
screenshots: each chart slide is one picture rendered by kaleido (idm/export.py), with the chart's
title above it and its generated Indonesian sentence in the speaker notes. What a view cannot draw
for these filters is listed on the last slide with its reason. The PDF pages are composed with
Pillow from the same pictures, so both files show the same thing.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from idm import bandingkan, codes, export, filters, rules, views
from idm.charts import INK, larger_type
from idm.database import Database
from idm.filters import Filters
from idm.specs import (
    SOURCE_BOUNDARIES,
    SOURCE_BPS,
    SOURCE_IDM,
    SOURCE_INDEKS_DESA,
    Chart,
    Item,
    Missing,
    index_sources,
    published_sources,
    source_note,
)

# A 16:9 slide, 13.333 x 7.5 inches; the title band on top, the picture below it.
SLIDE_WIDTH_IN, SLIDE_HEIGHT_IN, TITLE_BAND_IN = 13.333, 7.5, 0.95
PICTURE_WIDTH = export.WIDTH  # layout pixels, rendered at export.SCALE
PICTURE_HEIGHT = round(export.WIDTH * (SLIDE_HEIGHT_IN - TITLE_BAND_IN) / SLIDE_WIDTH_IN)
PAGE = (1920, 1080)  # a PDF page in pixels, the size of a PNG download
PAGE_DPI = PAGE[0] / SLIDE_WIDTH_IN
ACCENT = rules.STATUS_COLOURS["MANDIRI"]  # the band under every slide title
SLIDE_TYPE = 1.2  # the charts' type sizes on a slide, times the page's

Progress = Callable[[int, int, str], None]
COMPARISON = "Perbandingan wilayah"  # the slide of the Bandingkan page's areas


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


def file_stem(chosen: Filters, *, compare_areas: tuple[str, ...] = ()) -> str:
    years = f"{chosen.year}" + (f"-vs-{chosen.compare_year}" if chosen.compare_year else "")
    compared = f"-banding-{'-'.join(compare_areas)}" if compare_areas else ""
    return f"idm-{chosen.slug.removesuffix(f'-{chosen.year}')}-{years}{compared}-bahan-rakor"


# --- the slides --------------------------------------------------------------------------------

def _slide(chart: Chart, chosen: Filters) -> Slide:
    """The chart's title goes on the slide, the rest (subtitle, picture, footer) into the picture."""
    # Type a fifth larger than on the page: a slide is read from the back of the room.
    printed = export.printable(chart, export.stamp(chosen, chart), width=PICTURE_WIDTH, height=PICTURE_HEIGHT,
                               with_title=False, figure=larger_type(chart.figure, SLIDE_TYPE))
    return Slide(title=chart.title, picture=export.image(printed, "png"), notes=chart.note)


def _sections(db: Database, chosen: Filters, overview: views.ringkasan.Ringkasan,
              compare_areas: tuple[str, ...] = ()) -> list[tuple[str, Callable[[], list[Item]]]]:
    """What the deck shows, in order: (label, the view items of that section). The comparison of the
    Bandingkan page only when areas are chosen."""

    def transitions() -> list[Item]:
        view = views.transisi.build(db, chosen)
        return [view.items[key] for key in views.transisi.DECK if key in view.items]

    def targets() -> list[Item]:
        view = views.target.build(db, chosen)
        if view.empty:
            return []  # an area without targets gets no target slide, and nothing to apologise for
        return [view.items[views.target.BOARD],
                *(item for key, item in view.items.items() if key.startswith(views.target.PLAN))]

    @functools.cache
    def indicators() -> views.indikator.Indikator:
        """The Indikator view, built once for its two slides."""
        return views.indikator.build(db, chosen)

    def poverty() -> list[Item]:
        view = views.kemiskinan.build(db, chosen)
        # A year without regency IDM would show poverty alone: not what this slide is for.
        return [Missing(view.year_notice) if view.year_notice else view.items[views.kemiskinan.YEAR]]

    def comparison() -> list[Item]:
        view = views.bandingkan.build(db, chosen, areas=compare_areas)
        return [Missing(view.empty) if view.empty else view.items[views.bandingkan.KPI]]

    return [
        ("Ringkasan angka", lambda: [overview.items[views.ringkasan.KPI]]),
        ("Tren IDM", lambda: [overview.items[views.ringkasan.TREND]]),
        ("Desa per status", lambda: [overview.items[views.ringkasan.STATUS]]),
        (f"Peringkat {chosen.unit_word}", lambda: [overview.items[views.ringkasan.RANKING]]),
        *([(COMPARISON, comparison)] if compare_areas else []),
        ("Target dan capaian", targets),
        ("Peta wilayah", lambda: [views.peta.build(db, chosen, measure="status", width=PICTURE_WIDTH,
                                                    height=PICTURE_HEIGHT).items[views.peta.TOP]]),
        ("Transisi status desa", transitions),
        ("IDM dan kemiskinan", poverty),
        ("Desa hampir naik status", lambda: [views.desa.build(db, chosen).items[views.desa.NEAR]]),
        ("Naik status dengan 1–2 indikator", lambda: [indicators().items[views.indikator.GAIN]]),
        ("Bahan sinkronisasi OPD", lambda: [indicators().items[views.indikator.SYNC]]),
    ]


@dataclass
class Contents:
    """What the deck and the presentation mode show, before any picture is drawn: the title and the
    sources slides as text, the charts in order with their section, what is left out and why."""

    title: Slide
    charts: list[tuple[str, Chart]]  # (section label, chart)
    sources: Slide
    missing: list[str]


def contents(db: Database, chosen: Filters, *, compare_areas: tuple[str, ...] = (), progress: Progress | None = None,
             today: date | None = None) -> Contents:
    """The slides for the filters, without pictures; with `compare_areas` (2-4 codes of the Bandingkan
    page) also the "Perbandingan wilayah" slide. Raises LookupError when there is no figure at all."""
    today = today or date.today()
    report = progress or (lambda done, total, label: None)
    overview = views.ringkasan.build(db, chosen)
    headline = overview.headline
    if headline is None or (headline.idm is None and headline.skor is None
                            and all(count is None for count in headline.counts.values())):
        raise LookupError(f"Belum ada data {rules.index_of(chosen.year)} untuk {chosen.area_name} tahun "
                          f"{chosen.year}.")
    meta = db.meta()
    built = _built_date(meta)
    charts: list[tuple[str, Chart]] = []
    missing: list[str] = []
    sections = _sections(db, chosen, overview, compare_areas)
    cited: dict[tuple[int, str], None] = {}  # where the published figures the slides show were published
    for done, (label, items) in enumerate(sections):
        report(done, len(sections), f"Menyiapkan: {label}")
        for item in items():
            if isinstance(item, Chart):
                charts.append((label, item))
                cited.update(dict.fromkeys(item.citations))
            elif isinstance(item, Missing):
                missing.append(f"{label}: {item.reason}")
    compared = [chosen.compare_year] if chosen.compare_year else []
    years = f"{rules.index_of(chosen.year)} {chosen.year}" + "".join(
        f" dibanding {rules.index_of(year)} {year}" for year in compared)
    published = " dan angka yang dipublikasikan" if headline.source == "publikasi" else ""
    sources = " · ".join(source_note(source).removeprefix("Sumber: ")
                         for source in index_sources([chosen.year, *compared]))
    title = Slide(kind="title", title=f"{rules.index_name(chosen.year)} {chosen.area_name}", lines=[
        f"Bahan rapat koordinasi · {years}",
        *([rules.METHOD_CHANGE_NOTE] if rules.crosses_method_change([chosen.year, *compared]) else []),
        chosen.context,
        f"Data: {sources}{published} · basis data per {built}",
        f"Disusun {today.strftime('%d-%m-%Y')} dengan Dasbor IDM",
    ], notes=overview.sentence or "")
    sources_slide = Slide(kind="text", title="Sumber data dan catatan",
                          lines=_source_lines(meta, built, missing, cited=published_sources(cited),
                                              years=[chosen.year, *compared]))
    return Contents(title=title, charts=charts, sources=sources_slide, missing=missing)


def build(db: Database, chosen: Filters, *, compare_areas: tuple[str, ...] = (), progress: Progress | None = None,
          today: date | None = None) -> Deck:
    """All slides for the filters, pictures rendered (`contents`, then one picture per chart). Raises
    LookupError when there is no figure at all, export.RenderError when the pictures cannot be rendered."""
    report = progress or (lambda done, total, label: None)
    made = contents(db, chosen, compare_areas=compare_areas, today=today)
    total = len(made.charts) + 1
    slides = []
    for done, (label, chart) in enumerate(made.charts):
        report(done, total, f"Menggambar: {label}")
        slides.append(_slide(chart, chosen))
    report(len(made.charts), total, "Menyusun berkas")
    return Deck(filters=chosen, slides=[made.title, *slides, made.sources], missing=made.missing)


def _built_date(meta: dict[str, str]) -> str:
    try:
        return datetime.fromisoformat(meta.get("built_at", "")).strftime("%d-%m-%Y")
    except ValueError:
        return "tidak diketahui"


def _source_lines(meta: dict[str, str], built: str, missing: list[str], *, cited: str,
                  years: list[int]) -> list[str]:
    lines = [
        f"IDM per desa: {SOURCE_IDM} (data.go.id, hasil pemutakhiran).",
        *([f"Sejak {rules.FIRST_INDEKS_DESA_YEAR}: {SOURCE_INDEKS_DESA}. {rules.METHOD_CHANGE_NOTE}"]
          if any(rules.index_of(year) == rules.INDEKS_DESA for year in years) else []),
        "Tahun tanpa data per desa: angka yang dipublikasikan dalam rakor dan rilis resmi"
        + (f" ({cited})" if cited else "") + ".",
        f"Kemiskinan, IPM: {SOURCE_BPS}.",
        f"Batas wilayah: {SOURCE_BOUNDARIES}.",
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


def resolve(db: Database, *, province: str, year: int, compare_year: int | None = None,
            regency: str | None = None) -> Filters:
    """Filters for the CLI; a value the database does not hold is an error, not a silent fallback."""
    requested = {"prov": province, "tahun": str(year), "banding": str(compare_year) if compare_year else None,
                 "kab": regency}
    chosen, notices = filters.resolve(requested, db.catalog())
    if notices:
        raise LookupError(" ".join(notices))
    return chosen


def resolve_areas(db: Database, chosen: Filters, written: str) -> tuple[str, ...]:
    """The areas of `--compare-areas 6303,6309` for these filters; a code the comparison does not offer,
    a repeated code, or fewer than two or more than four codes is an error, not a silent fallback."""
    options = bandingkan.choices(db.catalog(), chosen)
    wanted = [codes.clean(part) for part in written.split(",") if part.strip()]
    unknown = [code for code in wanted if code not in options]
    if unknown:
        offered = ", ".join(f"{code} ({name})" for code, name in options.items())
        raise LookupError(f"wilayah {', '.join(unknown)} tidak dapat dibandingkan untuk {chosen.province_name}; "
                          f"pilihan: {offered}")
    if len(set(wanted)) != len(wanted) or not bandingkan.MIN_AREAS <= len(wanted) <= bandingkan.MAX_AREAS:
        raise LookupError(f"--compare-areas butuh {bandingkan.MIN_AREAS} sampai {bandingkan.MAX_AREAS} kode wilayah "
                          f"yang berbeda, dipisah koma (mis. 6303,6309); diberikan: {written}")
    return tuple(wanted)
