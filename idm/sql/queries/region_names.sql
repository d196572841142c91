-- Code and name of every region of a level.
SELECT code, name, kind FROM regions WHERE level = $level ORDER BY code
