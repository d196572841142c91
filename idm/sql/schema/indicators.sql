-- The 50 IDM indicators (Kemendes PDTT, IDM 2024 API "rumusan"): their dictionary and the scores of
-- each village. Written by idm/build.py after schema.sql; read by the Indikator page and the deck.

-- The 12 sub-dimensions of docs/IDM.md (Kesehatan ... Kebencanaan), in the ministry's order.
CREATE TABLE indicator_sub_dimensions (
    year        INTEGER NOT NULL,      -- year of the dictionary
    key         VARCHAR NOT NULL,      -- 'kes', 'pdd', ... as in kamus_indikator_<year>.json
    dimension   VARCHAR NOT NULL,      -- IKS | IKE | IKL
    name        VARCHAR NOT NULL,      -- 'Kesehatan', 'Perdagangan & jasa'
    short_name  VARCHAR NOT NULL,      -- for narrow chart labels
    position    INTEGER NOT NULL,      -- 1..12
    PRIMARY KEY (year, key),
    CHECK (dimension IN ('IKS', 'IKE', 'IKL'))
);

CREATE TABLE indicators (
    year           INTEGER NOT NULL,
    code           VARCHAR NOT NULL,   -- IKS01 .. IKS35, IKE01 .. IKE12, IKL01 .. IKL03
    column_name    VARCHAR NOT NULL,   -- 'IKS01_AKSES_SARKES', the column of the score files
    position       INTEGER NOT NULL,   -- 1..50
    dimension      VARCHAR NOT NULL,
    sub_dimension  VARCHAR NOT NULL,   -- indicator_sub_dimensions.key
    name           VARCHAR NOT NULL,   -- 'Akses sarana kesehatan'
    note           VARCHAR,            -- how the compiler repaired the source, if it did
    PRIMARY KEY (year, code),
    CHECK (dimension IN ('IKS', 'IKE', 'IKL'))
);

-- What each score of an indicator means and the reference activity that raises it.
CREATE TABLE indicator_levels (
    year      INTEGER NOT NULL,
    code      VARCHAR NOT NULL,
    score     INTEGER NOT NULL,
    meaning   VARCHAR,
    activity  VARCHAR,                 -- NULL where the dictionary names none (e.g. score 5)
    PRIMARY KEY (year, code, score),
    CHECK (score BETWEEN 0 AND 5)
);

-- Who acts on an indicator: a level and the offices at that level, as the dictionary's `pel` says.
CREATE TABLE indicator_actors (
    year      INTEGER NOT NULL,
    code      VARCHAR NOT NULL,
    position  INTEGER NOT NULL,        -- order within the indicator
    level     VARCHAR NOT NULL,        -- Pusat | Provinsi | Kabupaten | Desa | CSR | Lainnya
    offices   VARCHAR NOT NULL,        -- 'Dinkes, PU' as written
    PRIMARY KEY (year, code, position),
    CHECK (level IN ('Pusat', 'Provinsi', 'Kabupaten', 'Desa', 'CSR', 'Lainnya'))
);

-- Mean score of every indicator for Indonesia ('00'), each province and each regency, as the
-- dictionary publishes them (computed by the compiler over all villages with scores).
CREATE TABLE indicator_reference_means (
    year         INTEGER NOT NULL,
    region_code  VARCHAR NOT NULL,
    code         VARCHAR NOT NULL,
    mean_score   DOUBLE NOT NULL,
    villages     INTEGER,
    PRIMARY KEY (year, region_code, code)
);

-- One score 0..5 per village, indicator and year. Villages the ministry has not verified have no rows.
CREATE TABLE indicator_scores (
    village_code  VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    code          VARCHAR NOT NULL,
    score         INTEGER NOT NULL,
    source_file   VARCHAR NOT NULL,
    PRIMARY KEY (village_code, year, code),
    CHECK (score BETWEEN 0 AND 5)
);
