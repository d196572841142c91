-- A province's figures for a year as published in official briefings.
SELECT *
FROM province_summaries
WHERE province_code = $province
  AND year = $year
