// Full-text search over every node's names; standard-folding strips
// diacritics so that "Krakow" finds "Kraków".
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Entity) ON EACH [n.searchText]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}
