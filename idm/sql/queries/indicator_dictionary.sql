-- The indicators of a year's dictionary with their sub-dimension, in the ministry's order.
SELECT
    i.code,
    i.position,
    i.dimension,
    i.sub_dimension,
    s.name        AS sub_dimension_name,
    s.short_name  AS sub_dimension_short,
    s.position    AS sub_position,
    i.name,
    i.column_name,
    i.note
FROM indicators AS i
JOIN indicator_sub_dimensions AS s ON s.year = i.year AND s.key = i.sub_dimension
WHERE i.year = $year
ORDER BY i.position
