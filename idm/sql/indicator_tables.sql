-- Whether this database has the indicator tables (databases built before them do not).
SELECT count(*) > 0 AS present
FROM duckdb_tables()
WHERE table_name = 'indicator_scores'
