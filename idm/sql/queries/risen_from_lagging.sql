-- Villages of an area that were Tertinggal or Sangat Tertinggal in $from_year and at least Berkembang
-- in $to_year (published statuses), with whether both years have village rows in the area at all:
-- the realisation of a `desa_naik_dari_tertinggal` target.
WITH earlier AS (
    SELECT village_code, status FROM village_scores
    WHERE year = $from_year AND starts_with(village_code, $area)
),

later AS (
    SELECT village_code, status FROM village_scores
    WHERE year = $to_year AND starts_with(village_code, $area)
)

SELECT
    (SELECT count(*) FROM earlier) > 0 AND (SELECT count(*) FROM later) > 0     AS both_years,
    count(*) FILTER (WHERE status_rank(e.status) <= 2 AND status_rank(l.status) >= 3) AS risen
FROM earlier AS e
JOIN later AS l USING (village_code)
