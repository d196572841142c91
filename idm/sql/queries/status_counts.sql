-- Villages per status (as published), and sub-regions per status (their mean IDM classified), of an
-- area in a year. $unit_length: code length of the sub-regions (2 provinces, 4 regencies, 6 districts).
WITH villages AS (
    SELECT
        unnest({{ status_codes }})        AS status,
        unnest([{{ status_columns }}])   AS n
    FROM area_stats
    WHERE area = $area
      AND year = $year
)

SELECT 'desa' AS unit, status, n
FROM villages
WHERE n > 0

UNION ALL

SELECT 'wilayah' AS unit, status, count(*) AS n
FROM area_stats
WHERE year = $year
  AND length(area) = $unit_length
  AND starts_with(area, $area)
  AND scored > 0
GROUP BY status
