MATCH (n:Entity)
RETURN count(n) AS nodes
