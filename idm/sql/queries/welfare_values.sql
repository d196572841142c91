-- The BPS values the database holds for the regions among $regions: region_code, year, indicator, value.
SELECT region_code, year, indicator, value
FROM welfare
WHERE list_contains($regions, region_code)
ORDER BY region_code, year, indicator
