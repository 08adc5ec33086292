// Ids of the cities matching a filter; null parameters do not filter.
MATCH (c:City)
WHERE ($country IS NULL OR c.countryId = $country)
  AND ($countries IS NULL OR c.countryId IN $countries)
  AND (($network IS NULL AND $joinedFrom IS NULL AND $joinedTo IS NULL)
    OR EXISTS {
      MATCH (c)-[m:MEMBER_OF]->(n:Network)
      WHERE ($network IS NULL OR n.id = $network)
        AND ($joinedFrom IS NULL OR (m.since =~ '[0-9]{4}.*' AND toInteger(left(m.since, 4)) >= $joinedFrom))
        AND ($joinedTo IS NULL OR (m.since =~ '[0-9]{4}.*' AND toInteger(left(m.since, 4)) <= $joinedTo))
    })
RETURN c.id AS id
