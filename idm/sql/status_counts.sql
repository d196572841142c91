-- Villages per status, and sub-regions per status (their mean IDM classified), in an area and year.
-- $area: code prefix ('' Indonesia, '63' province, '6301' regency); $unit_length: code length of the
-- sub-regions (2 provinces, 4 regencies, 6 districts).
WITH villages AS (
    SELECT village_code, idm, status
    FROM village_scores
    WHERE year = $year
      AND starts_with(village_code, $area)
),

units AS (
    SELECT status_idm(avg(idm)) AS status
    FROM villages
    GROUP BY substr(village_code, 1, $unit_length)
    HAVING count(idm) > 0
)

SELECT 'desa' AS unit, status, count(*) AS n
FROM villages
WHERE status IS NOT NULL
GROUP BY status

UNION ALL

SELECT 'wilayah' AS unit, status, count(*) AS n
FROM units
GROUP BY status
