"""Short Indonesian sentences generated from the numbers, for the page and the speaker notes."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from idm import fmt, rules, target


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def movement(before: float, after: float) -> str:
    if rules.round_idm(after) > rules.round_idm(before):
        return "naik"
    if rules.round_idm(after) < rules.round_idm(before):
        return "turun"
    return "tetap"


def idm_sentence(area_name: str, year: int, idm: float, compare_year: int | None, idm_compare: float | None) -> str:
    """'IDM Kalimantan Selatan naik dari 0,7480 (2023) menjadi 0,7903 (2024)'."""
    status = rules.STATUS_LABELS[rules.classify(idm)]
    if compare_year is None or _missing(idm_compare):
        return f"IDM {area_name} {year} adalah {fmt.idm(idm)} (status {status})"
    verb = movement(idm_compare, idm)
    if verb == "tetap":
        return f"IDM {area_name} tetap {fmt.idm(idm)} pada {compare_year} dan {year} (status {status})"
    return (f"IDM {area_name} {verb} dari {fmt.idm(idm_compare)} ({compare_year}) menjadi "
            f"{fmt.idm(idm)} ({year}), status {status}")


def mandiri_sentence(mandiri: int, mandiri_compare: int | None) -> str:
    """'desa Mandiri bertambah 517 menjadi 811'."""
    if mandiri_compare is None:
        return f"{fmt.count(mandiri)} desa berstatus Mandiri"
    difference = mandiri - mandiri_compare
    if difference > 0:
        return f"desa Mandiri bertambah {fmt.count(difference)} menjadi {fmt.count(mandiri)}"
    if difference < 0:
        return f"desa Mandiri berkurang {fmt.count(-difference)} menjadi {fmt.count(mandiri)}"
    return f"jumlah desa Mandiri tetap {fmt.count(mandiri)}"


def overview(*, area_name: str, year: int, idm: float, compare_year: int | None, idm_compare: float | None,
             mandiri: int, mandiri_compare: int | None, units: pd.DataFrame, unit_word: str) -> str:
    """Two or three sentences for leadership.

    units: name, idm, status, change (the regencies, districts or provinces of the area).
    """
    sentences = [f"{idm_sentence(area_name, year, idm, compare_year, idm_compare)}; "
                 f"{mandiri_sentence(mandiri, mandiri_compare)}."]
    scored = units.dropna(subset=["idm"])
    if len(scored) >= 2:
        top, bottom = scored.loc[scored["idm"].idxmax()], scored.loc[scored["idm"].idxmin()]
        sentences.append(
            f"IDM tertinggi di {unit_word} {top['name']} ({fmt.idm(top['idm'])}), terendah di "
            f"{bottom['name']} ({fmt.idm(bottom['idm'])}, {rules.STATUS_LABELS[bottom['status']]})."
        )
    if compare_year is not None and "change" in scored and scored["change"].notna().any():
        falling = scored[scored["change"] < -rules.ROUNDING]
        if not falling.empty:
            names = ", ".join(falling.sort_values("change")["name"].head(3))
            sentences.append(f"IDM turun di {fmt.count(len(falling))} {unit_word} ({names}); perlu dibahas.")
        else:
            sentences.append(f"Tidak ada {unit_word} yang IDM-nya turun sejak {compare_year}.")
    return " ".join(sentences)


def published_counts_sentence(*, area_name: str, year: int, counts: dict[str, int | None],
                              rank: int | None = None) -> str:
    """A year whose IDM value was not published, only villages per status (Kalimantan Timur 2021, 2022)."""
    listed = [f"{rules.STATUS_LABELS[s]} {fmt.count(n)}" for s, n in counts.items() if n is not None]
    sentence = (f"Nilai IDM {area_name} {year} tidak dipublikasikan; yang dipublikasikan: desa "
                + ", ".join(listed) + ".")
    if rank is not None:
        sentence += f" Peringkat nasional {rank}."
    return sentence


def indeks_desa_sentence(*, area_name: str, year: int, now: dict[str, int | None], rank: int | None = None,
                         before: dict[str, int | None] | None = None, compare_year: int | None = None,
                         published: bool = False) -> str:
    """A year of the Indeks Desa: villages per status, the national rank where published, and the change
    of the counts since the comparison year, with the change of method said, never a value difference.

    'Kalimantan Selatan 2025 (Indeks Desa): desa Mandiri 960, Maju 758, Berkembang 153; peringkat
    nasional 5. Dibanding 2024 (IDM): Mandiri +149 (dari 811), ...'"""
    listed = [f"{rules.STATUS_LABELS[s]} {fmt.count(n)}" for s, n in now.items() if n]
    sentence = (f"{area_name} {rules.year_label(year)}: desa " + ", ".join(listed)
                + (" (angka yang dipublikasikan)" if published else ""))
    sentence += f"; peringkat nasional {rank}." if rank is not None else "."
    if before and compare_year is not None:
        changes = []
        for status in rules.STATUS_CODES:
            value, previous = now.get(status), before.get(status)
            if value is None or previous is None or (value == 0 and previous == 0):
                continue
            changes.append(f"{rules.STATUS_LABELS[status]} {fmt.number(value - previous, sign=True)} "
                           f"(dari {fmt.count(previous)})")
        if changes:
            sentence += f" Dibanding {rules.year_label(compare_year)}: " + ", ".join(changes) + "."
        if rules.index_of(compare_year) != rules.index_of(year):
            sentence += (f" Metode berubah dari {rules.index_of(compare_year)} ke {rules.index_of(year)}: yang "
                         "dibandingkan jumlah desa per status, bukan nilai.")
    return sentence


def trend_sentence(trend: pd.DataFrame, area_name: str) -> str:
    """The trend of an area's IDM from its first to its last year, naming the published years."""
    ordered = trend.dropna(subset=["idm"]).sort_values("year")
    first, last = ordered.iloc[0], ordered.iloc[-1]
    if len(ordered) < 2:
        return idm_sentence(area_name, int(last["year"]), float(last["idm"]), None, None) + "."
    sentence = idm_sentence(area_name, int(last["year"]), float(last["idm"]), int(first["year"]),
                            float(first["idm"])) + "."
    published = ordered[ordered["source"] == "publikasi"]["year"].astype(int).tolist()
    if published:
        sentence += f" Angka {', '.join(map(str, published))} adalah angka provinsi yang dipublikasikan."
    return sentence


def status_trend_sentence(trend: pd.DataFrame, area_name: str) -> str:
    """'Kalimantan Selatan: desa Mandiri 28 (2021) menjadi 960 (2025 (Indeks Desa)); Tertinggal dan Sangat
    Tertinggal 104 menjadi 0.' from the first to the last year with counts, the change of method named."""
    counted = trend.dropna(subset=["mandiri"]).sort_values("year")
    if counted.empty:
        return ""
    first, last = counted.iloc[0], counted.iloc[-1]
    lagging = [int(row["tertinggal"] or 0) + int(row["sangat_tertinggal"] or 0) for row in (first, last)]
    years = [rules.year_label(int(row["year"])) for row in (first, last)]
    if len(counted) == 1:
        return (f"{area_name} {years[1]}: desa Mandiri {fmt.count(int(last['mandiri']))}, Tertinggal dan Sangat "
                f"Tertinggal {fmt.count(lagging[1])}.")
    sentence = (f"{area_name}: desa Mandiri {fmt.count(int(first['mandiri']))} ({years[0]}) menjadi "
                f"{fmt.count(int(last['mandiri']))} ({years[1]}); Tertinggal dan Sangat Tertinggal "
                f"{fmt.count(lagging[0])} menjadi {fmt.count(lagging[1])}.")
    if rules.crosses_method_change(counted["year"]):
        sentence += " " + rules.METHOD_CHANGE_NOTE
    return sentence


def ranking_sentence(units: pd.DataFrame, unit_word: str, compare_year: int | None) -> str:
    """Highest and lowest unit, how many rose and fell since the comparison year, units without desa."""
    scored = units.dropna(subset=["idm"])
    top, bottom = scored.loc[scored["idm"].idxmax()], scored.loc[scored["idm"].idxmin()]
    sentence = (f"Dari {fmt.count(len(scored))} {unit_word}, IDM tertinggi di {top['name']} ({fmt.idm(top['idm'])}), "
                f"terendah di {bottom['name']} ({fmt.idm(bottom['idm'])}, "
                f"{rules.STATUS_LABELS.get(bottom['status'], '–')}).")
    if compare_year and "change" in scored and scored["change"].notna().any():
        falling = scored[scored["change"] < -rules.ROUNDING]
        rising = scored[scored["change"] > rules.ROUNDING]
        sentence += (f" Sejak {compare_year} IDM naik di {fmt.count(len(rising))} {unit_word} dan turun di "
                     f"{fmt.count(len(falling))}"
                     + (f" ({', '.join(falling.sort_values('change')['name'].head(3))})." if len(falling) else "."))
    unscored = units[units["idm"].isna()]
    if not unscored.empty:
        sentence += f" {', '.join(unscored['name'])} tidak memiliki desa (tanpa IDM)."
    return sentence


# --- targets (idm.target) -----------------------------------------------------------------------


def _villages(value) -> str:
    return f"{fmt.number(value, 0) if float(value).is_integer() else fmt.number(value, 1)} desa"


def percent_text(value: float) -> str:
    """720.0 -> '720 %', 213.3 -> '213,3 %'."""
    return f"{fmt.number(value, 0) if float(value).is_integer() else fmt.number(value, 1)} %"


def target_sentence(result: target.TargetResult) -> str:
    """'Target peningkatan desa Mandiri Kalimantan Selatan 2022: 10 desa; terealisasi 72 desa (720 %), tercapai.'"""
    indicator = rules.TARGET_BY_CODE[result.indicator]
    maximum = "paling banyak " if indicator.kind == rules.TARGET_LEVEL else ""
    opening = f"Target {indicator.phrase} {result.area_name} {result.year}: {maximum}{_villages(result.target)}"
    published = result.published_realisation
    if result.realisation is None:
        text = f"{opening}; {result.basis}."
        if published is not None:
            text += f" Sumber menyebut realisasi {_villages(published)}."
        return text
    if indicator.kind == rules.TARGET_LEVEL:
        outcome = f"tercatat {_villages(result.realisation)}"
        verdict = "tercapai" if result.met else f"belum tercapai (lebih {_villages(result.gap)} dari target)"
    else:
        outcome = f"terealisasi {_villages(result.realisation)}"
        if result.percent is not None:
            outcome += f" ({percent_text(result.percent)})"
        verdict = "tercapai" if result.met else f"belum tercapai (kurang {_villages(-result.gap)})"
    text = f"{opening}; {outcome}, {verdict}."
    if result.method == target.METHOD_NET:
        text += f" Angka ini {result.basis}."
    if result.differs:
        text += f" Sumber menyebut realisasi {_villages(published)}, berbeda dari hasil hitung."
    return text


def target_summary_sentence(results: Iterable[target.TargetResult], *, area_code: str, year: int) -> str:
    """'Kalimantan Selatan 2022: 2 target, semuanya tercapai.' for the targets of one area and year."""
    chosen = [r for r in results if r.area_code == area_code and r.year == year]
    if not chosen:
        return f"Tidak ada target untuk wilayah {area_code} tahun {year}."
    name = chosen[0].area_name
    met = [r for r in chosen if r.met is True]
    missed = [r for r in chosen if r.met is False]
    no_data = [r for r in chosen if r.met is None]
    opening = f"{name} {year}: {fmt.count(len(chosen))} target"
    if len(met) == len(chosen):
        return f"{opening}, {'semuanya ' if len(chosen) > 1 else ''}tercapai."
    parts = []
    if met:
        parts.append(f"{fmt.count(len(met))} tercapai")
    if missed:
        names = ", ".join(rules.TARGET_BY_CODE[r.indicator].phrase for r in missed)
        parts.append(f"{fmt.count(len(missed))} belum tercapai ({names})")
    if no_data:
        parts.append(f"{fmt.count(len(no_data))} tanpa data")
    return f"{opening}: " + "; ".join(parts) + "."


def series_sentence(series: target.TargetSeries) -> str:
    """The plan in two or three sentences: the whole target, what the years with data show, and which lack data."""
    indicator = rules.TARGET_BY_CODE[series.indicator]
    first, last = int(series.years["year"].min()), int(series.years["year"].max())
    text = (f"{series.document or 'Target'}: {indicator.phrase} di {series.area_name}, "
            f"{_villages(series.total_target)} dalam {first}-{last}.")
    with_data = series.years[series.years["has_data"]]
    if series.realisation_with_data is None:
        text += " Belum ada tahun yang bisa dihitung."
    else:
        text += (f" Tahun dengan data ({fmt.years_text(with_data['year'])}): "
                 f"target {_villages(series.target_with_data)}, terealisasi {_villages(series.realisation_with_data)}")
        text += f" ({percent_text(series.percent_with_data)})." if series.percent_with_data is not None else "."
    if series.missing_years:
        text += f" Tanpa data: {fmt.years_text(series.missing_years)}."
    return text


def projection_sentence(projection: target.Projection) -> str:
    """'Dengan laju rata-rata 2023-2024 (-6,5 desa Tertinggal per tahun), target 0 desa tercapai pada 2025 ...'."""
    found = projection.pace
    noun = target.MEASURES[found.measure]
    opening = (f"Dengan laju rata-rata {found.first_year}-{found.last_year} "
               f"({fmt.number(found.per_year, 1, sign=True)} {noun} per tahun)")
    if projection.met_year is None:
        return (f"{opening}, {noun} tidak berkurang, sehingga target paling banyak "
                f"{_villages(projection.target)} pada {projection.target_year} tidak tercapai pada laju ini "
                f"({target.PROJECTION_LABEL}).")
    when = "sudah tercapai" if projection.met_year <= found.last_year else f"tercapai pada {projection.met_year}"
    late = ""
    if projection.met_year > projection.target_year:
        late = f", {projection.met_year - projection.target_year} tahun setelah tahun target {projection.target_year}"
    return (f"{opening}, target paling banyak {_villages(projection.target)} {when}{late} ({target.PROJECTION_LABEL}).")
