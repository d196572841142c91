-- The targets stated for an area (a province or a regency), every year and source file.
SELECT area_code, area_name, year, indicator, target, unit, published_realisation, document, source,
       source_file, source_row
FROM targets
WHERE area_code = $area
ORDER BY year, indicator, source_file
