"""ClaimReview (schema.org) out and in: the JSON-LD of our published verdicts (build), the
reading of other organisations' reviews (parse, pure Python), storing them (store) and
matching new claims against them (match)."""
