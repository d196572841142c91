-- Every area and year with village rows: villages listed and scored, mean IDM and dimensions (a
-- region's IDM is the plain mean of its villages', IDM.md) and villages per published status.
-- Areas are Kemendagri code prefixes (idm/codes.py): '' Indonesia, '6' the five Kalimantan
-- provinces, and every province, regency and district. Every figure of an area, a ranking of units
-- or a trend selects from here instead of aggregating village rows again.
-- Written as a table at the end of every write (idm.database.Writer.finish): the
-- database is read-only for the dashboard, so the aggregate is computed once per write.
CREATE OR REPLACE TABLE area_stats AS
WITH village_areas AS (
    SELECT
        unnest(
            ['', substr(village_code, 1, 2), substr(village_code, 1, 4), substr(village_code, 1, 6)]
            || CASE WHEN starts_with(village_code, '6') THEN ['6'] ELSE [] END
        )           AS area,
        year,
        idm,
        iks,
        ike,
        ikl,
        skor,
        {{ indeks_desa_columns }},
        status
    FROM village_scores
)

SELECT
    area,
    year,
    count(*)                                                AS villages,
    count(idm)                                              AS scored,
    avg(idm)                                                AS idm,
    status_idm(avg(idm))                                    AS status,
    avg(iks)                                                AS iks,
    avg(ike)                                                AS ike,
    avg(ikl)                                                AS ikl,
    avg(skor)                                               AS skor,
    count(skor)                                             AS scored_indeks_desa,
    {{ indeks_desa_averages }},
    -- villages per published status, one column each (idm.rules: mandiri ... sangat_tertinggal)
    {{ status_counts }}
FROM village_areas
GROUP BY area, year
ORDER BY area, year
