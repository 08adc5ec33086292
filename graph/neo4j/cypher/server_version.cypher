// The server's version, checked at start against the least version the
// statements need (see checkServerVersion).
CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version, edition
