"""Which files lint reads: discovery, exclusions, and Git's ignore rules."""
