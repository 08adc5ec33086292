// One version node per database (see version_lock): unique, so that two
// first writers cannot both create it.
CREATE CONSTRAINT graph_version_id IF NOT EXISTS FOR (m:GraphVersion) REQUIRE m.id IS UNIQUE
