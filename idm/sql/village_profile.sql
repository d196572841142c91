-- Every published row of one village (one per year), with the names of its district, regency and
-- province. Empty when the code is not in village_scores.
SELECT
    v.village_code,
    v.year,
    coalesce(r.name, v.name)    AS name,
    v.name                      AS published_name,
    v.iks,
    v.ike,
    v.ikl,
    v.idm,
    v.status,
    v.provenance,
    v.flags,
    v.source_file,
    v.source_row,
    d.code                      AS district_code,
    d.name                      AS district_name,
    k.code                      AS regency_code,
    k.name                      AS regency_name,
    p.code                      AS province_code,
    p.name                      AS province_name
FROM village_scores AS v
LEFT JOIN regions AS r ON r.code = v.village_code
LEFT JOIN regions AS d ON d.code = substr(v.village_code, 1, 6)
LEFT JOIN regions AS k ON k.code = substr(v.village_code, 1, 4)
LEFT JOIN regions AS p ON p.code = substr(v.village_code, 1, 2)
WHERE v.village_code = $village
ORDER BY v.year
