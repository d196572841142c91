-- The sub-regions of an area (provinces of the Kalimantan group, regencies of a province, districts
-- of a regency, villages of a district) per year: mean IDM and dimensions from the village rows.
-- A province in a year without village rows gets its published figure (`source` = 'publikasi',
-- dimensions NULL): only provinces have those, so only the Kalimantan group shows them here.
WITH village_years AS (
    SELECT
        substr(village_code, 1, $unit_length)   AS code,
        year,
        count(*)                                AS villages,
        count(idm)                              AS scored,
        avg(idm)                                AS idm,
        avg(iks)                                AS iks,
        avg(ike)                                AS ike,
        avg(ikl)                                AS ikl
    FROM village_scores
    WHERE starts_with(village_code, $area)
    GROUP BY ALL
),

published_years AS (
    SELECT
        province_code AS code, year, villages, villages - coalesce(no_score, 0) AS scored, idm,
        NULL::DOUBLE AS iks, NULL::DOUBLE AS ike, NULL::DOUBLE AS ikl
    FROM province_summaries
    WHERE $unit_length = 2
      AND starts_with(province_code, $area)
      AND (province_code, year) NOT IN (SELECT (code, year) FROM village_years)
),

unit_years AS (
    SELECT *, 'desa' AS source FROM village_years
    UNION ALL
    SELECT *, 'publikasi' AS source FROM published_years
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
    u.source
FROM unit_years AS u
LEFT JOIN regions AS r ON r.code = u.code
ORDER BY u.code, u.year
