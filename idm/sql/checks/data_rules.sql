-- Data rules checked at the end of every write (idm.database.Writer.finish) (dbt-style: unique, not null,
-- accepted values, relationships). One row per rule: name, failing rows, one example.
WITH rules AS (
    SELECT 'village_scores.idm dalam [0, 1]' AS rule, count(*) AS failures, any_value(village_code) AS example
    FROM village_scores WHERE idm < 0 OR idm > 1 OR iks < 0 OR iks > 1 OR ike < 0 OR ike > 1 OR ikl < 0 OR ikl > 1
    UNION ALL
    SELECT 'village_scores.status bernilai status IDM', count(*), any_value(village_code || ' ' || status)
    FROM village_scores WHERE status IS NOT NULL AND status_rank(status) IS NULL
    UNION ALL
    -- IDM years: a status exactly where there is a value. Indeks Desa years: the status as published, a
    -- score only where one was published; IDM values never.
    SELECT 'village_scores.status ada bila idm ada (tahun IDM)', count(*), any_value(village_code)
    FROM village_scores WHERE year < {{ first_indeks_desa_year }} AND (idm IS NULL) <> (status IS NULL)
    UNION ALL
    SELECT 'village_scores: tahun Indeks Desa tanpa nilai IDM, tahun IDM tanpa skor Indeks Desa', count(*),
           any_value(village_code || ' ' || year)
    FROM village_scores
    WHERE (year >= {{ first_indeks_desa_year }} AND (idm IS NOT NULL OR iks IS NOT NULL))
       OR (year < {{ first_indeks_desa_year }} AND skor IS NOT NULL)
    UNION ALL
    SELECT 'village_scores.skor dalam [0, 100]', count(*), any_value(village_code || ' ' || year)
    FROM village_scores WHERE skor < 0 OR skor > 100
    UNION ALL
    SELECT 'village_scores.village_code 10 digit', count(*), any_value(village_code)
    FROM village_scores WHERE NOT regexp_full_match(village_code, '[0-9]{10}')
    UNION ALL
    SELECT 'village_scores.village_code ada di regions', count(*), any_value(v.village_code)
    FROM village_scores v ANTI JOIN regions r ON r.code = v.village_code AND r.level = 'desa'
    UNION ALL
    SELECT 'regions.parent ada di regions', count(*), any_value(c.code)
    FROM regions c ANTI JOIN regions p ON p.code = c.parent
    WHERE c.parent IS NOT NULL
    UNION ALL
    SELECT 'regions.level sesuai panjang kode', count(*), any_value(code)
    FROM regions
    WHERE length(code) <> CASE level WHEN 'provinsi' THEN 2 WHEN 'kabupaten' THEN 4 WHEN 'kecamatan' THEN 6 ELSE 10 END
    UNION ALL
    SELECT 'published_summaries: jumlah per status tidak melebihi jumlah desa', count(*),
           any_value(area_code || ' ' || year)
    FROM published_summaries
    WHERE {{ status_sum }} > villages
    UNION ALL
    SELECT 'welfare.region_code ada di regions', count(*), any_value(region_code)
    FROM welfare w ANTI JOIN regions r ON r.code = w.region_code
    WHERE w.region_code <> {{ national }} AND EXISTS (SELECT 1 FROM regions)
    UNION ALL
    SELECT 'welfare.indicator bernilai indikator BPS', count(*), any_value(region_code || ' ' || indicator)
    FROM welfare WHERE NOT list_contains({{ welfare_indicators }}, indicator)
)
SELECT rule, failures, example FROM rules ORDER BY rule
