// Relationships a change removed while both their ends stay. A key is
// unique across types (it starts with the type), so each row is found from
// its start node without naming the type.
UNWIND $rows AS row
MATCH (:Entity {id: row.from})-[r {key: row.key}]->(:Entity {id: row.to})
DELETE r
