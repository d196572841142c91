-- Every published row of one village (one per year): IDM and its dimensions up to 2024, the Indeks
-- Desa score and its six dimensions from 2025, with the names of its district, regency and province. Empty when the code is not in village_scores.
SELECT
    v.village_code,
    v.year,
    coalesce(pl.village_name, v.name) AS name,
    v.name                      AS published_name,
    v.iks,
    v.ike,
    v.ikl,
    v.idm,
    v.skor,
    {{ indeks_desa_columns }},
    v.status,
    v.provenance,
    v.flags,
    v.source_file,
    v.source_row,
    pl.district_code,
    pl.district_name,
    pl.regency_code,
    pl.regency_name,
    pl.province_code,
    pl.province_name
FROM village_scores AS v
LEFT JOIN village_places AS pl ON pl.village_code = v.village_code
WHERE v.village_code = $village
ORDER BY v.year
