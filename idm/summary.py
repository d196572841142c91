"""`python -m idm summary`: a province's IDM, status counts and regency statuses for one year."""

from __future__ import annotations

import duckdb

from idm import db, fmt, rules

NATIONAL = {"00", "ID", ""}


def province_summary(con: duckdb.DuckDBPyConnection, province: str, year: int) -> dict | None:
    """From the village rows where there are any, else from the published summary, else None."""
    area = "" if province.upper() in NATIONAL else province
    kpi = db.query(con, "area_kpi", area=area, year=year).iloc[0]
    if kpi["villages"]:
        counts = db.query(con, "status_counts", area=area, year=year, unit_length=4)  # regencies, even for Indonesia
        per = {unit: dict(zip(part["status"], part["n"])) for unit, part in counts.groupby("unit")}
        return {
            "province": "00" if not area else area,
            "year": year,
            "villages": int(kpi["villages"]),
            "idm": rules.round_idm(float(kpi["idm"])),
            "status": kpi["status"],
            "status_counts": {s: int(per.get("desa", {}).get(s, 0)) for s in rules.STATUS_CODES},
            "regency_status_counts": {s: int(per.get("wilayah", {}).get(s, 0)) for s in rules.STATUS_CODES},
            "source": "villages",
        }
    published = db.query(con, "published_summary", province=area, year=year)
    if published.empty:
        return None
    row = published.iloc[0]

    def number(column: str) -> int | None:
        value = row[column]
        return None if value is None or value != value else int(value)

    return {
        "province": area,
        "year": year,
        "villages": number("villages"),
        "idm": float(row["idm"]),
        "status": rules.classify(float(row["idm"])),
        "status_counts": {s: number(rules.STATUS_COLUMNS[s]) for s in rules.STATUS_CODES},
        "regency_status_counts": {
            "MANDIRI": number("regencies_mandiri"),
            "MAJU": number("regencies_maju"),
            "BERKEMBANG": number("regencies_berkembang"),
            "TERTINGGAL": None,
            "SANGAT TERTINGGAL": None,
        },
        "source": "published",
    }


def as_table(summary: dict) -> str:
    """The same summary as a readable table (Indonesian number format)."""
    source = "data per desa" if summary["source"] == "villages" else "angka yang dipublikasikan"
    lines = [
        f"Provinsi {summary['province']}, tahun {summary['year']} ({source})",
        f"  Jumlah desa        {fmt.count(summary['villages'])}",
        f"  IDM                {fmt.idm(summary['idm'])}",
        f"  Status             {rules.STATUS_LABELS[summary['status']]}",
        "",
        f"  {'Status':<20}{'Desa':>8}{'Kabupaten':>12}",
    ]
    for code in rules.STATUS_CODES:
        villages, regencies = summary["status_counts"][code], summary["regency_status_counts"][code]
        lines.append(f"  {rules.STATUS_LABELS[code]:<20}{fmt.count(villages):>8}{fmt.count(regencies):>12}")
    return "\n".join(lines)
