// Instantiated once per relationship type: loads MERGE relationships by key.
CREATE INDEX rel_key___TYPE__ IF NOT EXISTS FOR ()-[r:__TYPE__]-() ON (r.key)
