MATCH (s:Source)
WHERE $language IS NULL OR s.language = $language
RETURN s.id AS id
