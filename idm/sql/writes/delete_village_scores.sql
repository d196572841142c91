-- An IDM import replaces the rows of the villages it writes (added or updated) and, when it replaces a
-- whole province-year, removes the villages the file no longer lists: both given in $villages.
DELETE FROM village_scores
WHERE year = $year
  AND list_contains($villages, village_code)
