-- IDM of an area per year, from the village rows where the year has them, else from the province
-- figures published in briefings (only a whole province has those). `source` says which. A published
-- year may lack the IDM value itself (Kalimantan Timur 2021, 2022 published counts only): idm NULL.
WITH village_years AS (
    SELECT
        year, villages, scored, idm, iks, ike, ikl,
        {{ status_columns }}
    FROM area_stats
    WHERE area = $area
),

published_years AS (
    SELECT
        year, villages, villages - coalesce(no_score, 0) AS scored, idm,
        NULL::DOUBLE AS iks, NULL::DOUBLE AS ike, NULL::DOUBLE AS ikl,
        {{ status_columns }}
    FROM province_summaries
    WHERE province_code = $area
      AND year NOT IN (SELECT year FROM village_years)
)

SELECT *, status_idm(idm) AS status, 'desa' AS source FROM village_years
UNION ALL
SELECT *, status_idm(idm) AS status, 'publikasi' AS source FROM published_years
ORDER BY year
