-- Names the boundary files give the regions among $codes: code, level, name (an import names a region
-- the gazetteer does not know from these).
SELECT code, level, name
FROM boundaries
WHERE list_contains($codes, code)
ORDER BY code
