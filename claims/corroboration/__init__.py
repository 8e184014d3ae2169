"""Corroboration: claim <-> report retrieval (terms, re-ranker, search index)."""
