-- IDM of an area per year, from the village rows where the year has them, else from the province
-- figures published in briefings (only a whole province has those). `source` says which.
WITH village_years AS (
    SELECT
        year,
        count(*)                                                AS villages,
        count(idm)                                              AS scored,
        avg(idm)                                                AS idm,
        avg(iks)                                                AS iks,
        avg(ike)                                                AS ike,
        avg(ikl)                                                AS ikl,
        count(*) FILTER (WHERE status = 'MANDIRI')              AS mandiri,
        count(*) FILTER (WHERE status = 'MAJU')                 AS maju,
        count(*) FILTER (WHERE status = 'BERKEMBANG')           AS berkembang,
        count(*) FILTER (WHERE status = 'TERTINGGAL')           AS tertinggal,
        count(*) FILTER (WHERE status = 'SANGAT TERTINGGAL')    AS sangat_tertinggal
    FROM village_scores
    WHERE starts_with(village_code, $area)
    GROUP BY year
),

published_years AS (
    SELECT
        year, villages, villages - coalesce(no_score, 0) AS scored, idm,
        NULL::DOUBLE AS iks, NULL::DOUBLE AS ike, NULL::DOUBLE AS ikl,
        mandiri, maju, berkembang, tertinggal, sangat_tertinggal
    FROM province_summaries
    WHERE province_code = $area
      AND year NOT IN (SELECT year FROM village_years)
)

SELECT *, status_idm(idm) AS status, 'desa' AS source FROM village_years
UNION ALL
SELECT *, status_idm(idm) AS status, 'publikasi' AS source FROM published_years
ORDER BY year
