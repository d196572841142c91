"""`python -m idm summary`: an area's IDM (or, from 2025, Indeks Desa), status counts and regency
statuses for one year: Indonesia (00), a province or a regency.

The same figures as the Ringkasan page: both come from `idm.ringkasan.headline`. `index` says which
index the year's statuses come from (IDM up to 2024, Indeks Desa from 2025): an Indeks Desa year has
no IDM value, its villages per status continue IDM's.
"""

from __future__ import annotations

from idm import codes, fmt, rules
from idm.database import Database
from idm.ringkasan import headline


def province_summary(db: Database, province: str, year: int) -> dict | None:
    """From the village rows where there are any, else from the published summary, else None."""
    area = codes.INDONESIA if codes.is_national(province) else province
    # Regencies per status, for Indonesia too (its units would be provinces).
    found = headline(db, area=area, year=year, unit_length=codes.LENGTHS["kabupaten"])
    if found is None:
        return None
    return {
        "province": codes.NATIONAL if area == codes.INDONESIA else area,
        "year": year,
        "index": found.index,
        "villages": found.villages,
        "idm": None if found.idm is None else rules.round_idm(found.idm),
        "status": found.status,
        "status_counts": found.counts,
        "regency_status_counts": found.unit_counts,
        "source": "villages" if found.source == "desa" else "published",
        "national_rank": found.rank,
        "provinces_ranked": found.ranked,
        "indeks_desa_score": None if found.skor is None else round(found.skor, 2),
    }


def as_table(summary: dict) -> str:
    """The same summary as a readable table (Indonesian number format)."""
    source = "data per desa" if summary["source"] == "villages" else "angka yang dipublikasikan"
    status = rules.STATUS_LABELS[summary["status"]] if summary["status"] else "tidak dipublikasikan"
    if summary["index"] == rules.INDEKS_DESA:
        value = "tidak ada (status tahun ini dari Indeks Desa)"
        status = "tidak ada status wilayah dalam Indeks Desa"
    else:
        value = fmt.idm(summary["idm"]) if summary["idm"] is not None else "tidak dipublikasikan"
    area = "Indonesia" if summary["province"] == codes.NATIONAL else f"Wilayah {summary['province']}"
    lines = [
        f"{area}, tahun {rules.year_label(summary['year'])} ({source})",
        f"  Jumlah desa        {fmt.count(summary['villages'])}",
        f"  IDM                {value}",
        f"  Status             {status}",
        "",
        f"  {'Status':<20}{'Desa':>8}{'Kabupaten':>12}",
    ]
    if summary.get("indeks_desa_score") is not None:
        lines.insert(3, f"  Skor Indeks Desa   {fmt.number(summary['indeks_desa_score'], 2)} (rata-rata desa, 0-100)")
    for code in rules.STATUS_CODES:
        villages, regencies = summary["status_counts"][code], summary["regency_status_counts"][code]
        lines.append(f"  {rules.STATUS_LABELS[code]:<20}{fmt.count(villages):>8}{fmt.count(regencies):>12}")
    if summary["national_rank"] is not None:
        lines.insert(4, f"  Peringkat nasional {rank_text(summary['national_rank'], summary['provinces_ranked'])}")
    return "\n".join(lines)


def rank_text(rank: int, ranked: int | None) -> str:
    """'8 dari 37', or '12 (angka publikasi)' when only the rank was published."""
    return f"{rank} dari {ranked}" if ranked else f"{rank} (angka publikasi)"
