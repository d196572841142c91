-- The villages of an area listed in $year, for the village map: IDM (or the Indeks Desa score), status and change since
-- $compare_year, the district's name, and whether a boundary polygon exists to draw the village.
SELECT
    v.village_code                          AS code,
    coalesce(pl.village_name, v.name)       AS name,
    coalesce(pl.district_name, '')          AS district,
    v.idm,
    v.status,
    v.iks,
    v.ike,
    v.ikl,
    v.skor,
    prev.idm                                AS idm_compare,
    v.idm - prev.idm                        AS change,
    b.code IS NOT NULL                      AS has_polygon
FROM village_scores AS v
LEFT JOIN village_scores AS prev
       ON prev.village_code = v.village_code AND prev.year = $compare_year
LEFT JOIN village_places AS pl ON pl.village_code = v.village_code
LEFT JOIN boundaries AS b ON b.level = 'desa' AND b.code = v.village_code
WHERE starts_with(v.village_code, $area)
  AND v.year = $year
ORDER BY v.village_code
