-- Which years each province has, and whether from village rows or only from a published summary.
SELECT area AS province_code, year, 'desa' AS source, villages
FROM area_stats
WHERE length(area) = 2
UNION ALL
SELECT s.province_code, s.year, 'publikasi' AS source, s.villages
FROM province_summaries AS s
ANTI JOIN area_stats AS a ON a.area = s.province_code AND a.year = s.year
ORDER BY province_code, year
