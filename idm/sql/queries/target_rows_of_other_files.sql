-- How many target rows files other than $file_name wrote (an import of $file_name keeps them).
SELECT count(*) AS n FROM targets WHERE source_file <> $file_name
