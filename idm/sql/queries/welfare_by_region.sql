-- A province and its regencies/cities, one row per region and year: mean IDM of the desa (NULL for a
-- kota made only of kelurahan, and for years without village rows) next to every BPS indicator, one
-- column each (the keys of idm.importers.bps.INDICATORS; NULL where the table has no value).
-- For the province itself, a year without village rows takes the published province IDM
-- (idm_source 'publikasi'); regencies have no IDM in such a year.
WITH units AS (
    SELECT code, name, kind, level
    FROM regions
    WHERE code = $province
       OR (parent = $province AND level = 'kabupaten')
),

years AS (
    SELECT DISTINCT year FROM welfare WHERE starts_with(region_code, $province)
    UNION
    SELECT DISTINCT year FROM area_stats WHERE area = $province
    UNION
    SELECT year FROM published_summaries WHERE area_code = $province
),

village_means AS (
    SELECT area AS code, year, villages, scored, idm
    FROM area_stats
    WHERE area = $province OR (length(area) = 4 AND starts_with(area, $province))
),

indicators AS (
    SELECT
        region_code,
        year,
        any_value(value) FILTER (WHERE indicator = 'p0')           AS p0,
        any_value(value) FILTER (WHERE indicator = 'p1')           AS p1,
        any_value(value) FILTER (WHERE indicator = 'p2')           AS p2,
        any_value(value) FILTER (WHERE indicator = 'ipm')          AS ipm,
        any_value(value) FILTER (WHERE indicator = 'gini')         AS gini,
        any_value(value) FILTER (WHERE indicator = 'tpt')          AS tpt,
        any_value(value) FILTER (WHERE indicator = 'pdrb_kapita')  AS pdrb_kapita
    FROM welfare
    WHERE starts_with(region_code, $province)
    GROUP BY region_code, year
)

SELECT
    u.code,
    u.name,
    u.kind,
    u.level,
    y.year,
    coalesce(m.villages, 0)                                     AS villages,
    coalesce(m.idm, s.idm)                                      AS idm,
    status_idm(coalesce(m.idm, s.idm))                          AS status,
    CASE WHEN m.idm IS NOT NULL THEN 'desa'
         WHEN s.idm IS NOT NULL THEN 'publikasi' END            AS idm_source,
    w.p0,
    w.p1,
    w.p2,
    w.ipm,
    w.gini,
    w.tpt,
    w.pdrb_kapita
FROM units AS u
CROSS JOIN years AS y
LEFT JOIN village_means AS m ON m.code = u.code AND m.year = y.year
LEFT JOIN published_summaries AS s ON u.code = $province AND s.area_code = u.code AND s.year = y.year
LEFT JOIN indicators AS w ON w.region_code = u.code AND w.year = y.year
ORDER BY u.level DESC, u.code, y.year
