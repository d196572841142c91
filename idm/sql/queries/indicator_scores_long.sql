-- Every indicator score of the villages of an area in a year: one row per village and indicator.
SELECT village_code, code, score
FROM indicator_scores
WHERE year = $year
  AND starts_with(village_code, $area)
ORDER BY village_code, code
