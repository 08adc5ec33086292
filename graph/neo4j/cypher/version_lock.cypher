// First statement of every write transaction. Setting the version takes
// the node's write lock, held until commit or rollback, so writers take
// turns. The version is bumped here: a transaction that rolls back (a
// refused change, a dry run) leaves it as it was. A new node gets a random
// epoch, so a database recreated under a running process is never taken
// for the one it cached. GraphVersion is not an Entity: reads never see it.
MERGE (m:GraphVersion {id: 'graph'})
ON CREATE SET m.version = 0, m.epoch = randomUUID()
SET m.version = m.version + 1
RETURN m.epoch AS epoch, m.version AS version
