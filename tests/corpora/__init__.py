"""Hand-written test corpora."""
