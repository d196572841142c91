"""The "Cetak (PDF A4)" button on every page with a view: named like the other exports, made only when
clicked, absent in presentation mode, disabled with the reason said without Chromium."""

import io

import pytest
import streamlit as st
from PIL import Image

from idm import deck, export, handout
from tests.helpers import errors, open_page, pdf_text, unescape

PAGES = ["ringkasan", "target", "tren", "peta", "transisi", "kemiskinan", "desa", "indikator"]


@pytest.fixture(scope="module")
def chosen(fixture_database):
    """The filters a page opens with on the fixture database."""
    return deck.resolve(fixture_database, province="63", year=2024, compare_year=2023)


@pytest.fixture
def buttons(monkeypatch):
    """The download buttons a page run asks for, with their file names and data, as Streamlit got them;
    Chromium taken as present, and every picture drawn as a blank one of the size asked for (counted)."""
    made, drawn = [], []
    original = st.download_button

    def recording(label, data, *args, **kwargs):
        made.append({"label": label, "data": data, **kwargs})
        return original(label, data, *args, **kwargs)

    def image(figure, image_format="png", *, scale=export.SCALE):
        drawn.append(figure)
        buffer = io.BytesIO()
        Image.new("RGB", (round(figure.layout.width * scale), round(figure.layout.height * scale)), "#ddd").save(
            buffer, format="PNG")
        return buffer.getvalue()

    monkeypatch.setattr(st, "download_button", recording)
    monkeypatch.setattr(export, "unavailable", lambda: None)
    monkeypatch.setattr(export, "image", image)
    return made, drawn


@pytest.mark.parametrize("page", PAGES)
def test_every_page_offers_its_print_made_on_click(fixture_env, buttons, chosen, page):
    made, drawn = buttons
    app = open_page(page)
    assert not errors(app)
    [button] = [b for b in made if b["label"] == "Cetak (PDF A4)"]
    assert button["file_name"] == f"idm-kalsel-2024-cetak-{page}.pdf"
    assert button["mime"] == "application/pdf" and not button.get("disabled")
    assert callable(button["data"]) and not drawn  # nothing rendered until the click
    sizes, texts = pdf_text(button["data"]())
    assert set(sizes) == {(841.89, 595.28)}
    assert texts[0].startswith(handout.TITLES[page](chosen))
    assert drawn or page == "indikator"  # the fixture has no indicator scores: that page prints a table


def test_the_print_follows_the_page_s_own_choices(fixture_env, buttons):
    """Desa prints the villages within the gap the page's slider shows, not the default one."""
    made, _ = buttons
    app = open_page("desa")
    app.select_slider(key="selisih").set_value(0.03).run()
    *_, button = [b for b in made if b["label"] == "Cetak (PDF A4)"]
    text = "\n".join(pdf_text(button["data"]())[1])
    assert "Desa hampir naik status, kekurangan IDM ≤ 0,030" in text


def test_presentation_mode_has_no_print_button(fixture_env, buttons):
    made, _ = buttons
    app = open_page("tren", mode="presentasi")
    assert not errors(app)
    assert not [b for b in made if b["label"] == "Cetak (PDF A4)"]


def test_without_chromium_the_button_says_why(fixture_env, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "tidak-ada"))
    app = open_page("transisi")
    assert not errors(app)
    [button] = [b for b in app.get("download_button") if b.proto.label == "Cetak (PDF A4)"]
    assert button.proto.disabled and "Chromium tidak ditemukan" in button.proto.help
    captions = " ".join(unescape(c.value) for c in app.caption)
    assert "Cetak PDF tidak tersedia" in captions
    assert captions.count("Chromium tidak ditemukan") == 1  # said once, under the page's title


def test_target_prints_the_target_year_chosen_on_the_page(fixture_env, buttons):
    """The Target page's radio chooses the targets' year: the print holds that year and its file says so (it
    printed the sidebar year's targets whatever the radio showed)."""
    made, _ = buttons
    app = open_page("target", tahun="2024")
    made.clear()
    app.radio(key="tahun_target").set_value(2023).run()
    assert not errors(app)
    [button] = [b for b in made if b["label"] == "Cetak (PDF A4)"]
    assert button["file_name"] == "idm-kalsel-2024-cetak-target-2023.pdf"
    _, texts = pdf_text(button["data"]())
    printed = unescape(" ".join(texts))
    assert "Kalimantan Selatan 2023: 1 target" in printed and "Kalimantan Selatan 2024:" not in printed
