// The graph's version, to tell whether a cached copy is current: no row
// when no write has made the version node yet.
MATCH (m:GraphVersion {id: 'graph'})
RETURN m.epoch AS epoch, m.version AS version
