-- An area's figures for a year as published in official briefings or decrees (Indonesia is area '').
SELECT *
FROM published_summaries
WHERE area_code = $area
  AND year = $year
