-- Per indicator, in an area and year: villages scored, mean score and villages per score 0..5.
SELECT
    code,
    count(*)                               AS villages,
    avg(score)                             AS mean_score,
    count(*) FILTER (WHERE score = 0)      AS n0,
    count(*) FILTER (WHERE score = 1)      AS n1,
    count(*) FILTER (WHERE score = 2)      AS n2,
    count(*) FILTER (WHERE score = 3)      AS n3,
    count(*) FILTER (WHERE score = 4)      AS n4,
    count(*) FILTER (WHERE score = 5)      AS n5
FROM indicator_scores
WHERE year = $year
  AND starts_with(village_code, $area)
GROUP BY code
ORDER BY code
