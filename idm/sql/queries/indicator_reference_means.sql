-- Mean score per indicator of a region as the dictionary publishes it ('00' = Indonesia).
SELECT code, mean_score, villages
FROM indicator_reference_means
WHERE year = $year
  AND region_code = $region
ORDER BY code
