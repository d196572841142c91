-- Villages of an area that match a search: by code prefix, or by name (case and spacing ignored,
-- small typos tolerated). $area: code prefix ('' Indonesia); $text: the name as typed, upper case,
-- single spaces ('' when searching by code); $code: digits ('' when searching by name).
-- match_rank: 1 exact, 2 starts with, 3 contains, 4 similar (a typo); best first.
WITH villages AS (
    SELECT
        village_code,
        arg_max(name, year)     AS published_name,
        max(year)               AS last_year,
        arg_max(idm, year)      AS idm,
        arg_max(status, year)   AS status
    FROM village_scores
    WHERE starts_with(village_code, $area)
    GROUP BY village_code
),
keyed AS (
    SELECT
        v.*,
        coalesce(r.name, v.published_name)                                     AS name,
        regexp_replace(upper(trim(coalesce(v.published_name, ''))), '\s+', ' ', 'g') AS published_key,
        regexp_replace(upper(trim(coalesce(r.name, ''))), '\s+', ' ', 'g')            AS gazetteer_key
    FROM villages AS v
    LEFT JOIN regions AS r ON r.code = v.village_code
),
scored AS (
    SELECT
        *,
        CASE
            WHEN $code <> '' AND village_code = $code THEN 1
            WHEN $code <> '' AND starts_with(village_code, $code) THEN 2
            WHEN $text = '' THEN NULL
            WHEN $text IN (published_key, gazetteer_key) THEN 1
            WHEN starts_with(published_key, $text) OR starts_with(gazetteer_key, $text) THEN 2
            WHEN contains(published_key, $text) OR contains(gazetteer_key, $text) THEN 3
        END AS literal_rank,
        -- Jaro-Winkler on the whole name and on the name cut to the typed length (a typo in a name's
        -- first words); edit distance for a typo at the very start, which Jaro-Winkler punishes.
        CASE WHEN length($text) >= 4 THEN greatest(
            jaro_winkler_similarity(published_key, $text),
            jaro_winkler_similarity(gazetteer_key, $text),
            jaro_winkler_similarity(left(published_key, length($text)), $text),
            jaro_winkler_similarity(left(gazetteer_key, length($text)), $text),
            1 - damerau_levenshtein(published_key, $text) / greatest(length(published_key), length($text)),
            1 - damerau_levenshtein(gazetteer_key, $text) / greatest(length(gazetteer_key), length($text))
        ) ELSE 0 END AS similarity
    FROM keyed
)
SELECT
    s.village_code,
    s.name,
    s.published_name,
    pl.district_code,
    pl.district_name,
    pl.regency_code,
    pl.regency_name,
    pl.province_name,
    s.last_year,
    s.idm,
    s.status,
    coalesce(s.literal_rank, 4)                 AS match_rank,
    s.similarity
FROM scored AS s
LEFT JOIN village_places AS pl ON pl.village_code = s.village_code
WHERE s.literal_rank IS NOT NULL
   OR s.similarity >= $min_similarity
ORDER BY match_rank, s.similarity DESC, s.name, s.village_code
LIMIT $limit
