// The city of an institution is looked up on :Entity, whose id is the
// unique index (a type label in the pattern would scan the cities).
MATCH (i:Institution)
WHERE ($city IS NULL OR i.cityId = $city)
  AND ($cities IS NULL OR i.cityId IN $cities)
  AND ($kind IS NULL OR i.kind = $kind)
  AND ($country IS NULL OR coalesce(i.countryId, COLLECT { MATCH (c:Entity {id: i.cityId}) WHERE c:City RETURN c.countryId }[0]) = $country)
RETURN i.id AS id
