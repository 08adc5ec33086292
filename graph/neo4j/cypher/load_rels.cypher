// Instantiated once per relationship type.
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:__TYPE__ {key: row.key}]->(b)
SET r = row.props
