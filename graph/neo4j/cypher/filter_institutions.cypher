MATCH (i:Institution)
WHERE ($city IS NULL OR i.cityId = $city)
  AND ($cities IS NULL OR i.cityId IN $cities)
  AND ($kind IS NULL OR i.kind = $kind)
  AND ($country IS NULL OR coalesce(i.countryId, COLLECT { MATCH (c:City {id: i.cityId}) RETURN c.countryId }[0]) = $country)
RETURN i.id AS id
