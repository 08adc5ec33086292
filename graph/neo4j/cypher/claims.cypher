MATCH (c:Claim)
WHERE c.subject IN $subjects
RETURN properties(c) AS props
