-- The sub-regions of an area (provinces of Indonesia, regencies of a province, districts of a regency)
-- with their figures in each of $years: every region of the level, with or without village rows (a kota
-- of kelurahan only has none), one row per region and year it has figures for.
SELECT
    r.code,
    r.name,
    r.kind,
    s.year,
    s.villages,
    s.scored,
    s.idm,
    s.status,
    s.skor,
    s.scored_indeks_desa,
    {{ status_columns }}
FROM regions AS r
LEFT JOIN area_stats AS s ON s.area = r.code AND list_contains($years, s.year)
WHERE length(r.code) = $unit_length
  AND starts_with(r.code, $area)
ORDER BY r.code, s.year
