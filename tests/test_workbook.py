"""Bahan sinkronisasi OPD (idm/workbook.py): the workbook's sheets and row counts against an oracle
computed here from the raw indicator scores of the indicator fixture (tests/test_indicators.py), its
exported text as text, the command line's exit codes and the view's summary (the page's download is
tested in tests/test_page_indikator.py).

The oracle does not call idm.indikator or idm.workbook: the sector of each fixture indicator is written
out below from the offices the fixture gives it (tests/test_indicators.OFFICES), the statuses and gains
from the thresholds and divisors of docs/IDM.md.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections import Counter, defaultdict
from datetime import date

import duckdb
import openpyxl
import pytest

from idm import cli, views, workbook
from idm.database import Database
from idm.filters import resolve
from tests.test_indicators import VILLAGES, YEAR, build_indicator_fixture, village_rows

SHEETS = ["Ringkasan", "Kesehatan", "Pendidikan", "Jalan & transportasi", "Air bersih & sanitasi",
          "Ekonomi & keuangan", "Kebencanaan", "Lainnya"]
# The fixture's offices (tests/test_indicators.OFFICES) read by hand: Dinkes + PU -> health and roads;
# Dinas Perpus -> education; PAMSIMAS + PU in Permukiman -> water; PU elsewhere -> roads; BNPB/DPBD ->
# disasters; IKS32 is sanitation by definition. Every other indicator is the village's own: Lainnya.
SECTOR_OF = {"IKS01": ["Kesehatan", "Jalan & transportasi"], "IKS14": ["Pendidikan"],
             "IKS32": ["Air bersih & sanitasi"], "IKS34": ["Air bersih & sanitasi"], "IKE12": ["Jalan & transportasi"],
             "IKL03": ["Kebencanaan"]}
DIVISOR = {"IKS": 175, "IKE": 60, "IKL": 15}
# docs/IDM.md: Sangat Tertinggal <= 0.4907 < Tertinggal <= 0.5989 < Berkembang <= 0.7072 < Maju <= 0.8155 < Mandiri
UPPER_BOUNDS = [0.4907, 0.5989, 0.7072, 0.8155]
STAMP_DATE = date(2025, 3, 4)
HOSTILE = ['=HYPERLINK("http://x","klik")', "+SUM(A1:A9)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def reaches_next(idm: float, gain: float) -> bool:
    """The four-decimal IDM plus `gain`, published to four decimals, above the village's status bound."""
    bound = next(b for b in UPPER_BOUNDS if idm <= b)
    return idm + gain >= bound + 0.00005


def oracle() -> dict[str, dict]:
    """Per sector sheet: rows, rows whose gain alone lifts, villages, villages that sector alone lifts."""
    published = village_rows().query("year == @YEAR").set_index("village_code")["idm"]
    rows, lifting = Counter(), Counter()
    gains: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for village, (_, chosen, _) in VILLAGES.items():
        idm = published[village]
        if idm > UPPER_BOUNDS[-1]:
            continue  # Mandiri: nothing to synchronise
        for code, score in chosen.items():
            if score >= 5:
                continue
            gain = (5 - score) / DIVISOR[code[:3]] / 3
            for sheet in SECTOR_OF.get(code, ["Lainnya"]):
                rows[sheet] += 1
                lifting[sheet] += reaches_next(idm, gain)
                gains[sheet][village] += gain
    return {sheet: {"rows": rows[sheet], "lifting": lifting[sheet], "villages": len(gains[sheet]),
                    "up": sum(reaches_next(published[v], g) for v, g in gains[sheet].items())}
            for sheet in SHEETS[1:]}


@pytest.fixture(scope="module")
def indicator_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("workbook") / "indicators.duckdb"
    build_indicator_fixture(path)
    return path


@pytest.fixture(scope="module")
def opened(indicator_path):
    db = Database(indicator_path)
    book = workbook.load(db, area="63", year=YEAR)
    data = workbook.xlsx(book, area_name="Kalimantan Selatan", context="Kalimantan Selatan, 2024", made=STAMP_DATE)
    return book, openpyxl.load_workbook(io.BytesIO(data)), data


def table_rows(sheet) -> list[dict]:
    """The rows of a sheet's table (the note starts after the first empty row) under their headers."""
    header = [c.value for c in sheet[1]]
    found = []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if all(v is None for v in row):
            break
        found.append(dict(zip(header, row)))
    return found


def test_one_sheet_per_sector_after_the_summary(opened):
    _, book, _ = opened
    assert book.sheetnames == SHEETS


def test_row_counts_per_sheet_match_the_raw_scores(opened):
    _, book, _ = opened
    expected = oracle()
    assert expected["Ekonomi & keuangan"]["rows"] == 0  # no fixture indicator is an economy office's: empty sheet
    for sheet in SHEETS[1:]:
        rows = table_rows(book[sheet])
        assert len(rows) == expected[sheet]["rows"], sheet
        lifting = sum(r["Naik status dengan indikator ini saja"] == "ya" for r in rows)
        assert lifting == expected[sheet]["lifting"], sheet
        assert len({r["Kode desa"] for r in rows}) == expected[sheet]["villages"], sheet


def test_summary_sheet_per_sector(opened):
    _, book, _ = opened
    expected = oracle()
    summary = {r["Sektor"]: r for r in table_rows(book["Ringkasan"])}
    assert list(summary) == SHEETS[1:]
    for sheet in SHEETS[1:]:
        row = summary[sheet]
        assert (row["Desa di bawah Mandiri dengan kekurangan"], row["Kekurangan (desa × indikator skor < 5)"],
                row["Desa naik status bila indikator sektor ini skor 5"]) == (
            expected[sheet]["villages"], expected[sheet]["rows"], expected[sheet]["up"]), sheet
    # Lainnya: every village below Mandiri has 44 indicators of its own; all six reach the next status if the
    # village raised them, IKL01 and IKL02 among them.
    assert summary["Lainnya"]["Indikator"] == 44 and expected["Lainnya"]["up"] == 6


def test_biggest_gain_first_and_the_row_says_it_all(opened):
    _, book, _ = opened
    for sheet in SHEETS[1:]:
        gains = [r["Tambahan IDM bila skor 5"] for r in table_rows(book[sheet])]
        assert gains == sorted(gains, reverse=True), sheet
    first = table_rows(book["Kebencanaan"])[0]
    # Village 6301012001 (Maju 0,7556) scores 0 on IKL03: +0,1111 lifts it to Mandiri.
    assert first["Kode desa"] == "6301012001" and first["Kode indikator"] == "IKL03" and first["Skor"] == 0
    assert first["Status"] == "Maju" and first["IDM"] == pytest.approx(0.7556)
    assert first["Tambahan IDM bila skor 5"] == pytest.approx(5 / 15 / 3)
    assert first["Naik status dengan indikator ini saja"] == "ya"
    assert first["Penanggung jawab (kamus)"] == "Pusat: BNPB, Kemendes · Kabupaten: DPBD, DINSOS"
    assert first["Kegiatan acuan ke skor berikutnya"] == "Pembangunan IKL03"  # the dictionary's entry nearest 0
    header = book["Kebencanaan"]
    formats = {c.value: header.cell(row=2, column=c.column).number_format for c in header[1]}
    assert formats["IDM"] == "0.0000" and formats["Tambahan IDM bila skor 5"] == "0.0000" and formats["Skor"] == "0"
    assert header.freeze_panes == "A2"


def test_each_sheet_carries_title_area_source_and_date(opened):
    _, book, _ = opened
    for sheet in book.worksheets:
        texts = [c.value for c in sheet["A"] if isinstance(c.value, str)]
        assert any(t.startswith("Bahan sinkronisasi OPD Kalimantan Selatan 2024") for t in texts), sheet.title
        assert any(t.startswith("Sumber: API rumusan IDM Kemendes PDTT") and "04-03-2025" in t for t in texts)


def test_the_view_item_and_the_workbook_say_the_same(indicator_path, opened):
    book, _, _ = opened
    db = Database(indicator_path)
    chosen, _ = resolve({"prov": "63", "tahun": str(YEAR)}, db.catalog())
    view = views.indikator.build(db, chosen)
    item = view.items[views.indikator.SYNC]
    assert item.title.startswith("Bahan sinkronisasi OPD")
    bars = {trace.name: list(trace.x) for trace in item.figure.data}
    assert bars["Desa naik status bila indikator sektor ini saja skor 5"] == list(book.summary["up"][::-1])
    assert bars["Desa di bawah Mandiri dengan kekurangan di sektor ini"] == list(book.summary["villages"][::-1])
    assert item.note.startswith("6 desa Kalimantan Selatan di bawah Mandiri")
    sheets = openpyxl.load_workbook(io.BytesIO(views.indikator.workbook_file(view))).sheetnames
    assert sheets == SHEETS


# --- exported text is text -------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_path(indicator_path, tmp_path_factory):
    """The indicator fixture with its regency, district, villages, an indicator, its offices and its reference
    activity named like formulas."""
    path = tmp_path_factory.mktemp("workbook-hostile") / "hostile.duckdb"
    shutil.copyfile(indicator_path, path)
    villages = ["6301012001", "6301012002", "6301012003", "6301022002"]  # 6301's villages below Mandiri
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE regions SET name = ? WHERE code = '6301'", [HOSTILE[0]])
        con.execute("UPDATE regions SET name = ? WHERE code = '630101'", [HOSTILE[1]])
        for village, name in zip(villages, HOSTILE[2:]):
            con.execute("UPDATE regions SET name = ? WHERE code = ?", [name, village])
            con.execute("UPDATE village_scores SET name = ? WHERE village_code = ?", [name, village])
        con.execute("UPDATE indicators SET name = ? WHERE code = 'IKL01'", [HOSTILE[3]])
        con.execute("UPDATE indicator_levels SET activity = ? WHERE code = 'IKL01'", [HOSTILE[0]])
        con.execute("UPDATE indicator_actors SET offices = ? WHERE code = 'IKL03'", [HOSTILE[4]])
    return path


def test_exported_text_that_starts_a_formula_stays_text(hostile_path):
    book = workbook.load(Database(hostile_path), area="63", year=YEAR)
    data = workbook.xlsx(book, area_name=HOSTILE[0], context=f"{HOSTILE[1]}, 2024", made=STAMP_DATE)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == len(SHEETS)
    assert not [s for s in sheets if "<f>" in s]  # not one formula in the workbook
    opened = openpyxl.load_workbook(io.BytesIO(data))
    texts = set()
    for sheet in opened.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    # openpyxl leaves the carriage return in its XML escape, as Excel would not
                    texts.add(cell.value.replace("_x000D_", "\r"))
    rows = table_rows(opened["Lainnya"])
    assert {r["Kabupaten/kota"] for r in rows} >= {HOSTILE[0]}
    assert {r["Kecamatan"] for r in rows} >= {HOSTILE[1]}
    # The names are written as they are, not with a leading apostrophe (that is the CSV's way).
    assert set(HOSTILE) <= texts
    assert any(t.startswith(f"Pusat: {HOSTILE[4]}") for t in texts)  # the offices of IKL03, in one line
    assert any(t.startswith(f"Bahan sinkronisasi OPD {HOSTILE[0]} 2024") for t in texts)


# --- the command line ------------------------------------------------------------------------

@pytest.mark.parametrize("area, year, code, message", [
    ("63", YEAR, 0, None),
    ("6302", YEAR, 0, None),
    ("63.01", YEAR, 0, None),
    ("63", 2023, 1, "tidak ada skor 50 indikator untuk Kalimantan Selatan tahun 2023"),
    ("63", 1999, 1, "tidak ada data Kalimantan Selatan tahun 1999"),
    ("6399", YEAR, 1, "tidak ada desa kabupaten/kota 6399"),
    ("630101", YEAR, 1, "bukan kode provinsi"),
    ("00", YEAR, 1, "bukan kode provinsi"),
])
def test_cli_writes_the_workbook_or_nothing(indicator_path, tmp_path, capsys, area, year, code, message):
    out = tmp_path / "sinkronisasi.xlsx"
    assert cli.main(["workbook", "--area", area, "--year", str(year), "--out", str(out),
                     "--db", str(indicator_path)]) == code
    printed = capsys.readouterr()
    assert out.is_file() == (code == 0)
    if code:
        assert printed.err.startswith("GAGAL: ") and message in printed.err
        return
    assert openpyxl.load_workbook(out).sheetnames == SHEETS
    assert "Ringkasan: 7 baris" in printed.out


def test_cli_refuses_another_suffix(indicator_path, tmp_path, capsys):
    out = tmp_path / "sinkronisasi.csv"
    assert cli.main(["workbook", "--area", "63", "--year", str(YEAR), "--out", str(out),
                     "--db", str(indicator_path)]) == 1
    assert not out.exists() and ".xlsx" in capsys.readouterr().err


def test_cli_row_counts_match_the_oracle(indicator_path, tmp_path):
    out = tmp_path / "kalsel.xlsx"
    assert cli.main(["workbook", "--area", "63", "--year", str(YEAR), "--out", str(out),
                     "--db", str(indicator_path)]) == 0
    opened = openpyxl.load_workbook(out)
    assert {s: len(table_rows(opened[s])) for s in SHEETS[1:]} == {s: v["rows"] for s, v in oracle().items()}


# --- the real bundle -------------------------------------------------------------------------

SECTOR_SQL = """
WITH below AS (  -- villages below Mandiri (docs/IDM.md: Mandiri is IDM > 0.8155) with scores
    SELECT village_code, idm FROM village_scores WHERE year = 2024 AND idm <= 0.8155
)
SELECT count(*) FROM indicator_scores s JOIN below b USING (village_code)
WHERE s.year = 2024 AND s.score < 5 AND starts_with(s.village_code, ?) AND list_contains(?, s.code)
"""


@pytest.mark.parametrize("area", ["63", "6303"])
def test_real_row_counts_per_sheet(bundle_database, bundle_db, area):
    """Against SQL over the raw scores; which indicator belongs to which sector is idm.indikator's (its
    mapping of the real dictionary is tested in tests/test_indicators.py)."""
    from idm import indikator

    book = workbook.load(bundle_database, area=area, year=2024)
    sectors = indikator.sector_table(bundle_database.indicator_dictionary(year=2024),
                                     bundle_database.indicator_actors(year=2024))
    written = workbook.sheets(book, area_name="x")
    with duckdb.connect(str(bundle_db), read_only=True) as con:
        for (name, table), key in zip(written[1:], indikator.SECTOR_LABELS):
            codes = list(sectors.loc[sectors["sector"] == key, "code"])
            expected = con.execute(SECTOR_SQL, [area, codes]).fetchone()[0]
            assert len(table.frame) == expected, name
        below = con.execute("SELECT count(DISTINCT village_code) FROM indicator_scores JOIN village_scores v "
                            "USING (village_code, year) WHERE year = 2024 AND v.idm <= 0.8155 "
                            "AND starts_with(village_code, ?)", [area]).fetchone()[0]
    assert book.below_mandiri == below
