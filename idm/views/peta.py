"""Peta: where the villages stand, regency by regency, down to the village polygons."""

from __future__ import annotations

from dataclasses import dataclass

from idm import fmt, rules
from idm.charts import peta as maps
from idm.database import Database
from idm.filters import Filters
from idm.specs import SOURCE_BOUNDARIES, SOURCE_IDM, Item, Missing, Table, VillageMap, chart, source_note

# Keys of the items the rakor deck (idm/deck.py) and the page both take from this view.
TOP = "atas"


SOURCE_NOTE = source_note(SOURCE_IDM, SOURCE_BOUNDARIES)
MAP_SOURCE = f"{SOURCE_IDM}; {SOURCE_BOUNDARIES}"


@dataclass(frozen=True)
class Peta:
    filters: Filters
    empty: str | None  # why nothing can be mapped (a year with published province figures only)
    measure: str  # what the maps are coloured by (maps.MEASURES)
    notice: str | None  # why the measure asked for could not be drawn
    top_word: str  # 'kabupaten/kota' or 'provinsi': the regions of the first map
    items: dict[str, Item]  # 'atas'; with a regency 'kecamatan', and 'desa', 'tanpa-batas' where drawn


def _status_note(values, *, year: int, word: str, place: str) -> str:
    """'Status IDM 2024 kabupaten/kota Kalimantan Selatan: Mandiri 2, Maju 9.'"""
    counts = values.dropna(subset=["idm"])["status"].map(rules.STATUS_LABELS).value_counts()
    listed = [f"{label} {fmt.count(counts[label])}" for label in rules.STATUS_LABELS.values() if label in counts]
    return f"Status IDM {year} {word} {place}: " + ", ".join(listed) + "." if listed else ""


def build(db: Database, chosen: Filters, *, measure: str = maps.DEFAULT_MEASURE, width: int | None = None,
          height: int | None = None) -> Peta:
    """width, height: the first map's size when it is drawn alone (a slide); by default as on the page."""
    top_area, top_level, top_word = ((chosen.area, "provinsi", "provinsi") if chosen.is_group
                                     else (chosen.province, "kabupaten", "kabupaten/kota"))
    if chosen.year_source == "publikasi":
        published = db.published_summary(area=chosen.province, year=chosen.year)
        value = published["idm"].iloc[0] if not published.empty else None
        figure = f" (IDM provinsi {fmt.idm(value)})" if value is not None and value == value else ""
        if rules.index_of(chosen.year) == rules.INDEKS_DESA:
            reason = (f"Tahun {chosen.year} diukur dengan Indeks Desa; yang dipublikasikan hanya jumlah desa per "
                      f"status untuk {chosen.province_name}: tidak ada nilai per kabupaten, kecamatan atau desa "
                      "untuk dipetakan. Pilih 2024 untuk peta IDM, atau impor berkas Indeks Desa per desa.")
        else:
            reason = (f"Tahun {chosen.year} hanya memiliki angka provinsi yang dipublikasikan{figure}: tidak ada nilai "
                      "per kabupaten, kecamatan atau desa untuk dipetakan. Pilih tahun dengan data per desa di "
                      "samping.")
        return Peta(chosen, reason, measure, None, top_word, {TOP: Missing(reason)})

    allowed = maps.measures_for(chosen.year)
    notice = None
    if maps.measure(measure) not in allowed:
        fallback = next(iter(allowed))
        if measure in maps.MEASURES:
            notice = (f"{maps.MEASURES[measure]} tidak ada untuk {rules.year_label(chosen.year)}; peta diwarnai "
                      f"menurut {allowed[fallback]}.")
        measure = fallback
    measure = maps.measure(measure)
    has_change = (chosen.compare_year is not None and chosen.compare_source == "desa"
                  and rules.index_of(chosen.compare_year) == rules.index_of(chosen.year))
    if measure == "perubahan" and not has_change:
        notice = (f"Perubahan IDM tidak dapat dipetakan: tahun pembanding {chosen.compare_year or '-'} tidak memiliki "
                  "data per desa. Peta di bawah diwarnai menurut IDM; pilih tahun pembanding lain di samping.")
        measure = "idm"
    compare_year = chosen.compare_year if has_change else None
    years = {"year": chosen.year, "compare_year": compare_year or chosen.year}
    # A region has no status of its own in the Indeks Desa: its map takes its villages' mean score.
    area_measure = "skor" if rules.index_of(chosen.year) == rules.INDEKS_DESA else measure
    title = maps.measure_title(area_measure, chosen.year, compare_year)
    items: dict[str, Item] = {}

    top_values = db.unit_ranking(area=top_area, **years)
    top_shapes = db.geojson(top_level, top_area)
    side_by_side = bool(chosen.regency)
    district_shapes = db.geojson("kecamatan", chosen.regency) if chosen.regency else None
    district_values = db.unit_ranking(area=chosen.regency, **years) if chosen.regency else None
    village_area = chosen.district or chosen.regency
    villages = db.village_map_values(area=village_area, **years) if chosen.regency else None
    # The page's maps share one colour scale: one colour is one value on all of them.
    column = maps.value_column(area_measure)
    drawn = [top_values[column]]
    if chosen.regency and district_shapes["features"]:
        drawn.append(district_values[column])
        if measure == area_measure:  # in an Indeks Desa year the villages may show their statuses instead
            drawn.append(villages[column])
    shared = maps.value_range(area_measure, *drawn)
    scale_note = " · satu skala warna untuk semua peta di halaman ini" if len(drawn) > 1 and shared else ""
    if not top_shapes["features"]:
        items[TOP] = Missing(f"Tidak ada batas wilayah untuk {chosen.province_name} di database.")
    else:
        items[TOP] = chart(
            f"peta-{top_level}", maps.choropleth, title=f"{title} per {top_word}",
            subtitle=f"{chosen.province_name} · {SOURCE_NOTE}{scale_note}",
            source=MAP_SOURCE,
            note=_status_note(top_values, year=chosen.year, word=top_word, place=chosen.province_name),
            geojson=top_shapes, values=top_values, measure_name=area_measure, year=chosen.year,
            compare_year=compare_year, highlight=chosen.highlight, shared_range=shared,
            height=height or (620 if side_by_side else 700), width_hint=width or (700 if side_by_side else 1000))
    if not chosen.regency:
        return Peta(chosen, None, measure, notice, top_word, items)

    if not district_shapes["features"]:
        items["kecamatan"] = Missing(
            f"Batas kecamatan dan desa hanya tersedia untuk provinsi di Kalimantan; {chosen.area_name} tidak dapat "
            "dirinci di peta. Angka per kecamatan dan desa ada di halaman Tren dan Desa.")
        return Peta(chosen, None, measure, notice, top_word, items)
    items["kecamatan"] = chart(
        "peta-kecamatan", maps.choropleth, title=f"{title} per kecamatan",
        subtitle=f"{chosen.regency_name} · {SOURCE_NOTE}{scale_note}", source=MAP_SOURCE,
        geojson=district_shapes, values=district_values, measure_name=area_measure, shared_range=shared,
        year=chosen.year, compare_year=compare_year, highlight=chosen.district, height=620, width_hint=700)

    title = maps.measure_title(measure, chosen.year, compare_year)
    if villages.empty:
        items["desa"] = Missing(f"Tidak ada desa ber-IDM di {chosen.area_name} tahun {chosen.year}.")
        return Peta(chosen, None, measure, notice, top_word, items)
    village_shapes = db.geojson("desa", village_area)
    deck, legend = maps.village_deck(geojson=village_shapes, values=villages, measure_name=measure,
                                     year=chosen.year, compare_year=compare_year,
                                     shared_range=shared if measure == area_measure else None)
    village_title = f"{title} per desa, {chosen.area_name}"
    # The deck.gl map cannot be exported as a picture: the same villages drawn by Plotly for the downloads.
    picture = chart(
        "peta-desa", maps.choropleth, title=village_title, subtitle=f"{chosen.context} · {SOURCE_NOTE}{scale_note}",
        source=MAP_SOURCE, geojson=village_shapes, values=villages.assign(villages=1), measure_name=measure,
        year=chosen.year, compare_year=compare_year, shared_range=shared if measure == area_measure else None,
        height=720, width_hint=1000, names=False)
    items["desa"] = VillageMap(
        "peta-desa", village_title, deck,
        maps.legend_html(legend, measure_name=measure, year=chosen.year, compare_year=compare_year),
        Table("peta-desa", village_title, maps.village_table(villages, year=chosen.year, compare_year=compare_year),
              height=360), picture)
    missing = maps.without_polygon(villages)
    if not missing.empty:
        items["tanpa-batas"] = Table("desa-tanpa-batas",
                                     f"{fmt.count(len(missing))} desa tanpa batas wilayah (tidak tergambar di peta)",
                                     missing)
    return Peta(chosen, None, measure, notice, top_word, items)
