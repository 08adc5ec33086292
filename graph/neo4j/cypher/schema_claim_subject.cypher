CREATE INDEX claim_subject IF NOT EXISTS FOR (c:Claim) ON (c.subject)
