-- Per village and year: the indicator score sums of each dimension beside the published IKS, IKE,
-- IKL (NULL where the village has no IDM row that year). For the recomputation check of the build.
WITH sums AS (
    SELECT
        s.village_code,
        s.year,
        any_value(s.source_file)                                       AS source_file,
        count(*)                                                       AS indicators,
        sum(s.score) FILTER (WHERE starts_with(s.code, 'IKS'))        AS iks_sum,
        sum(s.score) FILTER (WHERE starts_with(s.code, 'IKE'))        AS ike_sum,
        sum(s.score) FILTER (WHERE starts_with(s.code, 'IKL'))        AS ikl_sum
    FROM indicator_scores AS s
    GROUP BY s.village_code, s.year
)

SELECT
    sums.*,
    v.village_code IS NOT NULL AS has_village_row,
    v.iks,
    v.ike,
    v.ikl
FROM sums
LEFT JOIN village_scores AS v ON v.village_code = sums.village_code AND v.year = sums.year
ORDER BY sums.village_code, sums.year
