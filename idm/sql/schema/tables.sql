-- The database the dashboard reads. Written only by idm.database.Database.write, into a new file
-- that is swapped in when every check passed. Codes are Kemendagri codes without dots.

CREATE TABLE regions (
    code        VARCHAR PRIMARY KEY,   -- '63', '6301', '630110', '6301102001'
    name        VARCHAR NOT NULL,      -- display name, e.g. 'Tanah Laut', 'Kota Banjarmasin'
    level       VARCHAR NOT NULL,      -- provinsi | kabupaten | kecamatan | desa
    parent      VARCHAR,               -- code of the region one level up
    kind        VARCHAR NOT NULL,      -- provinsi | kabupaten | kota | kecamatan | desa | kelurahan
    CHECK (level IN ('provinsi', 'kabupaten', 'kecamatan', 'desa'))
);

CREATE TABLE village_scores (
    village_code VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    name         VARCHAR,              -- village name as published that year
    iks          DOUBLE,
    ike          DOUBLE,
    ikl          DOUBLE,
    idm          DOUBLE,               -- NULL: listed without a score, kept as published; from 2025 always NULL
    skor         DOUBLE,               -- from 2025: the Indeks Desa score, 0-100 (NULL where not published)
    {{ indeks_desa_column_types }},    -- from 2025: the six dimension scores of the Indeks Desa, where published
    status       VARCHAR,              -- as published (MANDIRI ... SANGAT TERTINGGAL), of IDM or the Indeks Desa
    provenance   VARCHAR,              -- 'Update 2023', 'Server PDN', ... as published
    flags        VARCHAR,              -- checks the published row failed, e.g. 'status,formula'
    source_file  VARCHAR NOT NULL,
    source_row   INTEGER,              -- spreadsheet row number (1-based, header included)
    PRIMARY KEY (village_code, year)
);

-- An area's figures as published in official briefings and decrees (Indonesia '00', a province or a
-- regency), for years without village rows: IDM years (value and counts) and Indeks Desa years (counts).
CREATE TABLE published_summaries (
    area_code                VARCHAR NOT NULL,   -- '00' Indonesia, '63', '6303'
    year                     INTEGER NOT NULL,
    idm                      DOUBLE,             -- NULL from 2025, and where only counts were published
    villages                 INTEGER,
    {{ status_count_types }},        -- villages per status (idm.rules)
    no_score                 INTEGER,
    regencies_mandiri        INTEGER,
    regencies_maju           INTEGER,
    regencies_berkembang     INTEGER,
    national_rank            INTEGER,          -- published rank among the provinces, where stated
    source                   VARCHAR,
    PRIMARY KEY (area_code, year)
);

-- Targets the offices stated (published, and the office's own file), one row per area, year and
-- indicator (idm.importers.targets): what the realisation (idm.target) is measured against.
CREATE TABLE targets (
    area_code              VARCHAR NOT NULL,   -- province '63' or regency '6303'
    area_name              VARCHAR,
    year                   INTEGER NOT NULL,
    indicator              VARCHAR NOT NULL,   -- desa_mandiri_bertambah | desa_tertinggal_berkurang | ...
    target                 DOUBLE NOT NULL,
    unit                   VARCHAR,
    published_realisation  DOUBLE,             -- the realisation the source stated, where it did
    document               VARCHAR,
    source                 VARCHAR,
    source_file            VARCHAR NOT NULL,
    source_row             INTEGER,
    PRIMARY KEY (area_code, year, indicator, source_file)
);

-- BPS indicators (idm/importers/bps.py INDICATORS) per region, year and indicator: regency/city,
-- province ('63') and Indonesia ('00'). One row per value, so that importing a table updates the
-- regions, years and indicators it holds and keeps every other value.
CREATE TABLE welfare (
    region_code  VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    indicator    VARCHAR NOT NULL,     -- p0 | p1 | p2 | ipm | gini | tpt | pdrb_kapita
    value        DOUBLE NOT NULL,      -- in the indicator's unit: persen, indeks, rasio, ribu rupiah
    source_file  VARCHAR NOT NULL,
    source_row   INTEGER,              -- row as the spreadsheet numbers it (header counted); NULL if unknown
    PRIMARY KEY (region_code, year, indicator)
);

-- Boundaries per level, simplified for a browser; geometry as GeoJSON text (WGS84 lon/lat).
CREATE TABLE boundaries (
    code      VARCHAR NOT NULL,
    level     VARCHAR NOT NULL,        -- provinsi | kabupaten | kecamatan | desa
    name      VARCHAR,
    geometry  VARCHAR NOT NULL,
    lon       DOUBLE,                  -- a point inside the polygon, for labels
    lat       DOUBLE,
    PRIMARY KEY (level, code)
);

CREATE TABLE import_log (
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,   -- idm | ringkasan | kesejahteraan | target | batas | indikator
    year           INTEGER,
    rows_read      INTEGER,
    rows_accepted  INTEGER,
    rows_rejected  INTEGER,
    imported_at    TIMESTAMP NOT NULL
);

-- Every problem a check found, the rejected rows among them.
CREATE TABLE import_issues (
    file_name   VARCHAR NOT NULL,
    sheet       VARCHAR,
    row_number  INTEGER,
    column_name VARCHAR,
    check_name  VARCHAR NOT NULL,
    severity    VARCHAR NOT NULL,      -- rejected | flagged | info
    message     VARCHAR NOT NULL
);

CREATE TABLE meta (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR
);
