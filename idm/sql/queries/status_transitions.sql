-- One row per village listed in $from_year or $to_year inside $area, with its IDM (or Indeks Desa
-- score, from 2025) and published status in both years: the raw material of the transition matrix. A village listed in only one of
-- the two years (new, renamed, merged) keeps a row with NULLs on the other side, never dropped;
-- `listed_from` / `listed_to` tell "not listed" apart from "listed without a score" (idm NULL).
WITH earlier AS (
    SELECT village_code, name, idm, skor, status
    FROM village_scores
    WHERE year = $from_year
      AND starts_with(village_code, $area)
),

later AS (
    SELECT village_code, name, idm, skor, status
    FROM village_scores
    WHERE year = $to_year
      AND starts_with(village_code, $area)
),

paired AS (
    SELECT
        coalesce(l.village_code, e.village_code)    AS village_code,
        coalesce(l.name, e.name)                    AS name,
        e.village_code IS NOT NULL                  AS listed_from,
        e.idm                                       AS idm_from,
        e.skor                                      AS skor_from,
        e.status                                    AS status_from,
        l.village_code IS NOT NULL                  AS listed_to,
        l.idm                                       AS idm_to,
        l.skor                                      AS skor_to,
        l.status                                    AS status_to
    FROM earlier AS e
    FULL OUTER JOIN later AS l ON l.village_code = e.village_code
)

SELECT
    p.village_code,
    p.name,
    substr(p.village_code, 1, 6)    AS district_code,
    pl.district_name                AS district,
    substr(p.village_code, 1, 4)    AS regency_code,
    pl.regency_name                 AS regency,
    substr(p.village_code, 1, 2)    AS province_code,
    pl.province_name                AS province,
    p.listed_from,
    p.idm_from,
    p.skor_from,
    p.status_from,
    p.listed_to,
    p.idm_to,
    p.skor_to,
    p.status_to
FROM paired AS p
LEFT JOIN village_places AS pl ON pl.village_code = p.village_code
ORDER BY p.village_code
