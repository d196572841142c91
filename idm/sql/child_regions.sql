-- Regions one level below $parent that have desa in some year: the choices of a filter.
SELECT r.code, r.name, r.kind
FROM regions AS r
WHERE r.parent = $parent
  AND EXISTS (
      SELECT 1 FROM village_scores AS v WHERE starts_with(v.village_code, r.code)
  )
ORDER BY r.name
