-- Provinces ranked by the mean IDM of their villages (four decimals, as published) in the years in
-- which every province with village rows in any year has them: a national rank needs the whole
-- country, not the few provinces of a regional file.
WITH provinces AS (
    SELECT DISTINCT area FROM area_stats WHERE length(area) = 2
),

national_years AS (
    SELECT year FROM area_stats WHERE length(area) = 2
    GROUP BY year
    HAVING count(*) = (SELECT count(*) FROM provinces)
)

SELECT
    s.area                                                          AS province_code,
    s.year,
    s.idm,
    rank() OVER (PARTITION BY s.year ORDER BY round(s.idm, 4) DESC)  AS rank,
    count(*) OVER (PARTITION BY s.year)                             AS ranked
FROM area_stats AS s
JOIN national_years USING (year)
WHERE length(s.area) = 2
  AND s.idm IS NOT NULL
ORDER BY s.year, rank
