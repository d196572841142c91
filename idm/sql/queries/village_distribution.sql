-- How the village IDM of an area is spread in each year with village rows: the five numbers of a
-- box plot (whiskers at the extremes), the mean, and how many villages have a score.
SELECT
    year,
    count(*)                        AS villages,
    count(idm)                      AS scored,
    min(idm)                        AS minimum,
    quantile_cont(idm, 0.25)        AS q1,
    median(idm)                     AS median,
    quantile_cont(idm, 0.75)        AS q3,
    max(idm)                        AS maximum,
    avg(idm)                        AS mean
FROM village_scores
WHERE starts_with(village_code, $area)
GROUP BY year
HAVING count(idm) > 0
ORDER BY year
