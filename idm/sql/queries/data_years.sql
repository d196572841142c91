-- Which years each province has, and whether from village rows or only from a published summary.
-- Indonesia's own published figures (area_code '') are listed under {{ national }}, which no
-- province's code can be.
SELECT area AS province_code, year, 'desa' AS source, villages
FROM area_stats
WHERE length(area) = 2
UNION ALL
SELECT
    CASE WHEN s.area_code = '' THEN {{ national }} ELSE s.area_code END AS province_code,
    s.year,
    'publikasi' AS source,
    s.villages
FROM published_summaries AS s
ANTI JOIN area_stats AS a ON a.area = s.area_code AND a.year = s.year
WHERE length(s.area_code) = 2 OR s.area_code = ''
ORDER BY province_code, year
