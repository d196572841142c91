-- The villages of an area that have indicator scores in a year, with their published IDM and the
-- district and regency they lie in.
WITH scored AS (
    SELECT DISTINCT village_code
    FROM indicator_scores
    WHERE year = $year
      AND starts_with(village_code, $area)
)

SELECT
    v.village_code,
    coalesce(r.name, v.name)   AS name,
    d.code                     AS district_code,
    d.name                     AS district_name,
    k.code                     AS regency_code,
    k.name                     AS regency_name,
    v.iks,
    v.ike,
    v.ikl,
    v.idm,
    v.status
FROM scored AS s
JOIN village_scores AS v ON v.village_code = s.village_code AND v.year = $year
LEFT JOIN regions AS r ON r.code = v.village_code
LEFT JOIN regions AS d ON d.code = substr(v.village_code, 1, 6)
LEFT JOIN regions AS k ON k.code = substr(v.village_code, 1, 4)
ORDER BY v.village_code
