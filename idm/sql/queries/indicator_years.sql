-- Years with indicator scores in an area, and how many villages have them.
SELECT year, count(DISTINCT village_code) AS villages
FROM indicator_scores
WHERE starts_with(village_code, $area)
GROUP BY year
ORDER BY year
