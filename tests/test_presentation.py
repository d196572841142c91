"""Presentation mode (?mode=presentasi&slide=N): the rakor's slides one at a time from the link's filters,
the slide number in the link, previous/next, no sidebar widgets and no downloads; the normal mode keeps
them. The slides are the deck's (idm.deck.contents), in the same order."""

import functools

import pytest

from idm import deck
from tests.helpers import errors, markdown, open_page, requires_chromium

pytestmark = pytest.mark.app  # runs the dashboard in AppTest


def slide_titles(fixture_database, **link) -> list[str]:
    return list(_titles(fixture_database, int(link.get("tahun", 2024)), link.get("kab")))


@functools.cache  # the deck's contents build every figure (a second or two): once per filter set
def _titles(fixture_database, year: int, regency: str | None) -> tuple[str, ...]:
    chosen = deck.resolve(fixture_database, province="63", year=year, regency=regency)
    made = deck.contents(fixture_database, chosen)
    return (made.title.title, *(chart.title for _, chart in made.charts), made.sources.title)


@pytest.mark.parametrize("link", [{}, {"tahun": "2023"}, {"kab": "6303"}])
def test_each_slide_of_the_deck_in_turn(fixture_env, fixture_database, link):
    titles = slide_titles(fixture_database, **link)
    app = open_page(mode="presentasi", **link)
    assert not errors(app)
    assert len(app.sidebar.selectbox) == 0 and app.get("download_button") == []
    assert app.query_params["slide"] in ("1", ["1"])
    assert titles[0] in markdown(app)
    for number in (2, 3):
        app.button(key="idm-slide-next").click().run()
        assert not errors(app)
        assert app.query_params["slide"] in (str(number), [str(number)])
        assert titles[number - 1] in markdown(app)
    app.button(key="idm-slide-previous").click().run()
    assert titles[1] in markdown(app)


@pytest.mark.parametrize("asked, shown", [("4", 4), ("0", 1), ("x", 1), ("999", None)])
def test_the_link_names_the_slide(fixture_env, fixture_database, asked, shown):
    titles = slide_titles(fixture_database)
    app = open_page(mode="presentasi", slide=asked)
    assert not errors(app)
    shown = shown or len(titles)  # past the end: the last slide
    assert app.query_params["slide"] in (str(shown), [str(shown)])
    assert titles[shown - 1] in markdown(app)
    assert app.button(key="idm-slide-next").disabled == (shown == len(titles))


def test_leaving_returns_to_the_page_with_its_filters(fixture_env):
    app = open_page(mode="presentasi", tahun="2023", kab="6303")
    app.button(key="idm-slide-leave").click().run()
    assert not errors(app)
    assert "mode" not in app.query_params and "slide" not in app.query_params
    assert app.query_params["tahun"] in ("2023", ["2023"]) and app.query_params["kab"] in ("6303", ["6303"])
    assert len(app.sidebar.selectbox) >= 3


@requires_chromium  # without it the page offers no image downloads and no deck button
def test_normal_mode_has_filters_downloads_and_deck_button(fixture_env):
    app = open_page()
    assert not errors(app)
    assert len(app.sidebar.selectbox) >= 3
    assert [b for b in app.button if b.key == "deck-build"]
    labels = [d.proto.label for d in app.get("download_button")]
    assert labels.count("PNG") == labels.count("SVG") >= 3
