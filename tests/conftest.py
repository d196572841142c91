"""A fixture database built from code (tests/fixtures.py) and the path of the real open-data bundle."""

from pathlib import Path

import pytest

from idm.build import Dataset, build
from idm.database import Database
from tests.fixtures import build_fixture

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO.parent / "shared" / "open-data"
BUNDLE_FIXTURES = {"bundle", "bundle_build", "bundle_db", "bundle_database"}


def pytest_collection_modifyitems(items):
    """Tests that read the real open-data bundle are marked `bundle`, tests that run the app in AppTest
    `app`, so that `-m "not bundle and not app"` leaves them out."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if BUNDLE_FIXTURES & used:
            item.add_marker(pytest.mark.bundle)
        if "fixture_env" in used:
            item.add_marker(pytest.mark.app)


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
    """The database built from the real open-data bundle, once per test session, and what the build read."""
    path = tmp_path_factory.mktemp("bundle") / "idm.duckdb"
    return path, build(bundle, path, echo=lambda line: None)


@pytest.fixture(scope="session")
def bundle_db(bundle_build) -> Path:
    return bundle_build[0]


@pytest.fixture(scope="session")
def bundle_database(bundle_db) -> Database:
    return Database(bundle_db)
