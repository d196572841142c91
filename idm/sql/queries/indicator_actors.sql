-- Who acts on each indicator: level and offices, in the dictionary's order.
SELECT code, position, level, offices
FROM indicator_actors
WHERE year = $year
ORDER BY code, position
