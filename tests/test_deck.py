"""Bahan rakor: the PPTX and PDF of the fixture database, opened with python-pptx and read back."""

import io
import re

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from idm import cli, deck, rules
from tests.helpers import read, requires_chromium


@pytest.fixture
def drawn_elsewhere(monkeypatch):
    """Pictures as a blank 1920x1080 PNG: for what the deck says and holds, not how kaleido draws it
    (the `built` deck below is rendered for real)."""
    buffer = io.BytesIO()
    Image.new("RGB", (1920, 1080), "white").save(buffer, format="PNG")
    monkeypatch.setattr(deck.export, "image", lambda figure, image_format="png", **kw: buffer.getvalue())

CHART_TITLES = [  # in deck order; the fixture has every part (map, transitions, poverty, near-next)
    "Ringkasan IDM Kalimantan Selatan 2024",
    "Tren IDM Kalimantan Selatan",
    "Jumlah desa per status",
    "Peringkat kabupaten menurut IDM 2024",
    "Target dan capaian Kalimantan Selatan 2024",
    "RPJMD uji 2023-2024: target dan realisasi per tahun",
    "Status IDM 2024 per kabupaten/kota",
    "Perpindahan status desa 2023 → 2024",
    "Desa naik dan turun status per kabupaten, 2023 → 2024",
    "Desa dengan perubahan IDM terbesar, 2023 → 2024",
    "IDM dan penduduk miskin per kabupaten/kota, 2024",
    "Desa hampir naik status per kabupaten/kota, 2024",
]


@pytest.fixture(scope="module")
def built(fixture_database):
    chosen = deck.resolve(fixture_database, province="63", year=2024, compare_year=2023)
    result = deck.build(fixture_database, chosen)
    return result, Presentation(io.BytesIO(deck.to_pptx(result))), deck.to_pdf(result)


def pictures(slide):
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


@pytest.mark.slow
@requires_chromium
def test_slides_titles_and_size(built):
    result, presentation, _ = built
    # The fixture has no indicator scores: those two slides are left out and named, nothing else is.
    assert result.missing == ["Naik status dengan 1–2 indikator: skor 50 indikator tidak tersedia untuk "
                              "Kalimantan Selatan 2024",
                              "Bahan sinkronisasi OPD: skor 50 indikator tidak tersedia untuk Kalimantan Selatan 2024"]
    titles = [s.shapes.title.text for s in presentation.slides]
    assert titles == ["Indeks Desa Membangun Kalimantan Selatan", *CHART_TITLES, "Sumber data dan catatan"]
    assert presentation.slide_width * 9 == pytest.approx(presentation.slide_height * 16, rel=1e-3)


@pytest.mark.slow
@requires_chromium
def test_one_picture_and_notes_per_chart_slide(built):
    _, presentation, _ = built
    slides = list(presentation.slides)
    for slide in slides[1:-1]:
        [picture] = pictures(slide)
        assert picture.left + picture.width <= presentation.slide_width
        assert picture.top + picture.height <= presentation.slide_height
        width, _ = Image.open(io.BytesIO(picture.image.blob)).size
        assert width >= 1920
        assert slide.notes_slide.notes_text_frame.text.strip()
    assert not pictures(slides[0]) and not pictures(slides[-1])


@pytest.mark.slow
@requires_chromium
def test_notes_carry_the_numbers(built, fixture_db):
    _, presentation, _ = built
    notes = {s.shapes.title.text: s.notes_slide.notes_text_frame.text for s in presentation.slides}
    with read(fixture_db) as con:
        idm_2023, idm_2024 = (con.execute("SELECT round(avg(idm), 4) FROM village_scores WHERE year = ? "
                                          "AND village_code LIKE '63%'", [y]).fetchone()[0] for y in (2023, 2024))
        top = con.execute("SELECT r.name FROM village_scores v JOIN regions r ON r.code = left(v.village_code, 4) "
                          "WHERE v.year = 2024 AND v.village_code LIKE '63%' GROUP BY r.name "
                          "ORDER BY avg(v.idm) DESC LIMIT 1").fetchone()[0]
    as_text = lambda v: f"{v:.4f}".replace(".", ",")  # noqa: E731
    assert f"naik dari {as_text(idm_2023)} (2023) menjadi {as_text(idm_2024)} (2024)" in notes[CHART_TITLES[0]]
    assert f"IDM tertinggi di {top}" in notes[CHART_TITLES[3]]
    assert "Kota Banjarmasin tidak memiliki desa" in notes[CHART_TITLES[3]]
    assert "naik status" in notes["Perpindahan status desa 2023 → 2024"]
    assert "terealisasi" in notes["Target dan capaian Kalimantan Selatan 2024"]


@pytest.mark.slow
@requires_chromium
def test_pdf_has_the_same_pages(built):
    result, _, pdf = built
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == len(result.slides)


@pytest.mark.slow
@requires_chromium
def test_title_slide_says_province_years_and_data_date(built):
    _, presentation, _ = built
    text = " ".join(p.text for s in presentation.slides[0].shapes if s.has_text_frame for p in s.text_frame.paragraphs)
    assert "IDM 2024 dibanding IDM 2023" in text and "basis data per" in text


def test_published_year_leaves_out_village_slides_and_says_so(fixture_database, drawn_elsewhere):
    result = deck.build(fixture_database, deck.resolve(fixture_database, province="63", year=2021, compare_year=2022))
    titles = [s.title for s in result.slides]
    assert "Ringkasan IDM Kalimantan Selatan 2021" in titles
    assert not any(t.startswith("Peringkat") for t in titles)
    assert any(m.startswith("Peringkat kabupaten") for m in result.missing)
    assert any("Tidak disertakan" in line for line in result.slides[-1].lines)


def test_a_deck_of_2025_from_published_counts_says_the_index_changed(bundle_database, drawn_elsewhere):
    """Kalimantan Selatan 2025 has only the published Indeks Desa counts: the deck is made of them, says
    the method changed, and names every slide it cannot draw."""
    result = deck.build(bundle_database, deck.resolve(bundle_database, province="63", year=2025, compare_year=2024))
    titles = [s.title for s in result.slides]
    assert titles[:4] == ["Indeks Desa Kalimantan Selatan", "Ringkasan Indeks Desa Kalimantan Selatan 2025",
                          "Tren IDM Kalimantan Selatan", "Jumlah desa per status"]
    assert "Bahan rapat koordinasi · Indeks Desa 2025 dibanding IDM 2024" in result.slides[0].lines
    assert rules.METHOD_CHANGE_NOTE in result.slides[0].lines
    assert any(m.startswith("Transisi status desa: Perpindahan status tidak dapat dihitung") for m in result.missing)
    assert "960" in result.slides[1].notes and "rakor 1 Desember 2025" in " ".join(result.slides[-1].lines)


@pytest.mark.parametrize("args, code", [  # the province's own deck is `built` above
    (["--province", "63", "--year", "2024", "--regency", "6303"], 0),
    (["--province", "63", "--year", "1999"], 1),
    (["--province", "63", "--year", "2024", "--regency", "9999"], 1),
])
def test_cli_writes_pptx_and_pdf(fixture_env, tmp_path, drawn_elsewhere, args, code):
    out, pdf = tmp_path / "rakor.pptx", tmp_path / "rakor.pdf"
    assert cli.main(["deck", *args, "--out", str(out), "--pdf", str(pdf)]) == code
    assert out.is_file() == (code == 0) and pdf.is_file() == (code == 0)
    if code == 0:
        presentation = Presentation(str(out))
        if "--regency" in args:
            assert presentation.slides[1].shapes.title.text == "Ringkasan IDM Kabupaten Banjar 2024"


def test_real_bundle_deck_has_the_indicator_slide(bundle_database, drawn_elsewhere):
    chosen = deck.resolve(bundle_database, province="63", year=2024, compare_year=2023)
    result = deck.build(bundle_database, chosen)
    assert result.missing == []
    slide = next(s for s in result.slides if s.title == "Desa naik status dengan 1–2 indikator, 2024")
    assert slide.picture is not None
    # 823 villages of Kalimantan Selatan reach the next status with one or two indicators raised to 5.
    assert slide.notes.startswith("823 desa Kalimantan Selatan dapat naik")
    titles = [s.title for s in result.slides]
    assert "Desa dengan perubahan IDM terbesar, 2023 → 2024" in titles
    # The synchronisation summary follows it, with the workbook's numbers in the speaker notes.
    sync = result.slides[titles.index("Desa naik status dengan 1–2 indikator, 2024") + 1]
    assert sync.title == "Bahan sinkronisasi OPD: kekurangan per sektor, 2024" and sync.picture is not None
    assert sync.notes.startswith("1.060 desa Kalimantan Selatan di bawah Mandiri mempunyai 22.318 kekurangan")
