-- Simplified boundaries of one level inside an area (code prefix), GeoJSON geometry text.
SELECT code, name, geometry, lon, lat
FROM boundaries
WHERE level = $level
  AND starts_with(code, $area)
ORDER BY code
