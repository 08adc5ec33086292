MATCH (c:Claim)
WHERE NOT c.key IN $keys
DELETE c
