MATCH (:Entity)-[r]->(:Entity)
WHERE NOT r.key IN $keys
DELETE r
