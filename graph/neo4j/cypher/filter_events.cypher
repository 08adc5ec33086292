MATCH (e:Event)
WHERE ($place IS NULL OR e.placeId = $place)
  AND ($organizer IS NULL OR e.organizerId = $organizer)
  AND ($participant IS NULL OR $participant IN e.participantIds)
  AND ($kind IS NULL OR e.kind = $kind)
  AND ($yearFrom IS NULL OR (e.date =~ '[0-9]{4}.*' AND toInteger(left(e.date, 4)) >= $yearFrom))
  AND ($yearTo IS NULL OR (e.date =~ '[0-9]{4}.*' AND toInteger(left(e.date, 4)) <= $yearTo))
RETURN e.id AS id
