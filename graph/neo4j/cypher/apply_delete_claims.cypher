MATCH (c:Claim)
WHERE c.key IN $keys
DELETE c
