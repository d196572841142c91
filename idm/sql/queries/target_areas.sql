-- The areas under $area (itself included) that have targets, with how many: what the Target page
-- can point to.
SELECT t.area_code, coalesce(r.name, any_value(t.area_name)) AS name, count(*) AS targets,
       min(t.year) AS first_year, max(t.year) AS last_year
FROM targets AS t
LEFT JOIN regions AS r ON r.code = t.area_code
WHERE starts_with(t.area_code, $area)
GROUP BY t.area_code, r.name
ORDER BY t.area_code
