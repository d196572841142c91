-- Headline figures of an area in a year from its village rows: villages listed and scored, mean IDM,
-- its status and the dimensions. One row; villages = 0 when the area has no village rows that year.
SELECT
    coalesce(s.villages, 0) AS villages,
    coalesce(s.scored, 0)   AS scored,
    s.idm,
    s.status,
    s.iks,
    s.ike,
    s.ikl
FROM (SELECT 1) AS one
LEFT JOIN area_stats AS s ON s.area = $area AND s.year = $year
