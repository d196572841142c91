-- What the import checks said about the source rows of one village (flagged, info), per year.
SELECT v.year, i.check_name, i.severity, i.message
FROM village_scores AS v
JOIN import_issues AS i ON i.file_name = v.source_file AND i.row_number = v.source_row
WHERE v.village_code = $village
ORDER BY v.year, i.check_name
