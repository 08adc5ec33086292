MATCH (p:Partnership)
WHERE ($party IS NULL OR $party IN p.partyIds)
  AND ($parties IS NULL OR any(x IN p.partyIds WHERE x IN $parties))
  AND ($kind IS NULL OR p.kind = $kind)
  AND ($yearFrom IS NULL OR (p.date =~ '[0-9]{4}.*' AND toInteger(left(p.date, 4)) >= $yearFrom))
  AND ($yearTo IS NULL OR (p.date =~ '[0-9]{4}.*' AND toInteger(left(p.date, 4)) <= $yearTo))
RETURN p.id AS id
