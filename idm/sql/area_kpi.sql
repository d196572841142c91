-- Headline figures of an area in a year: villages listed, villages scored, mean IDM and dimensions.
-- $area is a Kemendagri code prefix: '' (Indonesia), '63' (province), '6301' (regency), '630110'.
SELECT
    count(*)                 AS villages,
    count(idm)               AS scored,
    avg(idm)                 AS idm,
    status_idm(avg(idm))     AS status,
    avg(iks)                 AS iks,
    avg(ike)                 AS ike,
    avg(ikl)                 AS ikl
FROM village_scores
WHERE year = $year
  AND starts_with(village_code, $area)
