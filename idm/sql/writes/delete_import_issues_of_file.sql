-- The problems an import found replace those of an earlier import of a file of the same name.
DELETE FROM import_issues
WHERE file_name = $file_name
