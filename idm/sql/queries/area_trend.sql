-- IDM of an area per year, from the village rows where the year has them, else from the figures
-- published for the area (Indonesia, a province, a regency). `source` says which. A published year may
-- lack the IDM value itself (Kalimantan Timur 2021, 2022 published counts only; every Indeks Desa year
-- from 2025): idm NULL, the villages per status still there. skor: the mean Indeks Desa score; citation:
-- where a published year's figures were published (NULL for a year computed from village rows).
WITH village_years AS (
    SELECT
        year, villages, scored, idm, iks, ike, ikl, skor,
        {{ status_columns }},
        NULL::VARCHAR AS citation
    FROM area_stats
    WHERE area = $area
),

published_years AS (
    SELECT
        year, villages, villages - coalesce(no_score, 0) AS scored, idm,
        NULL::DOUBLE AS iks, NULL::DOUBLE AS ike, NULL::DOUBLE AS ikl, NULL::DOUBLE AS skor,
        {{ status_columns }},
        source AS citation
    FROM published_summaries
    WHERE area_code = $area
      AND year NOT IN (SELECT year FROM village_years)
)

SELECT *, status_idm(idm) AS status, 'desa' AS source FROM village_years
UNION ALL
SELECT *, status_idm(idm) AS status, 'publikasi' AS source FROM published_years
ORDER BY year
