"""Cetak (PDF A4): what the printed page says and that nothing runs off a page, read back from the PDF.

Most tests draw the charts as plain coloured pictures of the size asked for (`drawn_elsewhere`), so
that they test the layout and the text without Chromium; the ones that require Chromium render with kaleido.
Every test here makes a PDF (about a second each): the module is `slow`, outside `bin/test --fast`.
"""

import io
import re
import shutil
import subprocess
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image

from idm import cli, deck, export, handout, pdf
from idm.specs import SOURCE_BPS, SOURCE_IDM, Chart, Missing, Table, VillageMap
from tests.helpers import pdf_objects, pdf_stream, pdf_text, requires_chromium

pytestmark = pytest.mark.slow  # each test prints a PDF

TODAY = date(2025, 3, 7)
A4 = (841.89, 595.28)


@pytest.fixture
def drawn_elsewhere(monkeypatch):
    """Every chart a light blue picture exactly the size kaleido would make: a picture that ran past the
    page's margin would show in the margin."""
    def image(figure, image_format="png", *, scale=export.SCALE):
        size = (round(figure.layout.width * scale), round(figure.layout.height * scale))
        buffer = io.BytesIO()
        Image.new("RGB", size, "#cfe3f5").save(buffer, format="PNG")
        return buffer.getvalue()

    monkeypatch.setattr(handout.export, "image", image)
    monkeypatch.setattr(handout.export, "unavailable", lambda: None)


@pytest.fixture(scope="module")
def chosen(fixture_database):
    return deck.resolve(fixture_database, province="63", year=2024, compare_year=2023)


def ringkasan(chosen, fixture_database) -> handout.Handout:
    return handout.for_page(fixture_database, "ringkasan", chosen)


# --- the page ----------------------------------------------------------------------------------

def test_a4_landscape_with_title_context_date_and_page_numbers(chosen, fixture_database, drawn_elsewhere):
    printed = handout.render(ringkasan(chosen, fixture_database), today=TODAY)
    sizes, texts = pdf_text(printed.data)
    assert printed.pages == len(sizes) and 2 <= printed.pages <= 6
    assert all(size == A4 for size in sizes)
    first = texts[0].splitlines()
    assert first[:3] == ["Ringkasan IDM Kalimantan Selatan", "Dicetak 07-03-2025",
                         "Kalimantan Selatan, 2024 (pembanding 2023)"]
    for number, text in enumerate(texts, start=1):
        assert f"halaman {number} dari {printed.pages}" in text
        assert "Dasbor IDM, dicetak 07-03-2025" in text
        assert "Sumber: Indeks Desa Membangun (IDM), Kemendes PDTT." in text
    assert texts[1].startswith("Ringkasan IDM Kalimantan Selatan · Kalimantan Selatan, 2024 (pembanding 2023)")
    assert printed.data.count(b"/DCTDecode") == printed.pages  # one picture a page


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext, pdfinfo) not installed")
def test_poppler_reads_the_page_size_and_text(chosen, fixture_database, drawn_elsewhere, tmp_path):
    path = tmp_path / "cetak.pdf"
    path.write_bytes(handout.render(ringkasan(chosen, fixture_database), today=TODAY).data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+841.89 x 595.28 pts \(A4\)", info)
    assert "Title:           Ringkasan IDM Kalimantan Selatan" in info
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Ringkasan IDM Kalimantan Selatan" in text and "Kalimantan Selatan, 2024 (pembanding 2023)" in text


@pytest.mark.parametrize("page", handout.PAGES)
def test_every_page_prints_within_its_margins(chosen, fixture_database, drawn_elsewhere, page):
    """No block starts above the body or ends below it, and nothing is drawn in the right margin or
    between the body and the footer."""
    printed = handout.for_page(fixture_database, page, chosen)
    assert printed.title == handout.TITLES[page](chosen)
    planned = handout.layout(printed)
    for number, placed in enumerate(planned.pages):
        assert placed, "no empty page"
        for top, block in placed:
            assert top >= (planned.first_top if number == 0 else planned.top)
            assert top + block.height <= planned.bottom
    for picture in handout.pictures(printed, today=TODAY):
        assert picture.size == handout.PAGE
        right = picture.crop((handout.PAGE[0] - handout.MARGIN_X + 1, 0, *handout.PAGE))
        below = picture.crop((0, planned.bottom + 1, handout.PAGE[0], handout.FOOTER_TOP - 1))
        for strip in (right, below):
            assert strip.getextrema() == ((255, 255),) * 3


def test_a_tall_chart_shrinks_to_one_page_and_is_never_split(drawn_elsewhere):
    tall = Chart("tinggi", "Grafik tinggi", "", SOURCE_IDM, go.Figure(layout={"height": 3000}))
    short = Chart("pendek", "Grafik pendek", "", SOURCE_IDM, go.Figure(layout={"height": 560}), note="Kalimat.")
    printed = handout.Handout("Judul", "Konteks", [short, tall, short])
    planned = handout.layout(printed)
    assert [len(page) for page in planned.pages] == [1, 1, 1]
    top, block = planned.pages[1][0]
    assert top + block.height <= planned.bottom


def test_long_tables_print_their_first_rows_and_say_so(drawn_elsewhere):
    long = Table("panjang", "Desa naik status", pd.DataFrame({"Desa": [f"Desa {i}" for i in range(790)],
                                                              "IDM": [0.5 + i / 2000 for i in range(790)]}))
    short = Table("pendek", "Per kabupaten", pd.DataFrame({"Kabupaten": [f"Kab {i}" for i in range(25)],
                                                            "Jumlah": range(25)}))
    _, texts = pdf_text(handout.render(handout.Handout("Judul", "Konteks", [long, short]), today=TODAY).data)
    text = "\n".join(texts)
    assert "Ditampilkan 20 baris pertama dari 790; unduhan CSV dan XLSX di dasbor berisi semuanya." in text
    assert "Desa 19" in text and "Desa 20" not in text
    assert "0,5095" in text  # Indonesian decimals, as the page shows them
    assert "Kab 24" in text and "dari 25" not in text  # a table of 25 rows prints whole


def test_missing_items_and_the_village_map_print_as_text(drawn_elsewhere):
    villages = Table("peta-desa", "IDM per desa", pd.DataFrame({"Desa": ["Bakambat"], "IDM 2024": [0.7865]}))
    printed = handout.Handout("Peta", "Konteks", [
        Missing("Batas kecamatan dan desa hanya tersedia untuk provinsi di Kalimantan."),
        VillageMap("peta-desa", "IDM 2024 per desa, Kabupaten Banjar", None, "", villages)])
    assert printed.printable
    _, [text] = pdf_text(handout.render(printed, today=TODAY).data)
    assert "Batas kecamatan dan desa hanya tersedia untuk provinsi di Kalimantan." in text
    assert "IDM 2024 per desa, Kabupaten Banjar" in text and "Bakambat" in text and "0,7865" in text
    assert "Peta desa hanya dapat dilihat di dasbor" in text
    assert not handout.Handout("Peta", "Konteks", [Missing("Tidak ada data.")]).printable


def test_each_footer_names_the_sources_of_its_own_page(drawn_elsewhere):
    idm = Chart("a", "IDM", "", SOURCE_IDM, go.Figure(layout={"height": 700}))
    bps = Chart("b", "Kemiskinan", "", f"{SOURCE_IDM}; {SOURCE_BPS}", go.Figure(layout={"height": 700}))
    _, texts = pdf_text(handout.render(handout.Handout("Judul", "Konteks", [idm, bps]), today=TODAY).data)
    assert len(texts) == 2
    assert "Sumber: Indeks Desa Membangun (IDM), Kemendes PDTT." in texts[0] and "BPS" not in texts[0]
    assert f"Sumber: {SOURCE_IDM}; {SOURCE_BPS}." in texts[1]


def test_names_from_the_data_print_as_the_text_they_are(drawn_elsewhere):
    name = "<b>Desa</b> [x](http://a.b) → ≤ Δ"
    table = Table("nama", name, pd.DataFrame({"Desa": [name]}))
    _, [text] = pdf_text(handout.render(handout.Handout(name, "Konteks", [table]), today=TODAY).data)
    assert text.splitlines()[0] == name and text.count(name) == 3  # title, table title, cell


def test_a_pair_of_charts_prints_side_by_side(drawn_elsewhere):
    left = Chart("kiri", "Kiri", "", SOURCE_IDM, go.Figure(layout={"height": 620}), note="Kiri.")
    right = Chart("kanan", "Kanan", "", SOURCE_IDM, go.Figure(layout={"height": 620}), note="Kanan.")
    planned = handout.layout(handout.Handout("Bandingkan", "Konteks", [(left, right)]))
    [[(_, block)]] = planned.pages
    assert block.sources == (SOURCE_IDM, SOURCE_IDM)
    printed = handout.Handout("Bandingkan", "Konteks", [(left, right)])
    picture = handout.pictures(printed, today=TODAY)[0]
    middle = handout.MARGIN_X + handout.WIDTH // 2
    top = planned.first_top + 300  # under the titles
    assert picture.getpixel((middle, top)) == (255, 255, 255)  # the gap between the two
    assert picture.getpixel((middle - 200, top)) != (255, 255, 255) != picture.getpixel((middle + 200, top))
    _, [text] = pdf_text(handout.render(printed, today=TODAY).data)
    assert text.splitlines()[3:7] == ["Kiri", "Kiri.", "Kanan", "Kanan."]  # each title, picture and sentence


def test_a_chart_that_cannot_be_rendered(monkeypatch):
    def fail(*args, **kwargs):
        raise export.RenderError("Gambar grafik tidak selesai dibuat dalam 20 detik oleh Chromium; coba lagi.")

    monkeypatch.setattr(handout.export, "image", fail)
    chart = Chart("a", "Tren IDM", "", SOURCE_IDM, go.Figure(layout={"height": 560}))
    with pytest.raises(export.RenderError):
        handout.render(handout.Handout("Judul", "Konteks", [chart]))
    printed = handout.render(handout.Handout("Judul", "Konteks", [chart]), today=TODAY, strict=False)
    assert printed.failed == ["Tren IDM: Gambar grafik tidak selesai dibuat dalam 20 detik oleh Chromium; coba lagi."]
    assert "Grafik «Tren IDM» tidak dapat digambar" in pdf_text(printed.data)[1][0]


def test_the_text_layer_lies_where_the_words_are_drawn():
    picture = Image.new("RGB", handout.PAGE, "white")
    words = [pdf.Words(100, 200, 50, "Perpindahan 2023 → 2024", 600)]
    data = pdf.write([pdf.Page(picture, words)], size=A4, width_of=lambda char: 500, title="Judul → uji")
    _, [text] = pdf_text(data)
    assert text == "Perpindahan 2023 → 2024"
    content = pdf_stream(pdf_objects(data)[int(re.search(rb"/Contents (\d+) 0 R", data)[1])])
    size, stretch, x, y = map(float, re.search(rb"/F1 ([\d.]+) Tf ([\d.]+) Tz 1 0 0 1 ([\d.]+) ([\d.]+) Tm",
                                               content).groups())
    points = A4[0] / handout.PAGE[0]  # points per picture pixel
    assert size == pytest.approx(50 * points, abs=0.01)
    assert (x, y) == pytest.approx((100 * points, A4[1] - 200 * points), abs=0.05)
    # 23 characters of half an em, stretched to the 600 pixels drawn.
    assert 23 * 0.5 * size * stretch / 100 == pytest.approx(600 * points, rel=1e-3)
    assert b"/Title <FEFF" in data and b"3 Tr" in content  # invisible: the picture shows the words


# --- the dashboard's pages and the command line ------------------------------------------------

def test_cli_knows_every_printed_page():
    assert cli.PRINTED_PAGES == handout.PAGES


def test_transisi_prints_its_counts_and_sentence_first(chosen, fixture_database, drawn_elsewhere):
    printed = handout.for_page(fixture_database, "transisi", chosen)
    assert [n.label for n in printed.numbers] == ["Naik status", "Tetap", "Turun status", "Lompat ≥2 tingkat",
                                                   "Di luar perbandingan"]
    assert printed.lines[0].startswith("Dari ")
    _, texts = pdf_text(handout.render(printed, today=TODAY).data)
    assert "Naik status" in texts[0] and printed.lines[0].split()[1] in texts[0]


def test_cli_writes_the_pdf(fixture_db, tmp_path, drawn_elsewhere, capsys):
    out = tmp_path / "cetak.pdf"
    assert cli.main(["cetak", "--page", "transisi", "--province", "63", "--year", "2024", "--compare", "2023",
                     "--regency", "6303", "--out", str(out), "--db", str(fixture_db)]) == 0
    sizes, texts = pdf_text(out.read_bytes())
    assert f"{out} ({len(sizes)} halaman)" in capsys.readouterr().out
    assert texts[0].splitlines()[0].startswith("Transisi status desa Kabupaten Banjar")


@pytest.mark.parametrize("args, said", [
    (["--page", "transisi", "--year", "2022"], "tidak ada yang dapat dicetak dari halaman transisi"),
    (["--page", "ringkasan", "--year", "1999"], "GAGAL:"),
    (["--page", "ringkasan", "--year", "2024", "--out-suffix", ".txt"], "harus berakhiran .pdf"),
])
def test_cli_says_why_nothing_was_printed(fixture_db, tmp_path, drawn_elsewhere, capsys, args, said):
    suffix = ".pdf"
    if "--out-suffix" in args:
        suffix = args[args.index("--out-suffix") + 1]
        args = args[:args.index("--out-suffix")]
    out = tmp_path / f"cetak{suffix}"
    assert cli.main(["cetak", "--province", "63", *args, "--out", str(out), "--db", str(fixture_db)]) == 1
    assert said in capsys.readouterr().err
    assert not out.exists()


def test_cli_without_chromium_stops_at_once(fixture_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "tidak-ada"))
    out = tmp_path / "cetak.pdf"
    assert cli.main(["cetak", "--page", "ringkasan", "--province", "63", "--year", "2024", "--out", str(out),
                     "--db", str(fixture_db)]) == 1
    assert "Chromium tidak ditemukan" in capsys.readouterr().err and not out.exists()


# --- rendered for real -------------------------------------------------------------------------

@requires_chromium
@pytest.mark.parametrize("page", ["ringkasan", "peta"])
def test_rendered_pages_hold_the_charts(chosen, fixture_database, page):
    printed = handout.for_page(fixture_database, page, chosen)
    result = handout.render(printed, today=TODAY)
    sizes, texts = pdf_text(result.data)
    assert not result.failed and all(size == A4 for size in sizes)
    assert texts[0].startswith(printed.title)
    planned = handout.layout(printed)
    for picture in handout.pictures(printed, today=TODAY):
        right = picture.crop((handout.PAGE[0] - handout.MARGIN_X + 1, 0, *handout.PAGE))
        assert right.getextrema() == ((255, 255),) * 3
        body = picture.crop((handout.MARGIN_X, planned.top, handout.MARGIN_X + handout.WIDTH, planned.bottom))
        assert body.convert("L").getextrema()[0] < 100  # a chart's ink, not an empty box
