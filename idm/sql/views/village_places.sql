-- Every village with the regions it lies in, named: what every list of villages shows beside a name.
CREATE VIEW village_places AS
SELECT
    v.code  AS village_code,
    v.name  AS village_name,
    d.code  AS district_code,
    d.name  AS district_name,
    k.code  AS regency_code,
    k.name  AS regency_name,
    p.code  AS province_code,
    p.name  AS province_name
FROM regions AS v
LEFT JOIN regions AS d ON d.code = substr(v.code, 1, 6)
LEFT JOIN regions AS k ON k.code = substr(v.code, 1, 4)
LEFT JOIN regions AS p ON p.code = substr(v.code, 1, 2)
WHERE v.level = 'desa';
