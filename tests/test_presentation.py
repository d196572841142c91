"""Presentation mode (?mode=presentasi): no sidebar widgets, no downloads, filters still from the link."""

import pytest

from tests.helpers import errors, metrics, open_page, requires_chromium

pytestmark = pytest.mark.app  # runs the dashboard in AppTest


@pytest.mark.parametrize("params, label", [
    ({}, "IDM 2024"),
    ({"tahun": "2023"}, "IDM 2023"),
    ({"kab": "6303"}, "IDM 2024"),
])
def test_presentation_hides_widgets_and_keeps_link_filters(fixture_env, params, label):
    app = open_page(mode="presentasi", **params)
    assert not errors(app)
    assert label in metrics(app)
    assert len(app.sidebar.selectbox) == 0
    assert not [b for b in app.button if b.key == "deck-build"]
    assert app.get("download_button") == []
    assert app.query_params["mode"] in ("presentasi", ["presentasi"])
    if "kab" in params:
        assert "Kabupaten Banjar" in app.title[0].value


@requires_chromium  # without it the page offers no image downloads and no deck button
def test_normal_mode_has_filters_downloads_and_deck_button(fixture_env):
    app = open_page()
    assert not errors(app)
    assert len(app.sidebar.selectbox) >= 3
    assert [b for b in app.button if b.key == "deck-build"]
    labels = [d.proto.label for d in app.get("download_button")]
    assert labels.count("PNG") == labels.count("SVG") >= 3
