-- A target file replaces the rows an earlier import of a file of the same name wrote.
DELETE FROM targets
WHERE source_file = $file_name
