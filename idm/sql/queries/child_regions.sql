-- Regions one level below $parent that have desa in some year: the choices of a filter.
SELECT r.code, r.name, r.kind
FROM regions AS r
WHERE r.parent = $parent
  AND EXISTS (SELECT 1 FROM area_stats AS s WHERE s.area = r.code)
ORDER BY r.name
