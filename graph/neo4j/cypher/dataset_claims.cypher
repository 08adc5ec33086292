// Every claim, to read the whole graph back as a dataset.
MATCH (c:Claim)
RETURN properties(c) AS props
