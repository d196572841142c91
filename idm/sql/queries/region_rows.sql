-- The regions among $codes that the database has: code, name, level.
SELECT code, name, level
FROM regions
WHERE list_contains($codes, code)
ORDER BY code
