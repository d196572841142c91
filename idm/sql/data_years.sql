-- Which years each province has, and whether from village rows or only from a published summary.
SELECT substr(village_code, 1, 2) AS province_code, year, 'desa' AS source, count(*) AS villages
FROM village_scores
GROUP BY ALL
UNION ALL
SELECT s.province_code, s.year, 'publikasi' AS source, s.villages
FROM province_summaries AS s
WHERE NOT EXISTS (
    SELECT 1 FROM village_scores AS v
    WHERE v.year = s.year AND starts_with(v.village_code, s.province_code)
)
ORDER BY province_code, year
