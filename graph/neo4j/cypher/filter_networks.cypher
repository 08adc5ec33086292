MATCH (n:Network)
WHERE ($scope IS NULL OR n.scope = $scope)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($foundedFrom IS NULL OR (n.founded =~ '[0-9]{4}.*' AND toInteger(left(n.founded, 4)) >= $foundedFrom))
  AND ($foundedTo IS NULL OR (n.founded =~ '[0-9]{4}.*' AND toInteger(left(n.founded, 4)) <= $foundedTo))
  AND ($city IS NULL OR EXISTS { MATCH (c:Entity {id: $city})-[:MEMBER_OF]->(n) WHERE c:City })
  AND ($minMembers = 0 OR COUNT { MATCH (c:City)-[:MEMBER_OF]->(n) RETURN DISTINCT c } >= $minMembers)
RETURN n.id AS id
