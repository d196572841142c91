-- The provinces of an area that have indicator scores in a year: a group's indicator figures stand
-- for the group only when every province with village rows has them.
SELECT DISTINCT substr(village_code, 1, 2) AS province_code
FROM indicator_scores
WHERE year = $year
  AND starts_with(village_code, $area)
ORDER BY province_code
