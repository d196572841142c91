-- Every region code of a level (the villages an import may update without the gazetteer knowing them).
SELECT code FROM regions WHERE level = $level ORDER BY code
