-- Headline figures of an area in a year from its village rows: villages listed and scored, mean IDM,
-- its status and the dimensions; in an Indeks Desa year the mean score and the villages that have one.
-- One row; villages = 0 when the area has no village rows that year.
SELECT
    coalesce(s.villages, 0) AS villages,
    coalesce(s.scored, 0)   AS scored,
    s.idm,
    s.status,
    s.iks,
    s.ike,
    s.ikl,
    s.skor,
    coalesce(s.scored_indeks_desa, 0) AS scored_indeks_desa
FROM (SELECT 1) AS one
LEFT JOIN area_stats AS s ON s.area = $area AND s.year = $year
