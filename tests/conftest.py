"""A fixture database built from code (tests/fixtures.py) and the path of the real open-data bundle."""

from pathlib import Path

import pytest

from tests.fixtures import build_fixture

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO.parent / "shared" / "open-data"


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("db") / "fixture.duckdb")


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
def bundle_db(bundle, tmp_path_factory) -> Path:
    """The database built from the real open-data bundle, once per test session."""
    from idm.build import build

    path = tmp_path_factory.mktemp("bundle") / "idm.duckdb"
    build(bundle, path, echo=lambda line: None)
    return path
