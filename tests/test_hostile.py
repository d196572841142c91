"""What a hostile test of the first version found, kept as tests: a rebuild under a running app, names
and link values that try to be markdown or links, exports with formulas (tests/test_export.py), and no
Chromium or a stuck one."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from idm import export, fmt
from idm.database import Database
from idm.importers.build import write_dataset
from idm.specs import chart
from tests import fixtures
from tests.helpers import errors, markdown, metrics, open_page, requires_chromium, unescape

REPO = Path(__file__).resolve().parents[1]
EVIL_NAME = "**Tebal** [klik di sini](http://evil.example/) <b>x</b>"


def rebuilt(path: Path, *, shift: float) -> None:
    """Write the fixture with every village's IDM moved by `shift` into a new file and swap it in, as a
    build does."""
    data = fixtures.fixture_dataset()
    data.villages = [data.villages[0].assign(idm=(data.villages[0]["idm"] + shift).clip(upper=1.0))]
    write_dataset(data, path)


def test_database_reads_a_file_swapped_in_while_a_connection_is_open(fixture_db, tmp_path):
    path = shutil.copyfile(fixture_db, tmp_path / "idm.duckdb")
    db = Database(path)
    before = db.area_kpi(area="63", year=2024)["idm"]
    rebuilt(path, shift=-0.05)
    after = db.area_kpi(area="63", year=2024)["idm"]
    assert after == pytest.approx(before - 0.05, abs=1e-9)


def test_a_running_app_shows_the_rebuilt_file_on_its_next_rerun(fixture_db, tmp_path, monkeypatch):
    path = shutil.copyfile(fixture_db, tmp_path / "idm.duckdb")
    monkeypatch.setenv("IDM_DB", str(path))
    app = open_page()
    before = metrics(app)["IDM 2024"]
    rebuilt(path, shift=-0.05)
    app.run()
    assert not errors(app)
    after = metrics(app)["IDM 2024"]
    assert after != before
    fresh = open_page()  # a new session too
    assert metrics(fresh)["IDM 2024"] == after


@pytest.fixture
def evil_db(tmp_path, monkeypatch) -> Path:
    """The fixture with one village named like markdown, a link and HTML."""
    data = fixtures.fixture_dataset()
    villages = data.villages[0]
    villages.loc[villages["village_code"] == "6301012001", "name"] = EVIL_NAME
    data.villages = [villages]
    boundaries = data.boundaries[0]
    boundaries.loc[boundaries["code"] == "6301012001", "name"] = EVIL_NAME
    path = tmp_path / "evil.duckdb"
    write_dataset(data, path)
    monkeypatch.setenv("IDM_DB", str(path))
    return path


def test_a_name_renders_as_text(evil_db):
    app = open_page("desa", desa="6301012001")
    assert not errors(app)
    header = app.header[0].value
    assert "\\*\\*" in header and "\\]\\(http\\:" in header and "\\<b\\>" in header
    assert unescape(header) == f"Desa {fmt.region_name(EVIL_NAME)}"


@pytest.mark.parametrize("value", ["[klik di sini](http://evil.example/)", "**x**", "<img src=x onerror=alert(1)>"])
def test_a_link_value_is_echoed_as_plain_text(fixture_env, value):
    app = open_page(prov=value)
    assert not errors(app)
    [notice] = [c.value for c in app.sidebar.caption if "prov" in c.value]
    assert "](" not in notice.replace("\\](", "") and "**" not in notice.replace("\\*\\*", "")
    assert value[:20] in unescape(notice)


def test_a_very_long_link_value_is_refused_and_never_echoed(fixture_env):
    app = open_page(prov="A" * 100_000)
    assert not errors(app)
    notices = " ".join(c.value for c in app.sidebar.caption)
    assert "terlalu panjang" in notices and "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" not in notices
    assert metrics(app)["IDM 2024"]  # the default view is shown


def test_a_long_value_is_cut_in_the_notice(fixture_env):
    app = open_page(tahun="9" * 90)
    notice = next(c.value for c in app.sidebar.caption if "tahun" in c.value)
    assert "9" * 39 + "…" in notice and "9" * 41 not in notice


# --- no Chromium, or a stuck one ----------------------------------------------------------------

@pytest.fixture
def stuck_chromium(tmp_path, monkeypatch) -> Path:
    """A 'Chromium' that never answers: a sleep of its own length, so that its processes can be told apart."""
    browser = tmp_path / "chromium"
    browser.write_text(f"#!/bin/sh\nexec sleep {stuck_seconds(browser)}\n")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    return browser


def test_no_chromium_gives_a_clear_message_at_once(tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "tidak-ada"))
    monkeypatch.setattr(export, "_renderer", export._Renderer())  # as in a server that never had one
    item = chart("x", lambda **kw: __import__("plotly.graph_objects").graph_objects.Figure(), title="t", subtitle="s")
    started = time.monotonic()
    with pytest.raises(export.RenderError, match="Chromium tidak ditemukan"):
        export.png(item, export.Stamp("konteks", "sumber", made=__import__("datetime").date(2025, 1, 1)))
    assert time.monotonic() - started < 2


@pytest.mark.slow
def stuck_seconds(browser: Path) -> str:
    return f"600.{abs(hash(str(browser))) % 10**6:06d}"


def stuck_processes(browser: Path) -> list[int]:
    """Processes of this stuck 'Chromium' still running."""
    wanted = f"sleep\x00{stuck_seconds(browser)}\x00".encode()
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            if cmdline.read_bytes() == wanted:
                found.append(int(cmdline.parent.name))
    return found


def test_a_stuck_chromium_times_out_and_is_killed(stuck_chromium, monkeypatch):
    monkeypatch.setattr(export, "START_TIMEOUT", 1)  # the sleep never answers: any limit is waited out whole
    monkeypatch.setattr(export, "STOP_TIMEOUT", 0.5)  # nor does it close: killed after this
    renderer = export._Renderer()
    started = time.monotonic()
    with pytest.raises(export.RenderError, match="Chromium"):
        renderer.render({"data": [], "layout": {}}, {"format": "png", "width": 100, "height": 100, "scale": 1})
    assert time.monotonic() - started < 8
    time.sleep(0.5)
    assert not stuck_processes(stuck_chromium)  # not left running on the server


@pytest.mark.slow
def test_deck_command_without_chromium_exits_1_quickly(fixture_env, tmp_path):
    env = {**os.environ, "BROWSER_PATH": str(tmp_path / "tidak-ada")}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "idm", "deck", "--province", "63", "--year", "2024",
                             "--out", str(tmp_path / "rakor.pptx")], capture_output=True, text=True, cwd=REPO,
                            env=env, timeout=60)
    assert result.returncode == 1 and time.monotonic() - started < 30
    assert "Chromium tidak ditemukan" in result.stderr and not (tmp_path / "rakor.pptx").exists()


@pytest.mark.slow
def test_deck_command_with_a_stuck_chromium_ends_on_sigterm(fixture_env, stuck_chromium, tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "idm", "deck", "--province", "63", "--year", "2024",
                                "--out", str(tmp_path / "rakor.pptx")], cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=os.environ.copy())
    deadline = time.monotonic() + 30
    while not stuck_processes(stuck_chromium) and time.monotonic() < deadline:
        time.sleep(0.2)  # past the figures, waiting for the stuck browser
    assert stuck_processes(stuck_chromium)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=10)
    assert process.returncode != 0
    time.sleep(0.5)
    assert not stuck_processes(stuck_chromium)  # the browser went with it


def test_pages_say_why_images_cannot_be_downloaded(fixture_env, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "tidak-ada"))
    app = open_page()
    assert not errors(app)
    captions = " ".join(unescape(c.value) for c in app.caption)
    assert captions.count("Chromium tidak ditemukan") == 1  # said once, under the page's title
    assert not [b for b in app.get("download_button") if b.proto.label == "PNG"]
    assert "Bahan rakor" not in [b.label for b in app.button]


@requires_chromium  # the configured one (BROWSER_PATH)
def test_pages_offer_images_when_chromium_is_there(fixture_env):
    app = open_page()
    assert [b for b in app.get("download_button") if b.proto.label == "PNG"]
    assert "Chromium" not in markdown(app)
