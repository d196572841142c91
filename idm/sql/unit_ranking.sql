-- The sub-regions of an area (regencies of a province, districts of a regency, ...) with their mean
-- IDM and dimensions in $year and in $compare_year. Regions without desa (kota made only of
-- kelurahan) are listed with NULL IDM, never as zero.
WITH scores AS (
    SELECT substr(village_code, 1, $unit_length) AS unit_code, year, idm, iks, ike, ikl, status
    FROM village_scores
    WHERE starts_with(village_code, $area)
      AND year IN ($year, $compare_year)
),

per_unit AS (
    SELECT
        unit_code,
        year,
        count(*)                                     AS villages,
        count(idm)                                   AS scored,
        avg(idm)                                     AS idm,
        avg(iks)                                     AS iks,
        avg(ike)                                     AS ike,
        avg(ikl)                                     AS ikl,
        count(*) FILTER (WHERE status = 'MANDIRI')   AS mandiri
    FROM scores
    GROUP BY unit_code, year
)

SELECT
    r.code                          AS code,
    r.name                          AS name,
    r.kind                          AS kind,
    coalesce(cur.villages, 0)       AS villages,
    coalesce(cur.scored, 0)         AS scored,
    cur.idm                         AS idm,
    status_idm(cur.idm)             AS status,
    cur.iks                         AS iks,
    cur.ike                         AS ike,
    cur.ikl                         AS ikl,
    coalesce(cur.mandiri, 0)        AS mandiri,
    prev.idm                        AS idm_compare,
    status_idm(prev.idm)            AS status_compare,
    cur.idm - prev.idm              AS change
FROM regions AS r
LEFT JOIN per_unit AS cur  ON cur.unit_code = r.code AND cur.year = $year
LEFT JOIN per_unit AS prev ON prev.unit_code = r.code AND prev.year = $compare_year
WHERE length(r.code) = $unit_length
  AND starts_with(r.code, $area)
ORDER BY cur.idm DESC NULLS LAST, r.name
