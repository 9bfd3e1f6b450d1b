"""`lint`: check a repository against the convention, Flux and secret rules."""
