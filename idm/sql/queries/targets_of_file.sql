-- The target rows an import of a file named $file_name wrote.
SELECT area_code, area_name, year, indicator, target, unit, published_realisation, document, source,
       source_file, source_row
FROM targets
WHERE source_file = $file_name
ORDER BY area_code, year, indicator
