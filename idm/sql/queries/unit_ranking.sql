-- The sub-regions of an area (regencies of a province, districts of a regency, ...) with their mean
-- IDM and dimensions in $year and in $compare_year. Regions without desa (kota made only of
-- kelurahan) are listed with NULL IDM, never as zero.
SELECT
    r.code                          AS code,
    r.name                          AS name,
    r.kind                          AS kind,
    coalesce(cur.villages, 0)       AS villages,
    coalesce(cur.scored, 0)         AS scored,
    cur.idm                         AS idm,
    cur.status                      AS status,
    cur.iks                         AS iks,
    cur.ike                         AS ike,
    cur.ikl                         AS ikl,
    coalesce(cur.mandiri, 0)        AS mandiri,
    cur.skor                        AS skor,
    coalesce(cur.scored_indeks_desa, 0) AS scored_indeks_desa,
    prev.idm                        AS idm_compare,
    prev.status                     AS status_compare,
    cur.idm - prev.idm              AS change
FROM regions AS r
LEFT JOIN area_stats AS cur  ON cur.area = r.code AND cur.year = $year
LEFT JOIN area_stats AS prev ON prev.area = r.code AND prev.year = $compare_year
WHERE length(r.code) = $unit_length
  AND starts_with(r.code, $area)
ORDER BY cur.idm DESC NULLS LAST, r.name
