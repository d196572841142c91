-- What each score of each indicator means and the reference activity that raises it.
SELECT code, score, meaning, activity
FROM indicator_levels
WHERE year = $year
ORDER BY code, score DESC
