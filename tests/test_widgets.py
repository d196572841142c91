"""Rendering helpers: a long table shows its top rows, says so, and keeps every row for the downloads."""

import pytest
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.app


def long_table_page():
    import pandas as pd

    from idm.filters import Filters
    from idm.specs import Table
    from ui import widgets

    # 40.000 rows x 10 columns: more cells than pandas' Styler renders (262.144), as Transisi for Indonesia.
    frame = pd.DataFrame({f"Kolom {i}": [j / 7 for j in range(40_000)] for i in range(10)})
    chosen = Filters(province="63", province_name="Kalimantan Selatan", year=2024, year_source="desa",
                     compare_year=None, compare_source=None)
    widgets.table(Table("panjang", "Tabel panjang", frame), filters=chosen)


def test_a_long_table_shows_its_first_rows_and_says_so():
    app = AppTest.from_function(long_table_page, default_timeout=60)
    app.run()
    assert not app.exception
    [shown] = app.dataframe
    assert len(shown.value) == 200
    assert any("200 baris pertama dari 40.000" in c.value for c in app.caption)
