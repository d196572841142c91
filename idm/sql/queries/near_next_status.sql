-- Scored villages of an area in a year that are not Mandiri yet (by their IDM), with their district
-- and regency: the candidates of the "hampir naik status" list. The gap itself is computed in
-- idm.villages from idm.rules, where the thresholds live.
SELECT
    v.village_code,
    coalesce(pl.village_name, v.name) AS name,
    pl.district_name,
    substr(v.village_code, 1, 4)    AS regency_code,
    pl.regency_name,
    v.iks,
    v.ike,
    v.ikl,
    v.idm,
    v.status
FROM village_scores AS v
LEFT JOIN village_places AS pl ON pl.village_code = v.village_code
WHERE v.year = $year
  AND starts_with(v.village_code, $area)
  AND v.idm IS NOT NULL
  AND status_idm(v.idm) <> 'MANDIRI'
ORDER BY v.village_code
