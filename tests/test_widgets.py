"""Rendering helpers: a long table shows its top rows (ten in a plain table, 200 in the grid), says so, and keeps
every row for the downloads; a plain table holds its cells as text in the Indonesian format and turns into the
sortable grid on request."""

import pytest
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.app


def long_table_page(static=False):
    import pandas as pd

    from idm.filters import Filters
    from idm.specs import Table
    from ui import widgets

    # 40.000 rows x 10 columns: more cells than pandas' Styler renders (262.144), as Transisi for Indonesia.
    frame = pd.DataFrame({f"Kolom {i}": [j / 7 for j in range(40_000)] for i in range(10)})
    chosen = Filters(province="63", province_name="Kalimantan Selatan", year=2024, year_source="desa",
                     compare_year=None, compare_source=None)
    widgets.table(Table("panjang", "Tabel panjang", frame), filters=chosen, static=static)


def test_a_long_table_shows_its_first_rows_and_says_so():
    app = AppTest.from_function(long_table_page, default_timeout=60)
    app.run()
    assert not app.exception
    [shown] = app.dataframe
    assert len(shown.value) == 200
    assert any("200 baris pertama dari 40.000" in c.value for c in app.caption)


def test_a_long_plain_table_shows_ten_rows_then_the_grid_on_request():
    app = AppTest.from_function(long_table_page, default_timeout=60, kwargs={"static": True})
    app.run()
    assert not app.exception and not app.dataframe
    [plain] = [m.value for m in app.markdown if "idm-table" in m.value]
    assert plain.count("<tr>") == 11  # the header and ten rows
    assert any("10 baris pertama dari 40.000" in c.value and "200 baris" in c.value for c in app.caption)
    app.toggle(key="grid-panjang").set_value(True).run()
    [grid] = app.dataframe
    assert len(grid.value) == 200 and any("200 baris pertama dari 40.000" in c.value for c in app.caption)


def short_plain_table_page():
    import pandas as pd

    from idm.filters import Filters
    from idm.specs import Table
    from ui import widgets

    frame = pd.DataFrame({"Kabupaten": ['<a href="https://evil.example">KLIK</a>', "Tapin\n\n[klik](http://evil.example)",
                                        "Banjar"],
                          "IDM 2024": [0.8349, None, 0.7743], "Desa Mandiri": [1234, 5, 86]})
    chosen = Filters(province="63", province_name="Kalimantan Selatan", year=2024, year_source="desa",
                     compare_year=None, compare_source=None)
    widgets.table(Table("pendek", "Tabel pendek", frame, formats={"IDM 2024": "%.4f"}), filters=chosen, static=True)


def test_a_short_plain_table_holds_text_indonesian_numbers_and_turns_into_the_grid():
    app = AppTest.from_function(short_plain_table_page, default_timeout=60)
    app.run()
    assert not app.exception and not app.dataframe
    [plain] = [m.value for m in app.markdown if "idm-table" in m.value]
    assert "&lt;a href=&quot;https://evil.example&quot;&gt;KLIK&lt;/a&gt;" in plain and "<a " not in plain
    assert "<td class='t'>Tapin [klik](http://evil.example)</td>" in plain and "\n" not in plain
    assert not [m for m in app.markdown if "evil.example" in m.value and m.value != plain]  # one element, whole
    assert "<td class='n'>0,8349</td>" in plain and "<td class='n'>1.234</td>" in plain
    assert "<td class='n'>–</td>" in plain  # a missing value, as the grid shows it
    app.toggle(key="grid-pendek").set_value(True).run()
    [grid] = app.dataframe
    assert len(grid.value) == 3 and not [m for m in app.markdown if "idm-table" in m.value]


@pytest.mark.parametrize("agent, phone", [
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.1 Mobile/15E148 Safari/604.1", True),
    ("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
     "Mobile Safari/537.36", True),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
     "Safari/537.36", False),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 "
     "Safari/605.1.15", False),  # an iPad asks for the desktop page: the wide drawing, scaled to its width
])
def test_a_phone_is_known_by_its_browser(agent, phone):
    from ui import frame

    assert bool(frame._PHONE.search(agent)) is phone
