"""A fixture database built from code (tests/fixtures.py) and the path of the real open-data bundle."""

import fcntl
import os
import pickle
from pathlib import Path

import pytest

from idm.database import Database
from idm.importers.build import Dataset, build
from tests.fixtures import build_fixture

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO.parent / "shared" / "open-data"
BUNDLE_FIXTURES = {"bundle", "bundle_build", "bundle_db", "bundle_database"}


# Seconds each slow module takes (setup, calls and teardown summed, measured with --junitxml on the
# 2-core machine). With two workers the run ends when the last module does: the scheduler below hands
# out the longest modules first and fills the gaps with the short ones. Only the order depends on these.
MODULE_SECONDS = {
    "test_browser.py": 85, "test_handout.py": 21, "test_deck.py": 19, "test_bandingkan.py": 17, "test_serve.py": 16,
    "test_hostile.py": 12, "test_indeks_desa.py": 11, "test_presentation.py": 8, "test_page_bandingkan.py": 7,
    "test_print_button.py": 7, "test_import.py": 7, "test_speed.py": 7, "test_demo.py": 6, "test_build.py": 6,
    "test_kelola_imports.py": 5, "test_workbook.py": 5, "test_writes.py": 5, "test_guard.py": 4,
    "test_page_transisi.py": 4, "test_bundle.py": 4, "test_names_in_figures.py": 4, "test_page_kelola.py": 4,
    "test_importer_layouts.py": 3,  # and the bundle's build (conftest.bundle_build), wherever it falls
}
SECONDS_PER_TEST = 0.15  # a module not named above


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile` (bin/test) with the longest modules first."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LongestFirst(LoadFileScheduling):
        def _assign_work_unit(self, node) -> None:
            def seconds(scope: str) -> float:
                return MODULE_SECONDS.get(Path(scope).name, SECONDS_PER_TEST * len(self.workqueue[scope]))

            self.workqueue.move_to_end(max(self.workqueue, key=seconds), last=False)
            super()._assign_work_unit(node)

    return LongestFirst(config, log)


def pytest_collection_modifyitems(items):
    """Tests that read the real open-data bundle are marked `bundle`, tests that run the app in AppTest
    (their module uses tests.helpers.open_page) `app`, so that `-m "not bundle and not app"` leaves them out."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if BUNDLE_FIXTURES & used:
            item.add_marker(pytest.mark.bundle)
        if "fixture_env" in used or hasattr(getattr(item, "module", None), "open_page"):
            item.add_marker(pytest.mark.app)


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once():
    """Streamlit's server looks for installed v2 components once, when it starts; AppTest looks on the first
    run of every AppTest, reading the metadata of each installed package: 0.16 s, four fifths of a page
    test's run. Here too the packages are scanned once per worker and what was found is handed out again."""
    from streamlit.components.v2 import manifest_scanner

    found = manifest_scanner.scan_component_manifests()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", lambda max_workers=None: list(found))
        yield


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("db") / "fixture.duckdb")


@pytest.fixture(scope="session")
def fixture_database(fixture_db) -> Database:
    return Database(fixture_db)


@pytest.fixture
def fixture_env(fixture_db, monkeypatch) -> Path:
    """The app and the CLI read the fixture database."""
    monkeypatch.setenv("IDM_DB", str(fixture_db))
    return fixture_db


@pytest.fixture(scope="session")
def bundle() -> Path:
    if not (BUNDLE / "idm").is_dir():
        pytest.skip(f"open-data bundle not found at {BUNDLE}")
    return BUNDLE


@pytest.fixture(scope="session")
def bundle_build(bundle, tmp_path_factory) -> tuple[Path, Dataset]:
    """The database built from the real open-data bundle once per test run, and what the build read.

    With two workers (pytest-xdist) the first one builds and the other waits for it and reads the same
    file: the build costs ten seconds of the two cores."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # one folder for the run's workers
    path, read = shared / "bundle.duckdb", shared / "bundle-dataset.pickle"
    with open(shared / "bundle.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not read.exists():
            data = build(bundle, path, echo=lambda line: None)
            read.write_bytes(pickle.dumps(data))
        return path, pickle.loads(read.read_bytes())


@pytest.fixture(scope="session")
def bundle_db(bundle_build) -> Path:
    return bundle_build[0]


@pytest.fixture(scope="session")
def bundle_database(bundle_db) -> Database:
    return Database(bundle_db)
