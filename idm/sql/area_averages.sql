-- Mean IDM and dimensions of the district, regency and province a village lies in, in one year
-- (plain means of their villages' values, as every region figure of the dashboard).
WITH levels AS (
    SELECT * FROM (VALUES ('kecamatan', 6), ('kabupaten', 4), ('provinsi', 2)) AS t(level, code_length)
)
SELECT
    l.level,
    r.code,
    r.name,
    count(v.idm)            AS scored,
    avg(v.idm)              AS idm,
    status_idm(avg(v.idm))  AS status,
    avg(v.iks)              AS iks,
    avg(v.ike)              AS ike,
    avg(v.ikl)              AS ikl
FROM levels AS l
JOIN regions AS r ON r.code = substr($village, 1, l.code_length)
LEFT JOIN village_scores AS v ON v.year = $year AND starts_with(v.village_code, r.code)
GROUP BY l.level, l.code_length, r.code, r.name
ORDER BY l.code_length DESC
