// A source has at most one document.
CREATE CONSTRAINT document_source IF NOT EXISTS FOR (d:Document) REQUIRE d.sourceId IS UNIQUE
