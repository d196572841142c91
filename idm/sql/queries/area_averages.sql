-- Mean IDM and dimensions (or, from 2025, the mean Indeks Desa score and its six dimensions) of the
-- district, regency and province a village lies in, in one year
-- (plain means of their villages' values, as every region figure of the dashboard).
WITH levels AS (
    SELECT * FROM (VALUES ('kecamatan', 6), ('kabupaten', 4), ('provinsi', 2)) AS t(level, code_length)
)
SELECT
    l.level,
    r.code,
    r.name,
    coalesce(s.scored, 0)   AS scored,
    s.idm,
    s.status,
    s.iks,
    s.ike,
    s.ikl,
    coalesce(s.scored_indeks_desa, 0) AS scored_indeks_desa,
    s.skor,
    {{ indeks_desa_columns }}
FROM levels AS l
JOIN regions AS r ON r.code = substr($village, 1, l.code_length)
LEFT JOIN area_stats AS s ON s.area = r.code AND s.year = $year
ORDER BY l.code_length DESC
