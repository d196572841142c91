-- The village rows of $year in the provinces $provinces, with what an import compares.
SELECT village_code, name, iks, ike, ikl, idm, skor, {{ indeks_desa_columns }}, status, provenance, flags
FROM village_scores
WHERE year = $year
  AND list_contains($provinces, substr(village_code, 1, 2))
ORDER BY village_code
