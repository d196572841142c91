-- A BPS table replaces the values it holds: one per region, year and indicator, given as three lists
-- of equal length ($regions[i], $years[i], $indicators[i]).
DELETE FROM welfare AS w
USING (
    SELECT unnest($regions) AS region_code, unnest($years) AS year, unnest($indicators) AS indicator
) AS incoming
WHERE w.region_code = incoming.region_code
  AND w.year = incoming.year
  AND w.indicator = incoming.indicator
