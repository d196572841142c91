-- Provinces in one year as the Kelola data page compares them before and after an import: IDM, its
-- status and the villages per published status (from area_stats, what every page shows).
SELECT
    s.area                          AS code,
    coalesce(r.name, s.area)        AS name,
    s.year,
    s.villages,
    s.idm,
    s.status,
    {{ status_columns }}
FROM area_stats AS s
LEFT JOIN regions AS r ON r.code = s.area
WHERE list_contains($provinces, s.area) AND s.year = $year
ORDER BY s.area
