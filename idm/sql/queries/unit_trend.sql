-- The sub-regions of an area (provinces of Indonesia or of the Kalimantan group, regencies of a
-- province, districts of a regency, villages of a district) per year: mean IDM and dimensions. A
-- unit in a year without village rows gets its published figure (`source` = 'publikasi', dimensions
-- NULL; the IDM itself may be NULL where only counts were published, as in every Indeks Desa year).
WITH unit_years AS (
    SELECT area AS code, year, villages, scored, idm, iks, ike, ikl, skor, 'desa' AS source
    FROM area_stats
    WHERE length(area) = $unit_length
      AND starts_with(area, $area)

    UNION ALL

    -- the units of a district are its villages, which have no aggregate
    SELECT village_code, year, 1, CASE WHEN idm IS NULL THEN 0 ELSE 1 END, idm, iks, ike, ikl, skor, 'desa'
    FROM village_scores
    WHERE $unit_length = 10
      AND starts_with(village_code, $area)
),

published_years AS (
    SELECT
        area_code AS code, year, villages, villages - coalesce(no_score, 0) AS scored, idm,
        NULL::DOUBLE AS iks, NULL::DOUBLE AS ike, NULL::DOUBLE AS ikl, NULL::DOUBLE AS skor, 'publikasi' AS source
    FROM published_summaries
    WHERE length(area_code) = $unit_length
      AND starts_with(area_code, $area)
      AND (area_code, year) NOT IN (SELECT (code, year) FROM unit_years)
),

all_years AS (
    SELECT * FROM unit_years
    UNION ALL
    SELECT * FROM published_years
)

SELECT
    u.code,
    coalesce(r.name, u.code)    AS name,
    u.year,
    u.villages,
    u.scored,
    u.idm,
    status_idm(u.idm)           AS status,
    u.iks,
    u.ike,
    u.ikl,
    u.skor,
    u.source
FROM all_years AS u
LEFT JOIN regions AS r ON r.code = u.code
ORDER BY u.code, u.year
