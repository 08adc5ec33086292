UNWIND $rows AS row
MERGE (c:Claim {key: row.key})
SET c = row.props
