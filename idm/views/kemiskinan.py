"""Kemiskinan: IDM beside the BPS poverty and welfare figures, per regency.

P0 beside IDM is the core (the bars of a year and the change scatter "IDM up but poverty not down");
every other BPS indicator the province's tables hold (P1, P2, IPM, Gini, TPT, PDRB per kapita) gets a
chart beside IDM (`samping-<key>`) and a table of every region and year (`tabel-<key>`).
"""

from __future__ import annotations

from dataclasses import dataclass

from idm import fmt, kemiskinan, rules
from idm.charts import kemiskinan as figures
from idm.database import Database
from idm.filters import Filters
from idm.kemiskinan import IMPORT_HINT
from idm.specs import SOURCE_BPS, SOURCE_IDM, Item, Missing, Table, chart, source_note
from idm.welfare import INDICATORS

# Keys of the items the rakor deck (idm/deck.py) and the page both take from this view.
YEAR = "tahun"


SOURCE = f"{SOURCE_IDM}; {SOURCE_BPS}"
OTHERS = [key for key in INDICATORS if key != "p0"]  # beside the core P0


@dataclass(frozen=True)
class Kemiskinan:
    filters: Filters
    empty: str | None  # why nothing can be shown, or None
    year_notice: str | None  # the chosen year has no regency IDM: only poverty is drawn
    sentence: str | None  # the regencies where IDM rose but poverty did not fall
    first: int | None
    last: int | None
    # 'tahun', 'perubahan', 'perubahan-tabel', 'per-tahun'; 'samping-<key>' and 'tabel-<key>' for every
    # other indicator present (idm.welfare.INDICATORS keys)
    items: dict[str, Item]
    indicators: tuple[str, ...] = ()  # keys with any value, in INDICATORS order
    coverage: str = ""  # which indicators and years there are, and what is missing

    @property
    def others(self) -> list[str]:
        """The indicators present besides P0: the choice of the chart beside IDM."""
        return [key for key in self.indicators if key != "p0"]


def coverage(data: kemiskinan.Poverty) -> str:
    """'Indikator BPS Kalimantan Tengah: P0 2021–2024, IPM 2023. Belum ada: P1, ... (unduh ...).'"""
    present = data.indicators()
    listed = ", ".join(f"{INDICATORS[key].short} {fmt.year_range(data.indicator_years(key))}" for key in present)
    absent = [INDICATORS[key].short for key in INDICATORS if key not in present]
    text = f"Indikator BPS {data.province_name}: {listed}."
    if absent:
        text += f" Belum ada: {', '.join(absent)} ({IMPORT_HINT})."
    return text


def build(db: Database, chosen: Filters) -> Kemiskinan:
    data = kemiskinan.load(db, chosen)
    if not data.ok:
        return Kemiskinan(chosen, data.message, None, None, None, None, {YEAR: Missing(data.message)})
    indicators = tuple(data.indicators())
    others = _others(data, chosen)
    if "p0" not in indicators:
        reason = (f"Belum ada persentase penduduk miskin (P0) BPS untuk {chosen.province_name}, sehingga IDM belum "
                  f"dapat dibandingkan dengan kemiskinan: {IMPORT_HINT} (tabel \"Persentase Penduduk Miskin (P0) "
                  "Menurut Kabupaten/Kota\").")
        items = {YEAR: Missing(reason), "perubahan": Missing(reason), "per-tahun": Missing(reason), **others}
        return Kemiskinan(chosen, None, None, None, None, None, items, indicators, coverage(data))
    subtitle = f"{chosen.province_name} · {source_note(SOURCE_IDM, 'penduduk miskin (Maret) BPS')}"
    idm_years, poverty_years = data.idm_years(), data.poverty_years()
    items: dict[str, Item] = {}

    sentence = first = last = None
    if not chosen.compare_year:
        items["perubahan"] = Missing("Hanya ada satu tahun data: belum ada tahun pembanding untuk melihat perubahan.")
    else:
        first, last = sorted((chosen.year, chosen.compare_year))
        moves = data.changes(first, last)
        without_idm = [y for y in (first, last) if y not in idm_years]
        without_poverty = [y for y in (first, last) if y not in poverty_years]
        if without_idm or without_poverty:
            reasons = []
            if without_idm:
                reasons.append(_without_idm(without_idm))
            if without_poverty:
                reasons.append(f"angka penduduk miskin BPS tidak ada untuk {' dan '.join(map(str, without_poverty))}")
            items["perubahan"] = Missing(f"Diagram perubahan {first}–{last} tidak dapat dibuat: " + "; ".join(reasons)
                                         + ". Tabel di bawah menampilkan angka yang tersedia.")
        else:
            sentence = kemiskinan.discussion_sentence(moves, from_year=first, to_year=last)
            items["perubahan"] = chart(
                "perubahan-idm-kemiskinan", figures.change_scatter,
                title=f"Perubahan IDM dan penduduk miskin, {first}–{last}",
                subtitle=f"{subtitle} · satu titik per kabupaten; kota tanpa IDM", source=SOURCE, note=sentence or "",
                moves=moves, from_year=first, to_year=last, highlight=chosen.regency)
        items["perubahan-tabel"] = Table(
            "perubahan-idm-kemiskinan", f"Perubahan IDM dan penduduk miskin, {first}–{last}",
            kemiskinan.changes_table(moves, from_year=first, to_year=last), source=SOURCE, formats={
                f"IDM {first}": "%.4f", f"IDM {last}": "%.4f", "Perubahan IDM": "%+.4f",
                f"P0 {first} (%)": "%.2f", f"P0 {last} (%)": "%.2f", "Perubahan P0 (poin)": "%+.2f"})

    year_notice = None
    if chosen.year not in idm_years:
        year_notice = f"{_without_idm([chosen.year]).capitalize()}. Yang ditampilkan: persentase penduduk miskin."
    if chosen.year in poverty_years or chosen.year in idm_years:
        note = sentence or (f"IDM dan persentase penduduk miskin {chosen.year} per kabupaten/kota "
                            f"{chosen.province_name}.")
        frame = data.year(chosen.year)
        if not sentence and frame["p0"].notna().any():
            high = frame.loc[frame["p0"].idxmax()]
            note += f" Penduduk miskin tertinggi di {high['name']} ({fmt.percent(high['p0'], 2)})."
        items[YEAR] = chart("idm-dan-kemiskinan", figures.idm_poverty_bars,
                               title=f"IDM dan penduduk miskin per kabupaten/kota, {chosen.year}", subtitle=subtitle,
                               source=SOURCE, note=note, frame=frame, year=chosen.year, highlight=chosen.regency)
    else:
        items[YEAR] = Missing(f"Belum ada angka penduduk miskin BPS untuk {chosen.year}.")

    side = kemiskinan.side_by_side_table(data.frame)
    items["per-tahun"] = Table("idm-kemiskinan-per-tahun", "IDM dan penduduk miskin, semua tahun", side, source=SOURCE,
                               formats={c: "%.4f" if c.startswith("IDM") else "%.2f"
                                        for c in side.columns if c != "Wilayah"})
    items.update(others)
    return Kemiskinan(chosen, None, year_notice, sentence, first, last, items, indicators, coverage(data))


def _without_idm(years: list[int]) -> str:
    """Why some years have no IDM per regency: measured with the Indeks Desa (from 2025, its score is
    never set against IDM's), or only the province's published figures."""
    later = [y for y in years if rules.index_of(y) == rules.INDEKS_DESA]
    earlier = [y for y in years if y not in later]
    reasons = []
    if earlier:
        reasons.append(f"IDM per kabupaten tidak ada untuk {' dan '.join(map(str, earlier))} (hanya angka provinsi "
                       "yang dipublikasikan)")
    if later:
        reasons.append(f"{' dan '.join(map(str, later))} diukur dengan Indeks Desa, bukan IDM (nilai IDM berhenti pada "
                       f"{rules.FIRST_INDEKS_DESA_YEAR - 1}; skor Indeks Desa tidak disandingkan dengan nilai IDM)")
    return "; ".join(reasons)


def _others(data: kemiskinan.Poverty, chosen: Filters) -> dict[str, Item]:
    """For every indicator present besides P0: a chart beside IDM in the chosen year and a table."""
    items: dict[str, Item] = {}
    for key in data.indicators():
        if key == "p0":
            continue
        shown = INDICATORS[key]
        years = data.indicator_years(key)
        if chosen.year in years:
            frame = data.year(chosen.year)
            highest = frame.loc[frame[key].idxmax()] if frame[key].notna().any() else None
            note = f"IDM dan {shown.title} {chosen.year} per kabupaten/kota {chosen.province_name}."
            if highest is not None:
                note += f" Tertinggi: {highest['name']} ({shown.value(highest[key])})."
            items[f"samping-{key}"] = chart(
                f"idm-dan-{key.replace('_', '-')}", figures.idm_poverty_bars,
                title=f"IDM dan {shown.title} per kabupaten/kota, {chosen.year}",
                subtitle=f"{chosen.province_name} · {source_note(SOURCE_IDM, f'{shown.title} BPS')}", source=SOURCE,
                note=note, frame=frame, year=chosen.year, highlight=chosen.regency, indicator=key)
        else:
            items[f"samping-{key}"] = Missing(f"{shown.title} belum ada untuk {chosen.year} (tersedia: "
                                              f"{fmt.year_range(years)}); tabel di bawah menampilkan semua tahun.")
        table = kemiskinan.indicator_table(data.frame, indicator=key)
        decimals = f"%.{shown.decimals}f" if shown.decimals else "%,.0f"
        items[f"tabel-{key}"] = Table(f"{key.replace('_', '-')}-per-tahun", f"{shown.title}, semua tahun", table,
                                      source=SOURCE_BPS, formats={c: decimals for c in table.columns if c != "Wilayah"})
    return items
