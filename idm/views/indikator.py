"""Indikator: which of the 50 IDM indicators hold an area back, which office acts, and which villages
one or two indicators lift to the next status; a village's report card of 50 scores."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from idm import fmt, indikator, rules, workbook
from idm.charts import indikator as figures
from idm.charts import workbook as workbook_figures
from idm.database import Database
from idm.filters import Filters
from idm.specs import SOURCE_INDICATORS, Item, Missing, Table, chart, source_note

# Keys of the items the rakor deck (idm/deck.py) and the page both take from this view.
GAIN = "naik-status"
SYNC = "sinkronisasi"  # the summary per sector of the synchronisation workbook (idm.workbook)


SOURCE_NOTE = source_note(SOURCE_INDICATORS)
PERCENT = "%.1f%%"
SCORE = "%.4f"


def place(chosen: Filters) -> str:
    """Indicator figures have no comparison year: the place and the year only."""
    return chosen.context.replace(f" (pembanding {chosen.compare_year})", "")


@dataclass(frozen=True)
class Dimensions:
    """Years without indicator scores: the area's IKS, IKE, IKL and those of its units."""

    empty: str | None
    values: dict[str, float]  # 'IKS' -> the area's mean
    items: dict[str, Item]  # 'per-unit'


@dataclass(frozen=True)
class Indikator:
    filters: Filters
    empty: str | None  # why there are no indicator scores for these filters, or None
    dimensions: Dimensions | None  # what is shown instead when there are none
    villages: int  # villages with indicator scores
    half_low: int  # indicators with at least half the villages scoring 0-2
    indicators: int
    quick: int  # villages one or two indicators lift to the next status
    unit_word: str
    villages_by_name: pd.DataFrame  # village_code, label: the report card's choices
    items: dict[str, Item]
    book: workbook.Workbook | None = None  # the synchronisation workbook's sheets, written on download


def _dimensions(db: Database, chosen: Filters) -> Dimensions:
    if chosen.year_source == "publikasi":
        return Dimensions(f"Tahun {chosen.year} juga tidak memiliki data per desa: hanya angka provinsi yang "
                          "dipublikasikan. Pilih tahun 2024 untuk 50 indikator.", {}, {})
    kpi = db.area_kpi(area=chosen.area, year=chosen.year)
    if not kpi["scored"]:
        return Dimensions(f"Tidak ada desa bernilai IDM di {chosen.area_name} tahun {chosen.year}.", {}, {})
    values = {d: float(kpi[d.lower()]) for d in rules.DIMENSIONS}
    units = db.unit_ranking(area=chosen.area, year=chosen.year, compare_year=chosen.year)
    units = units[units["idm"].notna()]
    items: dict[str, Item] = {}
    if not units.empty:
        word = chosen.unit_word
        frame = units[["name", "villages", "iks", "ike", "ikl", "idm"]].rename(columns={
            "name": word.capitalize(), "villages": "Desa", "iks": "IKS", "ike": "IKE", "ikl": "IKL", "idm": "IDM"})
        items["per-unit"] = Table(f"dimensi-per-{word}", f"IKS, IKE dan IKL per {word}, {chosen.year}", frame,
                                  formats=dict.fromkeys(("IKS", "IKE", "IKL", "IDM"), SCORE))
    return Dimensions(None, values, items)


def _partial_group(db: Database, chosen: Filters) -> str | None:
    """Why a group's indicator figures would not stand for the group (only some of its provinces have
    scores), or None."""
    if not chosen.is_group:
        return None
    scored = db.indicator_provinces(area=chosen.area, year=chosen.year)
    years = db.data_years()
    listed = years[(years["year"] == chosen.year) & (years["source"] == "desa")
                   & years["province_code"].str.startswith(chosen.area)]
    lacking = sorted(set(listed["province_code"]) - set(scored))
    if not scored or not lacking:
        return None
    names = db.catalog().provinces()
    return (f"Skor 50 indikator {chosen.year} hanya tersedia untuk {', '.join(names.get(p, p) for p in scored)}, "
            f"tidak untuk {fmt.count(len(lacking))} provinsi lain {chosen.area_name}: angka gabungannya tidak "
            f"mewakili {chosen.area_name}. Pilih salah satu provinsi itu di samping; di bawah ini tampilan "
            "tingkat dimensi.")


def build(db: Database, chosen: Filters) -> Indikator:
    partial = _partial_group(db, chosen)
    if partial:
        missing = Missing(f"skor 50 indikator tidak tersedia untuk seluruh {chosen.area_name} {chosen.year}")
        unit_word = chosen.unit_word
        return Indikator(chosen, partial, _dimensions(db, chosen), 0, 0, 0, 0, unit_word, pd.DataFrame(),
                         {GAIN: missing, SYNC: missing})
    view = indikator.load(db, area=chosen.area, year=chosen.year,
                           province=None if chosen.is_group else chosen.province)
    unit_word = "kecamatan" if view.unit == "district" else "kabupaten/kota"
    if not view.villages:
        if view.years_with_data:
            years = ", ".join(str(y) for y in view.years_with_data)
            empty = (f"Skor 50 indikator hanya tersedia untuk tahun {years}; tahun {chosen.year} tidak memiliki data "
                     f"indikator untuk {chosen.area_name}. Di bawah ini tampilan tingkat dimensi; pilih tahun "
                     f"{view.years_with_data[-1]} di samping untuk melihat indikator.")
        else:
            empty = (f"Belum ada skor indikator untuk {chosen.area_name} di database ini (tersedia untuk Kalimantan "
                     "Tengah, Selatan dan Timur 2024). Di bawah ini tampilan tingkat dimensi.")
        missing = Missing(f"skor 50 indikator tidak tersedia untuk {chosen.area_name} {chosen.year}")
        return Indikator(chosen, empty, _dimensions(db, chosen), 0, 0, 0, 0, unit_word, pd.DataFrame(),
                         {GAIN: missing, SYNC: missing})

    where = place(chosen)
    dictionary = db.indicator_dictionary(year=chosen.year)
    items: dict[str, Item] = {}
    items["sub-dimensi"] = chart(
        "sub-dimensi", figures.sub_dimension_bars, title=f"12 sub-dimensi IDM {chosen.area_name}",
        subtitle=f"{where} · garis hitam: {view.reference_name} · {SOURCE_NOTE}", source=SOURCE_INDICATORS,
        frame=view.sub_dimensions, reference_name=view.reference_name)
    shortfalls = indikator.shortfalls(view.table, top=10)
    if shortfalls.empty:
        items["kekurangan"] = Missing(f"Tidak ada indikator dengan skor 0–2 di {chosen.area_name}.")
    else:
        items["kekurangan"] = chart(
            "kekurangan-terbesar", figures.shortfall_bars, title=f"Kekurangan terbesar {chosen.area_name}",
            subtitle=f"{where} · desa dengan skor 0–2 · {SOURCE_NOTE}", source=SOURCE_INDICATORS, frame=shortfalls)
        items["kekurangan-tabel"] = Table("kekurangan-terbesar", f"Kekurangan terbesar {chosen.area_name}",
                                          indikator.shortfall_rows(shortfalls), source=SOURCE_INDICATORS,
                                          formats={"% desa skor 0–2": PERCENT})
    for key, label in indikator.SECTOR_LABELS.items():
        part = view.sectors[view.sectors["sector"] == key]
        items[f"sektor-{key}"] = Table(f"sektor-{key}", f"Indikator sektor {label}, {chosen.area_name}",
                                       indikator.shortfall_rows(part), source=SOURCE_INDICATORS,
                                       formats={"% desa skor 0–2": PERCENT})
    book = workbook.load(db, area=chosen.area, year=chosen.year, area_name=chosen.area_name, gains=view.gains)
    items.update(_sync_items(book, chosen, where))

    quick = int(view.gain_units["up_to_two"].sum()) if not view.gain_units.empty else 0
    word = unit_word.split("/")[0]
    if not quick:
        items[GAIN] = Missing(f"Tidak ada desa di {chosen.area_name} yang naik status dengan satu atau dua "
                                       "indikator.")
    else:
        top = view.gain_units.sort_values("up_to_two", ascending=False).iloc[0]
        note = (f"{fmt.count(quick)} desa {chosen.area_name} dapat naik ke status berikutnya bila satu atau dua "
                f"indikator dinaikkan ke skor 5; terbanyak di {top['name']} ({fmt.count(top['up_to_two'])} desa).")
        items[GAIN] = chart(
            f"naik-status-per-{word}", figures.gain_bars, title=f"Desa naik status dengan 1–2 indikator, {chosen.year}",
            subtitle=f"{where} · per {unit_word} · indikator dinaikkan ke skor 5 · {SOURCE_NOTE}",
            source=SOURCE_INDICATORS, note=note, frame=view.gain_units, unit_word=unit_word)
        items["naik-status-tabel"] = Table(
            f"naik-status-per-{word}", f"Desa naik status dengan 1–2 indikator per {unit_word}",
            indikator.unit_gain_rows(view.gain_units, dictionary, unit_word), source=SOURCE_INDICATORS,
            formats={"% desa": PERCENT})
    gain_rows = indikator.village_gain_rows(view.gains, dictionary)
    if not gain_rows.empty:
        items["naik-status-desa"] = Table("naik-status-desa", "Desa dan indikator yang menaikkan statusnya", gain_rows,
                                          source=SOURCE_INDICATORS, formats={"IDM": SCORE, "Kurang": SCORE},
                                          height=420)
    by_name = view.gains.sort_values(["name", "village_code"])
    choices = pd.DataFrame({"village_code": by_name["village_code"],
                            "label": [f"{n} (Kec. {d})" for n, d in zip(by_name["name"], by_name["district_name"])]})
    return Indikator(chosen, None, None, view.villages, int((view.table["low_share"] >= 0.5).sum()), len(view.table),
                     quick, unit_word, choices, items, book)


def _sync_items(book: workbook.Workbook, chosen: Filters, where: str) -> dict[str, Item]:
    """The workbook's summary per sector as a chart (the deck's "Bahan sinkronisasi OPD" slide) and a table."""
    if not book.below_mandiri:
        return {SYNC: Missing(f"Semua desa {chosen.area_name} yang memiliki skor indikator sudah Mandiri: tidak ada "
                              "kekurangan untuk disinkronkan.")}
    title = f"{workbook.TITLE}: kekurangan per sektor, {chosen.year}"
    return {
        SYNC: chart(f"{workbook.NAME}-per-sektor", workbook_figures.sector_bars, title=title,
                    subtitle=f"{where} · desa di bawah Mandiri, indikator skor di bawah 5 · {SOURCE_NOTE}",
                    source=SOURCE_INDICATORS, note=workbook.sentence(book, area_name=chosen.area_name),
                    frame=book.summary),
        "sinkronisasi-tabel": Table(f"{workbook.NAME}-ringkasan",
                                    f"{workbook.TITLE} {chosen.area_name}: ringkasan per sektor",
                                    workbook.summary_rows(book.summary), source=SOURCE_INDICATORS),
    }


def workbook_file(view: Indikator) -> bytes:
    """The synchronisation workbook of a view that has one (XLSX), for the page's download."""
    chosen = view.filters
    return workbook.xlsx(view.book, area_name=chosen.area_name, context=place(chosen))


@dataclass(frozen=True)
class ReportCard:
    sentence: str
    items: dict[str, Item]  # 'rapor', 'rapor-tabel'


def report_card(db: Database, chosen: Filters, *, village: str) -> ReportCard | None:
    """A village's 50 scores, what each means, the activity that raises it and who acts; None when the
    village has no scores that year."""
    gains = indikator.load_gains(db, area=village, year=chosen.year)
    if gains.empty:
        return None
    row = gains.iloc[0]
    dictionary = db.indicator_dictionary(year=chosen.year)
    card = indikator.report_card(scores=db.indicator_scores_long(area=village, year=chosen.year),
                                  dictionary=dictionary, levels=db.indicator_levels(year=chosen.year),
                                  actors=db.indicator_actors(year=chosen.year))
    sentence = indikator.village_sentence(row, card, dictionary)
    title = f"Rapor indikator Desa {row['name']}"
    return ReportCard(sentence, {
        "rapor": chart(f"rapor-{village}", figures.report_card, title=title,
                       subtitle=f"Kec. {row['district_name']}, {row['regency_name']}, {chosen.year} · {SOURCE_NOTE}",
                       source=SOURCE_INDICATORS, note=sentence, card=card),
        "rapor-tabel": Table(f"rapor-{village}", title, indikator.report_card_rows(card), source=SOURCE_INDICATORS,
                             formats={"Tambahan IDM bila skor 5": SCORE}),
    })
