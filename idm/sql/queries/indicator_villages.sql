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
    coalesce(pl.village_name, v.name) AS name,
    pl.district_code,
    pl.district_name,
    pl.regency_code,
    pl.regency_name,
    v.iks,
    v.ike,
    v.ikl,
    v.idm,
    v.status
FROM scored AS s
JOIN village_scores AS v ON v.village_code = s.village_code AND v.year = $year
LEFT JOIN village_places AS pl ON pl.village_code = v.village_code
ORDER BY v.village_code
